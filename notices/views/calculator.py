"""View helpers for the public notice pages."""

from __future__ import annotations

from django.utils.translation import gettext as _

from notices.forms.calculator import WindowQueryForm
from notices.models.calendars import DateOutOfRange, compute_notice_window
from notices.models.subject import (
    DEFAULT_MINIMUM_WORKING_DAYS,
    NoticeMinimum,
    NoticeRuleUnavailable,
    get_subject_model,
)
from notices.rules.formatting import (
    long_datetime,
    period_sentence,
    skip_reason,
    unconfirmed_year_message,
    weekday_name,
)
from notices.rules.workingdays import DayKind, UnconfirmedYear


def minimum_warning(start, days: int) -> str:
    """Say so when ``days`` is shorter than a notice starting on ``start`` must run.

    The minimum is the subject's rule on that date (the policy version in force);
    without one, the measures' own 5 working days.
    """
    try:
        minimum = get_subject_model().notice_minimum(start)
    except NoticeRuleUnavailable:
        minimum = NoticeMinimum(DEFAULT_MINIMUM_WORKING_DAYS)
    if days >= minimum.working_days:
        return ""
    if minimum.source:
        return _(
            "A notice must run for at least %(min)s working days (%(policy)s)."
        ) % {"min": minimum.working_days, "policy": minimum.source}
    return _("A notice must run for at least %(min)s working days.") % {
        "min": minimum.working_days
    }


def calculator_context(request, default_days: int) -> dict:
    """Run the calculator form from the query string and describe the result."""
    if "start" not in request.GET and "days" not in request.GET:
        return {"form": WindowQueryForm(initial={"days": default_days})}
    form = WindowQueryForm(request.GET)
    if not form.is_valid():
        return {"form": form}
    start, days = form.cleaned_data["start"], form.cleaned_data["days"]
    try:
        window = compute_notice_window(start, days)
    except UnconfirmedYear as exc:
        form.add_error(None, unconfirmed_year_message(exc.year))
        return {"form": form}
    except DateOutOfRange as exc:
        form.add_error(
            "start",
            _(
                "The date lies outside the stored holiday data, which begins in %(year)s."
            )
            % {"year": exc.first_year or "—"},
        )
        return {"form": form}
    makeup = set(window.makeup_days)
    counted = [
        {
            "n": n,
            "date": d,
            "weekday": weekday_name(d),
            "note": _("Makeup working day (调休)") if d in makeup else "",
        }
        for n, d in enumerate(window.dates, 1)
    ]
    skipped = [
        {
            "date": s.day,
            "weekday": weekday_name(s.day),
            "reason": skip_reason(s),
            "holiday": s.kind is DayKind.HOLIDAY,
        }
        for s in window.skipped
    ]
    return {
        "form": form,
        "window": window,
        "sentence": period_sentence(window),
        "closes_at": long_datetime(window.closes_at),
        "counted": counted,
        "skipped": skipped,
        # The period is computed whatever its length; a length the rules do not
        # allow for a notice is said next to it.
        "minimum_warning": minimum_warning(start, days),
    }
