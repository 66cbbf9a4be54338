"""Operations on objections: filing, receipts, lookup, handling, outcome, purge."""

from __future__ import annotations

import hmac
import logging
import secrets
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from notices import conf
from notices.models import (
    PERSONAL_FIELDS,
    Channel,
    Objection,
    ObjectionAccess,
    ObjectionAttachment,
    ObjectionStatus,
    ReceiptCounter,
)
from notices.models.calendars import load_calendar
from notices.models.windows import objection_window, safe_window
from notices.rules.formatting import period_sentence
from notices.rules.objections import (
    CODE_ALPHABET,
    CODE_LENGTH,
    FINAL,
    PENDING,
    check_move,
    format_query_code,
    format_receipt,
    normalise_query_code,
)
from notices.rules.workingdays import CalendarError, add_working_days
from notices.services import notifications, objection_files

logger = logging.getLogger(__name__)


class ObjectionWindowClosed(Exception):
    """The notice does not accept objections now (upcoming, closed or unknown)."""

    def __init__(self, state: str, window=None) -> None:
        super().__init__(state)
        self.state = state
        self.window = window


# --- receipts and codes --------------------------------------------------------


def next_receipt_no(year: int) -> str:
    """The next receipt number of ``year``; call inside a transaction.

    The counter row is locked with SELECT ... FOR UPDATE, so concurrent submissions
    on PostgreSQL get consecutive, unique numbers.
    """
    ReceiptCounter.objects.get_or_create(year=year)
    counter = ReceiptCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return format_receipt(year, counter.last)


def new_query_code() -> str:
    """A fresh query code, grouped for reading: ``7KQM-3XWP-…`` (about 158 bits)."""
    symbols = "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))
    return format_query_code(symbols)


def _keyed_hash(text: str) -> str:
    return salted_hmac("notices.objection-code", text, algorithm="sha256").hexdigest()


def hash_code(code: str) -> str:
    """A keyed hash of the normalised query code (the code itself is never stored).

    Case, spaces, dashes and full-width forms do not change it, so the code
    matches however the person types it.
    """
    return _keyed_hash(normalise_query_code(code))


_DUMMY_HASH = hash_code("no such objection")


def reply_due_for(day: date) -> date | None:
    """The reply deadline: OBJECTION_REPLY_WORKING_DAYS working days after ``day``.

    None when the holiday data needed is not confirmed yet (never guessed).
    """
    try:
        calendar = load_calendar([day.year, day.year + 1])
        return add_working_days(day, conf.OBJECTION_REPLY_WORKING_DAYS, calendar)
    except (CalendarError, KeyError):
        return None


# --- filing -------------------------------------------------------------------


@dataclass(frozen=True)
class Filed:
    objection: Objection
    code: str | None  # None for a repeated submission of the same form
    duplicate: bool = False


def file_objection(
    page,
    data: dict,
    *,
    files: list | None = None,
    token: str | None = None,
    now: datetime | None = None,
) -> Filed:
    """Store an objection with its attachments, in one transaction.

    Args:
        page: the NoticePage.
        data: cleaned form data (kind, name, organisation, phone, email, address,
            candidate, content).
        files: checked attachments (objection_files.CheckedFile).
        token: the form's nonce; the same token again returns the first objection.
        now: the moment of filing (defaults to now).

    Returns:
        Filed with the objection and its query code (shown once).

    Raises:
        ObjectionWindowClosed: the window is not open at ``now``.
        DatabaseError: the database failed; nothing is kept (files are removed).
    """
    now = now or timezone.now()
    state, window = objection_window(page, now)
    if state != "open":
        raise ObjectionWindowClosed(state, window)
    if token:
        existing = Objection.objects.filter(submission_token=token).first()
        if existing:
            return Filed(existing, None, duplicate=True)
    try:
        return _store(page, data, files=files, token=token, now=now)
    except IntegrityError:
        if token:
            existing = Objection.objects.filter(submission_token=token).first()
            if existing:
                return Filed(existing, None, duplicate=True)
        raise


