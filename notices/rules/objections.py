"""Pure rules of the objection side: phones, masks, receipts, files and moves.

No ORM here: every function takes plain values and is tested without a database.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

#: Mainland mobile numbers: 11 digits starting 13-19.
MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
#: Landlines with their area code (3 or 4 digits starting 0), 7 or 8 digits,
#: optionally an extension.
LANDLINE_RE = re.compile(r"^(0\d{2,3})-?(\d{7,8})(?:-(\d{1,6}))?$")

RECEIPT_RE = re.compile(r"^YY(\d{4})-(\d{6})$")


def normalise_phone(raw: str) -> str:
    """Full-width digits and punctuation to ASCII; spaces and brackets removed.

    ``（０３５４）１２３ ４５６７`` becomes ``0354-1234567``; ``+86 138 1234 1234``
    becomes ``13812341234``. The result is not yet validated.
    """
    text = unicodedata.normalize("NFKC", raw or "")
    text = re.sub(r"[\s\u3000]+", "", text)
    text = text.replace("—", "-").replace("－", "-").replace("–", "-")
    match = re.fullmatch(r"\((0\d{2,3})\)(.*)", text)
    if match:
        text = f"{match.group(1)}-{match.group(2)}"
    if text.startswith("+86"):
        text = text[3:]
    elif text.startswith("0086"):
        text = text[4:]
    text = text.lstrip("-")
    if MOBILE_RE.match(text.replace("-", "")):
        return text.replace("-", "")
    landline = LANDLINE_RE.match(text)
    if landline:
        area, number, ext = landline.groups()
        return f"{area}-{number}" + (f"-{ext}" if ext else "")
    return text


def is_valid_phone(phone: str) -> bool:
    """A mainland mobile number or a landline with its area code (normalised)."""
    return bool(MOBILE_RE.match(phone) or LANDLINE_RE.match(phone))


def mask_name(name: str) -> str:
    """张三 → 张*; 欧阳娜娜 → 欧***; empty stays empty."""
    name = (name or "").strip()
    if not name:
        return ""
    return name[0] + "*" * max(len(name) - 1, 1)


def mask_phone(phone: str) -> str:
    """13812341234 → 138****1234; 0354-1234567 → 0354-***4567."""
    phone = phone or ""
    if MOBILE_RE.match(phone):
        return f"{phone[:3]}****{phone[-4:]}"
    landline = LANDLINE_RE.match(phone)
    if landline:
        area, number, _ext = landline.groups()
        return f"{area}-{'*' * (len(number) - 4)}{number[-4:]}"
    if len(phone) <= 4:
        return "*" * len(phone)
    return "*" * (len(phone) - 4) + phone[-4:]


def format_receipt(year: int, number: int) -> str:
    """YY2026-000123."""
    if not 0 < number <= 999_999:
        raise ValueError("receipt numbers run from 1 to 999999 per year")
    return f"YY{year:04d}-{number:06d}"


def normalise_receipt(raw: str) -> str:
    """Upper-case, full-width to ASCII, spaces removed (yy2026-000123 is accepted)."""
    text = unicodedata.normalize("NFKC", raw or "")
    return re.sub(r"\s+", "", text).upper()


def is_valid_receipt(receipt: str) -> bool:
    return bool(RECEIPT_RE.match(receipt))


# --- query codes -------------------------------------------------------------

#: Symbols of a query code: no look-alikes (0/O, 1/I/L) and no punctuation, so
#: a code can be read aloud, typed from paper and written on a form.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
#: The least randomness of a code (SPEC: at least 128 bits; earlier codes had 144).
CODE_MIN_BITS = 144
#: Symbols per group; groups are joined by "-" (like a bank card number).
CODE_GROUP = 4
#: Symbols needed for CODE_MIN_BITS: 30 (each carries log2(31) ≈ 4.95 bits).
_CODE_SYMBOLS_NEEDED = math.ceil(CODE_MIN_BITS / math.log2(len(CODE_ALPHABET)))
#: Symbols per code, rounded up to whole groups: 32 in 8 groups, about 158 bits.
CODE_LENGTH = math.ceil(_CODE_SYMBOLS_NEEDED / CODE_GROUP) * CODE_GROUP


def code_bits(length: int = CODE_LENGTH) -> float:
    """The randomness of a code of ``length`` symbols, in bits."""
    return length * math.log2(len(CODE_ALPHABET))


def format_query_code(symbols: str) -> str:
    """Split the symbols into groups for reading: ``7KQM-3XWP-…``."""
    return "-".join(
        symbols[i : i + CODE_GROUP] for i in range(0, len(symbols), CODE_GROUP)
    )


def normalise_query_code(raw: str) -> str:
    """What a person typed, as the code's symbols: case, separators and width ignored.

    Full-width characters become ASCII, letters upper case; spaces, dashes of any
    kind and underscores are dropped (``７kqm 3xwp—…`` becomes ``7KQM3XWP…``).
    Nothing else is changed: a symbol outside the alphabet simply fails to match.
    """
    text = unicodedata.normalize("NFKC", raw or "")
    kept = (
        ch
        for ch in text
        if not ch.isspace()
        and ch != "\u2212"  # minus sign
        and unicodedata.category(ch) not in ("Pd", "Pc", "Cc", "Cf")
    )
    return "".join(kept).upper()


# --- files -------------------------------------------------------------------

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
EXTENSIONS = {PDF: "pdf", JPEG: "jpg", PNG: "png"}


def sniff_type(head: bytes) -> str | None:
    """The accepted type a file's first bytes show, or None.

    Only the content decides: an HTML page or a ZIP archive named ``.pdf`` has no
    PDF signature and is refused.
    """
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    return None


def looks_like_markup(head: bytes) -> bool:
    """HTML or script markup near the start (a polyglot HTML/PDF is refused)."""
    lowered = head[:1024].lower()
    return any(tag in lowered for tag in (b"<html", b"<script", b"<!doctype", b"<svg"))


#: The extensions a name may keep for each accepted type (first: the usual one).
EXTENSION_ALIASES = {PDF: ("pdf",), JPEG: ("jpg", "jpeg", "jpe"), PNG: ("png",)}
_KNOWN_EXTENSIONS = frozenset(
    e for aliases in EXTENSION_ALIASES.values() for e in aliases
)
#: Longest attachment name kept, in characters and in UTF-8 bytes (most file
#: systems allow 255 bytes; a Chinese character takes three).
MAX_ATTACHMENT_NAME_CHARS = 100
MAX_ATTACHMENT_NAME_BYTES = 200
#: Characters that Windows refuses in a file name (the path separators included).
_UNSAFE_NAME_CHARS = frozenset('<>:"/\\|?*')


def safe_attachment_name(raw: str, content_type: str) -> str:
    """The name an attachment is offered under: the sender's name, made harmless.

    Any path is dropped (``../../x.pdf`` → ``x.pdf``), so are control and format
    characters (CR, LF, NUL, bidirectional overrides, zero-width marks) and the
    characters Windows refuses; runs of spaces become one; leading and trailing
    dots and spaces go; the length is limited. The extension always matches the
    checked content type: a fitting one is kept (lower case), a wrong one of an
    accepted type replaced (``photo.png`` holding a JPEG → ``photo.jpg``), any
    other kept in the name with the right one added (``a.html`` → ``a.html.pdf``).

    Returns:
        The safe name, or "" when nothing usable is left (the caller names it).
    """
    text = unicodedata.normalize("NFC", raw or "")
    text = re.split(r"[/\\]", text)[-1]
    text = "".join(
        ch
        for ch in text
        if unicodedata.category(ch)[0] != "C" and ch not in _UNSAFE_NAME_CHARS
    )
    text = " ".join(text.split()).rstrip(" .")
    stem, dot, ext = text.rpartition(".")
    if not dot:
        stem, ext = text, ""
    aliases = EXTENSION_ALIASES.get(content_type)
    if aliases is None:
        return ""
    if ext.lower() in aliases:
        ext = ext.lower()
    else:
        if dot and ext.lower() not in _KNOWN_EXTENSIONS:
            stem = text
        ext = aliases[0]
    stem = stem.strip(" .")
    budget_chars = MAX_ATTACHMENT_NAME_CHARS - len(ext) - 1
    budget_bytes = MAX_ATTACHMENT_NAME_BYTES - len(ext) - 1
    stem = stem[:budget_chars]
    while len(stem.encode()) > budget_bytes:
        stem = stem[:-1]
    stem = stem.rstrip(" .")
    return f"{stem}.{ext}" if stem else ""


# --- status moves ------------------------------------------------------------

RECEIVED = "received"
CHECKING = "checking"
REPLIED = "replied"
CLOSED = "closed"
NOT_ACCEPTED = "not_accepted"
WITHDRAWN = "withdrawn"

#: 已受理 → 核查中 → 已答复 → 办结, or 不予受理 (with a reason) before a reply.
MOVES: dict[str, frozenset[str]] = {
    RECEIVED: frozenset({CHECKING, NOT_ACCEPTED, WITHDRAWN}),
    CHECKING: frozenset({REPLIED, NOT_ACCEPTED, WITHDRAWN}),
    REPLIED: frozenset({CLOSED}),
    CLOSED: frozenset(),
    NOT_ACCEPTED: frozenset(),
    WITHDRAWN: frozenset(),
}
#: Statuses after which the objection is finished (closed_at is set).
FINAL = frozenset({CLOSED, NOT_ACCEPTED, WITHDRAWN})
#: Statuses in which a reply is still owed (and can be overdue).
PENDING = frozenset({RECEIVED, CHECKING})


@dataclass(frozen=True)
class MoveProblem:
    """Why a requested move is refused: the field concerned and a message key."""

    field: str
    key: str


def check_move(
    current: str, target: str, *, finding: str, reply: str, reason: str
) -> list[MoveProblem]:
    """What is wrong with moving from ``current`` to ``target`` (empty: allowed).

    Keys: ``illegal`` (not an allowed move), ``finding`` (a reply needs the finding
    成立/不成立), ``reply`` (a reply needs its text), ``reason`` (不予受理 needs a reason).
    """
    problems: list[MoveProblem] = []
    if target != current and target not in MOVES.get(current, frozenset()):
        problems.append(MoveProblem("status", "illegal"))
        return problems
    if target in (REPLIED, CLOSED) and not finding:
        problems.append(MoveProblem("finding", "finding"))
    if target in (REPLIED, CLOSED) and not reply.strip():
        problems.append(MoveProblem("reply", "reply"))
    if target == NOT_ACCEPTED and not reason.strip():
        problems.append(MoveProblem("not_accepted_reason", "reason"))
    return problems


def has_published_reply(status: str, reply: str) -> bool:
    """The objection has a reply the objector can see (so a reply letter exists)."""
    return status in (REPLIED, CLOSED) and bool((reply or "").strip())
