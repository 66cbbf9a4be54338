"""Pure checks of registry records (no ORM): evaluation timing, overdue
rectifications, cell safety. ``today`` is always passed in."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from notices.rules.formatting import long_date

# Characters a spreadsheet reads as the start of a formula (OWASP CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def evaluation_date_error(year: int, held_on: date, today: date) -> str | None:
    """Why ``held_on`` is not a possible date of the evaluation of ``year``, or None.

    Art. 23: operating year Y is evaluated in the first quarter of Y+1 (1 January
    to 31 March, both included). An evaluation is recorded once it has been held:
    its date cannot be later than ``today``.

    Args:
        year: the operating year evaluated.
        held_on: the date of the evaluation.
        today: the local date of the check.

    Returns:
        The Chinese message, or None when the date is possible.
    """
    if not (held_on.year == year + 1 and 1 <= held_on.month <= 3):
        return _(
            "The evaluation of %(year)s is held in the first quarter of "
            "%(next)s (January to March)."
        ) % {"year": year, "next": year + 1}
    if held_on > today:
        return _(
            "The date of the evaluation (%(held_on)s) is in the future: an "
            "evaluation is recorded once it has been held (today is %(today)s)."
        ) % {"held_on": long_date(held_on), "today": long_date(today)}
    return None


def evaluation_errors(
    *,
    year: int | None,
    held_on: date | None,
    approved_on: date | None,
    grade: str | None,
    rectification_deadline: date | None,
    today: date,
) -> dict[str, list[str]]:
    """What is wrong with an evaluation, by field (empty when nothing is).

    Art. 23: operating year Y is evaluated in the first quarter of Y+1, and not
    before the evaluation has been held (``held_on`` ≤ ``today``); a year before
    the park's approval cannot be evaluated; a 不合格 grade needs a
    rectification deadline after the evaluation.
    """
    errors: dict[str, list[str]] = {}
    if year is None:
        return errors
    if approved_on is not None and year < approved_on.year:
        errors["year"] = [
            _(
                "The park was approved in %(approved)s: it cannot be graded for "
                "%(year)s."
            )
            % {"approved": approved_on.year, "year": year}
        ]
    if held_on is not None:
        message = evaluation_date_error(year, held_on, today)
        if message:
            errors["held_on"] = [message]
    if grade == "不合格":
        if rectification_deadline is None:
            errors["rectification_deadline"] = [
                _("A fail grade needs a rectification deadline.")
            ]
        elif held_on is not None and rectification_deadline <= held_on:
            errors["rectification_deadline"] = [
                _("The rectification deadline must be after the evaluation.")
            ]
    return errors


def rectification_result_date_error(decided_on: date, today: date) -> str | None:
    """Why ``decided_on`` cannot date a rectification's result, or None.

    A result is recorded once it has been decided: not dated after ``today``
    (the registry "as of" a day must never show a result decided later).
    """
    if decided_on > today:
        return _(
            "The result of the rectification is dated %(day)s, in the future: "
            "record it once it has been decided (today is %(today)s)."
        ) % {"day": long_date(decided_on), "today": long_date(today)}
    return None


def rectification_overdue(
    deadline: date | None, result: str, today: date, *, revoked: bool = False
) -> bool:
    """Whether a rectification is 逾期未整改: still open after its deadline.

    The deadline is the last day allowed (inclusive): the rectification is
    overdue from the next day on, as long as no result has been recorded. A
    revoked park's open rectification is moot, never overdue.

    Args:
        deadline: the rectification deadline (None: no rectification).
        result: the recorded result; empty while the rectification is open.
        today: the day of reference (today, or the registry's "as of" day).
        revoked: the park's status has been revoked.
    """
    return deadline is not None and not result and not revoked and today > deadline


def neutralise_cell(value: object) -> object:
    """A text value that cannot start a spreadsheet formula.

    Text beginning with = + - @ tab or CR gets a leading apostrophe; other
    values (numbers, None) pass unchanged.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
