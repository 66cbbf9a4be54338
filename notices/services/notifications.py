"""Notification emails: who receives them, how they are sent, and the plugin's own.

**Who receives a work email (staff).** An active user who holds the permission
of the role concerned, granted through a group or to the user directly, who may
use the admin (``wagtailadmin.access_admin``, or a superuser), has an email
address and has not switched work emails off (``NotificationPreference``; no row
means on). The superuser flag alone does not make anyone a recipient: a mail is
work handed to a role, and superusers hold every permission implicitly, so they
would receive every mail of every role. A superuser who should receive a role's
mail is put in that role's group.

**How.** Mails are composed and sent after the commit of the business action
(``transaction.on_commit``), in the site's language (``LANGUAGE_CODE``), one
message per address (colleagues' addresses are not disclosed to each other).
Nothing here raises into the caller: a mail that cannot be sent is logged with
its kind and the error's class only (never an address, a name or a code), and
the business action stands.

**Links** are absolute, built from ``WAGTAILADMIN_BASE_URL`` (production
requires it). Every staff mail ends with how to switch work emails off.

Staff mails never carry an objector's personal data (name, organisation, phone,
email, address) nor the objection's text: they leave the system.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from notices import request_memo
from notices.models import (
    NoticePage,
    NoticeReminder,
    NotificationPreference,
    Objection,
)
from notices.models.windows import outcome, safe_window
from notices.rules.formatting import long_date, long_datetime, period_sentence
from notices.rules.workingdays import Window, WindowState, window_state

logger = logging.getLogger(__name__)

ADMIN_ACCESS = "wagtailadmin.access_admin"
#: The role told about notice windows (city editors, 市局编辑).
WRITE_NOTICES = "notices.write_notices"
#: The role told about new objections (异议处理).
HANDLE_OBJECTION = "notices.handle_objection"
#: A notice that closed longer ago than this is not announced any more (the first
#: run after installing, or after cron was down, does not mail about old notices).
CLOSED_LOOKBACK = timedelta(days=7)


# --- links --------------------------------------------------------------------


def absolute_url(path: str) -> str:
    """``path`` (from ``reverse``) as an absolute URL on the site's public address."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def opt_out_text() -> str:
    """The last paragraph of every staff mail: how to switch work emails off."""
    return _(
        "You receive this work email because of your role in the admin. To stop "
        "work emails, untick “Receive work emails” under Account → Notifications: "
        "%(url)s"
    ) % {"url": absolute_url(reverse("wagtailadmin_account"))}


# --- recipients -----------------------------------------------------------------


def _holders(permission: str) -> Q:
    app_label, codename = permission.split(".", 1)
    granted = Permission.objects.filter(
        content_type__app_label=app_label, codename=codename
    )
    return Q(groups__permissions__in=granted) | Q(user_permissions__in=granted)


#: Moves on whenever who holds a role or where their mail goes may change
#: (accounts, groups, permissions, preferences: ``notices.signals``).
STAFF_VERSION = request_memo.register_version("notices:staff")
STAFF_SECONDS = 60 * 60


def forget_staff() -> None:
    """Who receives staff mails is read afresh from now on."""
    request_memo.bump(STAFF_VERSION)


def _holder_rows(permission: str, users=None) -> list[tuple[int, str]]:
    """(pk, address) of the active admin users holding ``permission`` who have
    not opted out, by pk."""
    User = get_user_model()
    email_field = User.get_email_field_name()
    rows = (users if users is not None else User.objects.all()).filter(is_active=True)
    rows = rows.filter(pk__in=User.objects.filter(_holders(permission)).values("pk"))
    rows = rows.filter(
        pk__in=User.objects.filter(
            Q(is_superuser=True) | _holders(ADMIN_ACCESS)
        ).values("pk")
    )
    rows = rows.exclude(
        pk__in=NotificationPreference.objects.filter(work_emails=False).values(
            "user_id"
        )
    )
    return list(rows.order_by("pk").values_list("pk", email_field))


def staff_recipients(
    permission: str, *, users=None, exclude: Iterable = ()
) -> list[str]:
    """The addresses of the staff who receive a work email about ``permission``.

    Args:
        permission: ``app_label.codename`` of the role concerned.
        users: a queryset of users to choose from (default: every user), e.g.
            the county editors of one county.
        exclude: users not to tell (the one who did what the mail is about).

    Returns:
        Distinct addresses (compared case-insensitively), in a stable order.

    The holders of a role among all users are kept in the shared cache until an
    account, a group, a permission or a preference changes (``STAFF_VERSION``):
    a mail for every new objection then costs no query.
    """
    if users is None:
        key = f"notices:staff:{request_memo.version(STAFF_VERSION)}:{permission}"
        rows = cache.get(key)
        if rows is None:
            rows = _holder_rows(permission)
            cache.set(key, rows, STAFF_SECONDS)
    else:
        rows = _holder_rows(permission, users)
    excluded = {u.pk for u in exclude if u is not None and u.pk is not None}
    seen: dict[str, str] = {}
    for pk, address in rows:
        address = (address or "").strip()
        if pk not in excluded and address and address.lower() not in seen:
            seen[address.lower()] = address
    return list(seen.values())