def _store(
    page,
    data: dict,
    *,
    files: list | None,
    now: datetime,
    token: str | None = None,
    channel: str = Channel.ONLINE,
    received_on: date | None = None,
    recorded_by=None,
) -> Filed:
    """Write one objection with its attachments and receipt number (one transaction).

    Stored files are removed again if anything fails, so nothing half-saved stays.
    """
    code = new_query_code()
    stored: list[str] = []
    received_on = received_on or timezone.localdate(now)
    try:
        with transaction.atomic():
            objection = Objection(
                notice=page,
                candidate=data.get("candidate"),
                receipt_no=next_receipt_no(timezone.localdate(now).year),
                code_hash=hash_code(code),
                submission_token=token or None,
                kind=data["kind"],
                name=data.get("name", ""),
                organisation=data.get("organisation", ""),
                phone=data.get("phone", ""),
                email=data.get("email", ""),
                address=data.get("address", ""),
                content=data.get("content", ""),
                channel=channel,
                received_on=received_on,
                recorded_by=recorded_by,
                submitted_at=now,
                reply_due=reply_due_for(received_on),
            )
            if recorded_by is not None:
                objection._history_user = recorded_by
            objection.save()
            for checked in files or []:
                name, digest = objection_files.store(checked)
                stored.append(name)
                ObjectionAttachment.objects.create(
                    objection=objection,
                    stored_name=name,
                    original_name=checked.original_name,
                    content_type=checked.content_type,
                    size=checked.size,
                    sha256=digest,
                )
            if objection.email:
                transaction.on_commit(
                    lambda: _send_receipt_mail(objection.email, objection, code)
                )
            # The handlers are told (after the commit, nothing of the objector).
            notifications.objection_received(objection, recorded_by=recorded_by)
    except BaseException:
        for name in stored:
            objection_files.delete(name)
        raise
    return Filed(objection, code)


class WrittenObjectionRefused(ValueError):
    """A written objection cannot be entered; ``errors`` maps fields to messages."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(errors)
        self.errors = errors


def record_written_objection(
    page,
    data: dict,
    *,
    channel: str,
    received_on: date,
    files: list | None = None,
    user=None,
    now: datetime | None = None,
) -> Filed:
    """Enter an objection received on paper (书面异议: by post, in person, by fax).

    It gets a receipt number and query code like one filed online, and counts in
    the notice's outcome and in ``may_approve`` exactly the same.

    Args:
        page: the live NoticePage.
        data: the objector's data as the online form cleans it (kind, name,
            organisation, phone, email, address, candidate, content).
        channel: ``Channel.POST``, ``Channel.IN_PERSON`` or ``Channel.FAX``.
        received_on: the day it was received; for a letter the postmark date.
            It must fall within the notice period and not after today.
        files: checked files, the scan of the letter first.
        user: the handler who enters it (recorded).
        now: the moment of entry (default: now).

    Returns:
        Filed with the objection and its query code (shown once, for the reply
        letter).

    Raises:
        WrittenObjectionRefused: a wrong channel, no computable period, or a
            receipt day outside the period or in the future.
    """
    now = now or timezone.now()
    if channel not in (Channel.POST, Channel.IN_PERSON, Channel.FAX):
        raise WrittenObjectionRefused({"channel": _("Choose how it was received.")})
    window = safe_window(page) if page.live else None
    if window is None:
        raise WrittenObjectionRefused(
            {"notice": _("This notice is not published or its period is unknown.")}
        )
    if received_on > timezone.localdate(now):
        raise WrittenObjectionRefused(
            {"received_on": _("The day of receipt cannot be in the future.")}
        )
    if not window.start <= received_on <= window.end:
        raise WrittenObjectionRefused(
            {
                "received_on": _(
                    "It was received outside the notice period (%(period)s): only "
                    "objections received within it count (for a letter, the "
                    "postmark date)."
                )
                % {"period": period_sentence(window)}
            }
        )
    return _store(
        page,
        data,
        files=files,
        now=now,
        channel=channel,
        received_on=received_on,
        recorded_by=user,
    )


def _send_receipt_mail(address: str, objection: Objection, code: str) -> None:
    # "Received", not "accepted" (受理): the objection may still be refused.
    subject = _("Your objection was received: %(receipt)s") % {
        "receipt": objection.receipt_no
    }
    body = _(
        "Your objection to the notice “%(notice)s” has been received.\n\n"
        "Receipt number: %(receipt)s\nQuery code: %(code)s\n\n"
        "Keep both: with them you can look up the status and the reply at %(url)s. "
        "The query code cannot be shown again.\n"
    ) % {
        "notice": objection.notice.title,
        "receipt": objection.receipt_no,
        "code": code,
        "url": settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        + "/notices/objections/lookup/",
    }
    try:
        send_mail(subject, body, None, [address])
    except Exception:  # noqa: BLE001 - the objection is saved; the mail is a courtesy
        # Never log the address or the code.
        logger.warning("receipt mail for objection %s could not be sent", objection.pk)


# --- lookup -------------------------------------------------------------------


def find_for_lookup(receipt_no: str, code: str) -> Objection | None:
    """The objection when the receipt number and the code match, else None.

    The code is compared normalised (case, spaces and dashes ignored) and, for
    codes issued before the grouped format (mixed case, where "-" and "_" are
    part of the code), exactly as typed. An unknown number and a wrong code take
    the same path: one query, two hashes, two constant-time comparisons.
    """
    objection = (
        Objection.objects.select_related("notice", "candidate__subject")
        .filter(receipt_no=receipt_no)
        .first()
    )
    expected = (objection.code_hash if objection else _DUMMY_HASH).encode()
    normalised = hmac.compare_digest(expected, hash_code(code).encode())
    exact = hmac.compare_digest(expected, _keyed_hash(code.strip()).encode())
    matches = normalised | exact
    return objection if (objection is not None and matches) else None


# --- handling -----------------------------------------------------------------


def can_handle(user) -> bool:
    """Holders of ``notices.handle_objection`` (and superusers) only."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.has_perm("notices.handle_objection")


