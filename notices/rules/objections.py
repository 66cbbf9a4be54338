"""Pure rules of the objection side: phones, masks, receipts, files and moves.

No ORM here: every function takes plain values and is tested without a database.
"""

from __future__ import annotations

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
