"""How windows and dates are worded on pages, in the customary Chinese form."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from notices.workingdays import DayKind, SkippedDay, Window


def long_date(value: date) -> str:
    """2026年9月30日 (the locale's DATE_FORMAT)."""
    return formats.date_format(value, "DATE_FORMAT")


def long_datetime(value: datetime) -> str:
    """2026年10月12日 17:30, in local time."""
    local = timezone.localtime(value)
    return f"{long_date(local.date())} {local:%H:%M}"


def period_sentence(window: Window) -> str:
    """公示期为2026年9月30日至2026年10月12日（5个工作日）."""
    return _("The notice period is %(start)s to %(end)s (%(n)s working days)") % {
        "start": long_date(window.start),
        "end": long_date(window.end),
        "n": window.working_days,
    }


def skip_reason(skipped: SkippedDay) -> str:
    if skipped.kind is DayKind.HOLIDAY:
        return skipped.name or _("Public holiday")
    return _("Weekend")


def weekday_name(value: date) -> str:
    """星期三 (the locale's weekday name)."""
    return formats.date_format(value, "l")