def log_access(objection: Objection, user, action=ObjectionAccess.Action.VIEW) -> None:
    ObjectionAccess.objects.create(objection=objection, user=user, action=action)


class MoveRefused(ValueError):
    """A handling step is not allowed; ``errors`` maps fields to Chinese messages."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(errors)
        self.errors = errors


def move_messages() -> dict[str, str]:
    return {
        "illegal": _("This status change is not allowed."),
        "finding": _("Record the finding (sustained or not sustained) first."),
        "reply": _("Enter the reply to the objector."),
        "reason": _("Give the reason for not accepting the objection."),
    }


def handle(
    objection: Objection,
    *,
    status: str,
    finding: str,
    reply: str,
    reason: str,
    now: datetime | None = None,
) -> Objection:
    """Record a handling step: status, finding, reply text and reason.

    Raises:
        MoveRefused: an illegal move, or a move missing what it needs.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = Objection.objects.select_for_update().get(pk=objection.pk)
        if locked.status in FINAL and status == locked.status:
            # A finished objection stays as it is.
            if (finding, reply, reason) != (
                locked.finding,
                locked.reply,
                locked.not_accepted_reason,
            ):
                raise MoveRefused({"status": move_messages()["illegal"]})
            return locked
        problems = check_move(
            locked.status, status, finding=finding, reply=reply, reason=reason
        )
        if problems:
            messages = move_messages()
            raise MoveRefused({p.field: messages[p.key] for p in problems})
        locked.status = status
        locked.finding = finding
        locked.reply = reply
        locked.not_accepted_reason = reason
        if status == ObjectionStatus.REPLIED and locked.replied_at is None:
            locked.replied_at = now
            # The objector is told by mail, if they left an address (after the commit).
            notifications.reply_published(locked)
        if status in FINAL and locked.closed_at is None:
            locked.closed_at = now
        locked.save()
    return locked


def is_overdue(objection: Objection, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return bool(
        objection.status in PENDING
        and objection.reply_due
        and today > objection.reply_due
    )


# --- retention ------------------------------------------------------------------


def purge_due(now: datetime | None = None) -> int:
    """Clear the personal data of objections finished longer than the retention period.

    The anonymous record (receipt number, notice, candidate, status, finding, dates,
    reply) stays; personal fields are blanked in the record and in every historical
    row, and the attachments (files, rows and their history) are deleted.

    Returns:
        The number of objections purged.
    """
    now = now or timezone.now()
    years = conf.OBJECTION_RETENTION_YEARS
    local = timezone.localtime(now)
    try:
        cutoff = local.replace(year=local.year - years)
    except ValueError:  # 29 February
        cutoff = local.replace(year=local.year - years, day=28)
    due = Objection.objects.filter(
        status__in=list(FINAL), closed_at__lt=cutoff, purged_at__isnull=True
    )
    blank = dict.fromkeys(PERSONAL_FIELDS, "")
    count = 0
    for objection in due.iterator():
        with transaction.atomic():
            names = list(objection.attachments.values_list("stored_name", flat=True))
            attachment_ids = list(objection.attachments.values_list("pk", flat=True))
            objection.attachments.all().delete()
            ObjectionAttachment.history.filter(id__in=attachment_ids).delete()
            for key, value in blank.items():
                setattr(objection, key, value)
            objection.purged_at = now
            objection.save()
            Objection.history.filter(id=objection.pk).update(**blank)
            transaction.on_commit(lambda names=names: _delete_files(names))
        count += 1
    return count


def _delete_files(names: list[str]) -> None:
    for name in names:
        objection_files.delete(name)
