"""How windows and dates are worded on pages, in the customary Chinese form."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from notices.rules.workingdays import DayKind, SkippedDay, Window


def long_date(value: date) -> str:
    """2026年9月30日 (the locale's DATE_FORMAT)."""
    return formats.date_format(value, "DATE_FORMAT")


def long_datetime(value: datetime) -> str:
    """2026年10月12日 17:30, in local time."""
    local = timezone.localtime(value)
    return f"{long_date(local.date())} {local:%H:%M}"


def period_sentence(window: Window) -> str:
    """公示期为2026年9月30日至2026年10月12日（5个工作日）.

    A window counted in a made-up demo year says so after the sentence, wherever
    the sentence appears (pages, lists, feeds, calendars).
    """
    sentence = _("The notice period is %(start)s to %(end)s (%(n)s working days)") % {
        "start": long_date(window.start),
        "end": long_date(window.end),
        "n": window.working_days,
    }
    note = demo_note(window)
    return f"{sentence}［{note}］" if note else sentence


def demo_note(window: Window) -> str:
    """Which years of the window are demo data, not official; empty if none."""
    if not window.demo_years:
        return ""
    return _(
        "The %(years)s holidays are demo data (not an official arrangement, "
        "for demonstration only)"
    ) % {"years": "、".join(str(y) for y in window.demo_years)}


def skip_reason(skipped: SkippedDay) -> str:
    if skipped.kind is DayKind.HOLIDAY:
        return skipped.name or _("Public holiday")
    return _("Weekend")


def weekday_name(value: date) -> str:
    """星期三 (the locale's weekday name)."""
    return formats.date_format(value, "l")


def unconfirmed_year_message(year: int) -> str:
    """The one message for a window that reaches a year without confirmed data."""
    return _(
        "The holiday arrangement for %(year)s has not been confirmed, so the working "
        "days cannot be counted. An editor must enter and confirm %(year)s first."
    ) % {"year": year}