# --- sending --------------------------------------------------------------------


def send(addresses: Iterable[str], subject: str, body: str, *, kind: str) -> int:
    """Send ``subject``/``body`` to each address in its own message; never raises.

    Args:
        addresses: where to send.
        subject: the subject line.
        body: the plain-text body.
        kind: what the mail is about, for the log (no personal data).

    Returns:
        The number of messages sent.
    """
    addresses = list(addresses)
    if not addresses:
        return 0
    sent = 0
    errors: set[str] = set()
    try:
        with get_connection() as connection:
            for address in addresses:
                try:
                    EmailMessage(
                        subject, body, None, [address], connection=connection
                    ).send()
                    sent += 1
                except Exception as exc:  # noqa: BLE001 - one address stops no other
                    errors.add(type(exc).__name__)
    except Exception as exc:  # noqa: BLE001 - no connection: the action stands
        errors.add(type(exc).__name__)
    if sent < len(addresses):
        # The kind, the counts and the error's class only: never an address, nor
        # the error's text, which may quote the address.
        logger.warning(
            "%s: %s of %s notification mails could not be sent (%s)",
            kind,
            len(addresses) - sent,
            len(addresses),
            ", ".join(sorted(errors)),
        )
    return sent


def notify_staff(
    permission: str,
    compose: Callable[[], tuple[str, str] | None],
    *,
    kind: str,
    users=None,
    exclude: Iterable = (),
) -> None:
    """After the commit, mail what ``compose()`` returns to the staff of ``permission``.

    Args:
        permission: the role concerned (see :func:`staff_recipients`).
        compose: returns (subject, body) in the active language, or None to send
            nothing; called after the commit, only when someone is to receive it.
        kind: what the mail is about, for the log.
        users: the users to choose from (default: everyone).
        exclude: users not to tell.
    """
    exclude = list(exclude)

    def deliver() -> None:
        try:
            with translation.override(settings.LANGUAGE_CODE):
                addresses = staff_recipients(permission, users=users, exclude=exclude)
                if not addresses:
                    return
                composed = compose()
                if composed is None:
                    return
                subject, body = composed
                body = f"{body.rstrip()}\n\n--\n{opt_out_text()}\n"
        except Exception:  # noqa: BLE001 - the business action is committed already
            logger.warning("%s: the notification mail could not be prepared", kind)
            return
        send(addresses, subject, body, kind=kind)

    transaction.on_commit(deliver)


# --- objections -------------------------------------------------------------------


def objection_received(objection: Objection, *, recorded_by=None) -> None:
    """Tell the objection handlers that an objection has arrived (after the commit).

    The mail names the notice, the receipt number, the candidate (or the whole
    notice), how and when it arrived, the reply deadline and the admin link;
    nothing of the objector and not the objection's text.

    Args:
        objection: the objection just stored (online or written).
        recorded_by: the handler who entered a written objection (not told).
    """
    pk = objection.pk

    def compose() -> tuple[str, str]:
        row = Objection.objects.select_related("notice", "candidate__subject").get(
            pk=pk
        )
        candidate = str(row.candidate) if row.candidate_id else _("The whole notice")
        subject = _("New objection %(receipt)s: %(notice)s") % {
            "receipt": row.receipt_no,
            "notice": row.notice.title,
        }
        lines = [
            _("A new objection has arrived and waits for handling."),
            "",
            _("Notice: %(notice)s") % {"notice": row.notice.title},
            _("Receipt number: %(receipt)s") % {"receipt": row.receipt_no},
            _("Concerns: %(candidate)s") % {"candidate": candidate},
            _("Received: %(date)s (%(channel)s)")
            % {
                "date": long_date(row.received_on),
                "channel": row.get_channel_display(),
            },
        ]
        if row.reply_due:
            lines.append(_("Reply due: %(date)s") % {"date": long_date(row.reply_due)})
        lines += [
            "",
            _("Open it in the admin: %(url)s")
            % {"url": absolute_url(reverse("objections_admin:detail", args=[pk]))},
            "",
            _(
                "The objector's personal data and the text of the objection are "
                "shown only in the admin."
            ),
        ]
        return subject, "\n".join(lines)

    notify_staff(
        HANDLE_OBJECTION,
        compose,
        kind="objection received",
        exclude=[recorded_by] if recorded_by is not None else [],
    )


