"""Objection attachments: content checks and private storage.

Files are stored under ``OBJECTION_ATTACHMENT_ROOT`` (outside MEDIA_ROOT, never
served by URL) under generated names; only the permission-checked admin view
reads them back.
"""

from __future__ import annotations

import hashlib
import secrets
import warnings
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _
from PIL import Image

from notices import conf
from notices.models import ObjectionAttachment
from notices.rules.objections import (
    EXTENSIONS,
    PDF,
    looks_like_markup,
    safe_attachment_name,
    sniff_type,
)

#: Images larger than this many pixels are refused (decompression bombs).
MAX_IMAGE_PIXELS = 60_000_000


class AttachmentRejected(ValueError):
    """The file is not acceptable; the message says why (in Chinese)."""


@dataclass(frozen=True)
class CheckedFile:
    upload: object
    original_name: str  # made safe (safe_attachment_name); "" when none is usable
    content_type: str
    size: int


def root() -> Path:
    return Path(conf.OBJECTION_ATTACHMENT_ROOT)


def check_upload(upload) -> CheckedFile:
    """Check one uploaded file by its content.

    Raises:
        AttachmentRejected: empty, too large, not PDF/JPG/PNG by content, markup
            disguised as a PDF, or an image that cannot be decoded safely.
    """
    name = (getattr(upload, "name", "") or "")[-200:]
    size = upload.size or 0
    if size == 0:
        raise AttachmentRejected(_("The file %(name)s is empty.") % {"name": name})
    if size > conf.OBJECTION_MAX_FILE_BYTES:
        raise AttachmentRejected(
            _("The file %(name)s is larger than %(mb)d MB.")
            % {"name": name, "mb": conf.OBJECTION_MAX_FILE_BYTES // (1024 * 1024)}
        )
    upload.seek(0)
    head = upload.read(2048)
    content_type = sniff_type(head)
    if content_type is None or looks_like_markup(head):
        raise AttachmentRejected(
            _("The file %(name)s is not a PDF, JPG or PNG file.") % {"name": name}
        )
    if content_type == PDF:
        upload.seek(max(size - 2048, 0))
        tail = upload.read()
        if b"%%EOF" not in tail:
            raise AttachmentRejected(
                _("The file %(name)s is not a complete PDF file.") % {"name": name}
            )
    else:
        _check_image(upload, name)
    upload.seek(0)
    return CheckedFile(
        upload, safe_attachment_name(name, content_type), content_type, size
    )


def _check_image(upload, name: str) -> None:
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise AttachmentRejected(
                        _("The image %(name)s is too large.") % {"name": name}
                    )
                image.verify()
    except AttachmentRejected:
        raise
    except Exception as exc:
        raise AttachmentRejected(
            _("The image %(name)s cannot be read.") % {"name": name}
        ) from exc


def store(checked: CheckedFile) -> tuple[str, str]:
    """Write the file under a generated name; return (stored name, sha256)."""
    folder = root()
    folder.mkdir(parents=True, exist_ok=True)
    stored = f"{secrets.token_hex(16)}.{EXTENSIONS[checked.content_type]}"
    digest = hashlib.sha256()
    upload = checked.upload
    upload.seek(0)
    with open(folder / stored, "xb") as out:
        for chunk in upload.chunks():
            digest.update(chunk)
            out.write(chunk)
    return stored, digest.hexdigest()


def download_name(attachment) -> str:
    """The name an attachment downloads under: the sender's name, made safe.

    An attachment without a usable name (or stored before names were kept) is
    named by its place among the objection's attachments: 附件1.pdf, 附件2.jpg.
    """
    name = safe_attachment_name(attachment.original_name, attachment.content_type)
    if name:
        return name
    siblings = list(
        ObjectionAttachment.objects.filter(objection_id=attachment.objection_id)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    position = siblings.index(attachment.pk) + 1 if attachment.pk in siblings else 1
    label = _("Attachment %(n)s") % {"n": position}
    return f"{label}.{EXTENSIONS.get(attachment.content_type, 'bin')}"


def path_of(stored_name: str) -> Path:
    path = (root() / stored_name).resolve()
    if path.parent != root().resolve():
        raise FileNotFoundError(stored_name)
    return path


def delete(stored_name: str) -> None:
    try:
        path_of(stored_name).unlink(missing_ok=True)
    except FileNotFoundError:
        pass
