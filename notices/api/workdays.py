"""JSON endpoints of the notices app (mounted under /api/ by the site)."""

from __future__ import annotations

import re
from datetime import date

from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from notices.models.calendars import DateOutOfRange, compute_notice_window
from notices.rules.formatting import unconfirmed_year_message
from notices.rules.workingdays import MAX_WINDOW_DAYS, UnconfirmedYear

router = Router(tags=["workdays"])

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
INTEGER = re.compile(r"^[+-]?\d+$")


class ErrorOut(Schema):
    error: str


class YearErrorOut(Schema):
    error: str
    year: int


class WindowOut(Schema):
    start: date
    end: date
    working_days: int
    dates: list[date]
    closes_at: str


def parse_iso_date(value: str | None, field: str) -> date:
    """Parse YYYY-MM-DD strictly, with a Chinese message naming the field."""
    if not value:
        raise ValueError(
            _("Parameter %(field)s is required (YYYY-MM-DD).") % {"field": field}
        )
    if not ISO_DATE.match(value):
        raise ValueError(
            _("Parameter %(field)s must be a date in the form YYYY-MM-DD.")
            % {"field": field}
        )
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(
            _("Parameter %(field)s is not a real calendar date: %(value)s.")
            % {"field": field, "value": value}
        ) from None


@router.get(
    "/workdays/window",
    response={200: WindowOut, 400: ErrorOut, 409: YearErrorOut},
    summary="Notice window in Chinese working days",
)
def workdays_window(request, start: str | None = None, days: str | None = None):
    """The notice window of ``days`` working days counted from ``start``.

    The start date is day 1 when it is a working day; holidays and weekends are
    skipped, 调休 makeup working days count. 409 names a year without confirmed
    holiday data.
    """
    try:
        start_date = parse_iso_date(start, "start")
        if not days:
            raise ValueError(
                _("Parameter days is required (1 to %(max)s).")
                % {"max": MAX_WINDOW_DAYS}
            )
        if not INTEGER.match(days.strip()):
            raise ValueError(_("Parameter days must be a whole number."))
        n = int(days)
        if not 1 <= n <= MAX_WINDOW_DAYS:
            raise ValueError(
                _("Parameter days must be between 1 and %(max)s.")
                % {"max": MAX_WINDOW_DAYS}
            )
        window = compute_notice_window(start_date, n)
    except DateOutOfRange as exc:
        return Status(
            400,
            {
                "error": _(
                    "The date lies outside the stored holiday data, which begins in %(year)s."
                )
                % {"year": exc.first_year or "—"}
            },
        )
    except UnconfirmedYear as exc:
        return Status(
            409, {"error": unconfirmed_year_message(exc.year), "year": exc.year}
        )
    except ValueError as exc:
        return Status(400, {"error": str(exc)})
    return Status(
        200,
        {
            "start": window.start,
            "end": window.end,
            "working_days": window.working_days,
            "dates": list(window.dates),
            "closes_at": window.closes_at.isoformat(timespec="seconds"),
        },
    )