def reply_published(objection: Objection) -> None:
    """Tell the objector, if they left an email address, that the reply is out.

    The mail gives the notice, the receipt number and the lookup address. It
    carries neither the query code nor the reply itself: the address was never
    verified, and the reply is read at the lookup with the receipt number and
    the query code the objector keeps.
    """
    if not objection.email:
        return
    pk = objection.pk

    def deliver() -> None:
        try:
            with translation.override(settings.LANGUAGE_CODE):
                row = Objection.objects.select_related("notice").get(pk=pk)
                if not row.email:
                    return
                subject = _("Reply to your objection %(receipt)s") % {
                    "receipt": row.receipt_no
                }
                body = _(
                    "The reply to your objection to the notice “%(notice)s” "
                    "(receipt number %(receipt)s) is available.\n\n"
                    "Read it at %(url)s with your receipt number and the query code "
                    "you were given when the objection was received.\n"
                ) % {
                    "notice": row.notice.title,
                    "receipt": row.receipt_no,
                    "url": absolute_url(reverse("objections:lookup")),
                }
                address = row.email
        except Exception:  # noqa: BLE001 - the reply is recorded already
            logger.warning(
                "reply published: the notification mail could not be prepared"
            )
            return
        send([address], subject, body, kind="reply published")

    transaction.on_commit(deliver)


# --- notice windows ---------------------------------------------------------------


@dataclass(frozen=True)
class Reminder:
    """A reminder due about one notice window."""

    notice: NoticePage
    kind: str  # NoticeReminder.Kind
    window: Window

    @property
    def closes_at(self) -> datetime:
        return self.window.closes_at


def reminder_day(window: Window) -> date:
    """The working day before the closing day: the last but one counted day.

    The engine counts only working days, so the day before the last counted day
    is the previous working day (holidays and weekends skipped, 调休 days counted).
    A one-day window is reminded on its only day.
    """
    return window.dates[-2] if len(window.dates) > 1 else window.dates[-1]


def due_reminders(now: datetime | None = None) -> list[Reminder]:
    """The reminders due at ``now`` that have not been sent for this closing moment.

    Live notices only: one working day before the closing day (from that day's
    start while the window is open), and after the closing moment (within
    ``CLOSED_LOOKBACK``). A window that cannot be computed is skipped.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    due: list[Reminder] = []
    pages = NoticePage.objects.live().prefetch_related("corrections").order_by("pk")
    for page in pages:
        window = safe_window(page)
        if window is None:
            continue
        state = window_state(window, now)
        if state is WindowState.OPEN and today >= reminder_day(window):
            kind = NoticeReminder.Kind.CLOSING_SOON
        elif state is WindowState.CLOSED and now - window.closes_at <= CLOSED_LOOKBACK:
            kind = NoticeReminder.Kind.CLOSED
        else:
            continue
        if NoticeReminder.objects.filter(
            notice=page, kind=kind, closes_at=window.closes_at
        ).exists():
            continue
        due.append(Reminder(page, kind, window))
    return due


def send_reminder(reminder: Reminder) -> bool:
    """Record the reminder, then mail the city editors after the commit.

    The row is written first, in the same transaction: a run repeated or
    overlapping finds it and sends nothing (at most once per notice, kind and
    closing moment). An extension gives a new closing moment, announced again.

    Returns:
        False when it had been recorded already (nothing sent).
    """
    page, kind, window = reminder.notice, reminder.kind, reminder.window
    with transaction.atomic():
        _row, created = NoticeReminder.objects.get_or_create(
            notice=page, kind=kind, closes_at=window.closes_at
        )
        if not created:
            return False
        pk = page.pk

        def compose() -> tuple[str, str]:
            fresh = NoticePage.objects.get(pk=pk)
            return reminder_mail(fresh, kind, window)

        notify_staff(WRITE_NOTICES, compose, kind=f"notice {kind}")
    return True


def reminder_mail(page: NoticePage, kind: str, window: Window) -> tuple[str, str]:
    """Subject and body of a notice-window reminder (counts only, no personal data)."""
    admin_link = _("Open it in the admin: %(url)s") % {
        "url": absolute_url(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    }
    counts = outcome(page)
    if kind == NoticeReminder.Kind.CLOSING_SOON:
        subject = _("Notice closes in one working day: %(title)s") % {
            "title": page.title
        }
        lines = [
            _("The notice “%(title)s” closes at %(closes)s, in one working day.")
            % {"title": page.title, "closes": long_datetime(window.closes_at)},
            period_sentence(window),
            _("Objections received so far: %(n)s") % {"n": counts.total},
        ]
    else:
        subject = _("Notice closed: %(title)s") % {"title": page.title}
        lines = [
            _("The notice “%(title)s” closed at %(closes)s.")
            % {"title": page.title, "closes": long_datetime(window.closes_at)},
            period_sentence(window),
            "",
            counts.sentence(),
            *(f"- {line}" for line in counts.lines()),
        ]
    return subject, "\n".join([*lines, "", admin_link])
