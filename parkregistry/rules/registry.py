"""Pure checks of registry records (no ORM): evaluation timing, cell safety."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

# Characters a spreadsheet reads as the start of a formula (OWASP CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def evaluation_errors(
    *,
    year: int | None,
    held_on: date | None,
    approved_on: date | None,
    grade: str | None,
    rectification_deadline: date | None,
) -> dict[str, list[str]]:
    """What is wrong with an evaluation, by field (empty when nothing is).

    Art. 23: operating year Y is evaluated in the first quarter of Y+1; a year
    before the park's approval cannot be evaluated; a 不合格 grade needs a
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
    if held_on is not None and not (
        held_on.year == year + 1 and 1 <= held_on.month <= 3
    ):
        errors["held_on"] = [
            _(
                "The evaluation of %(year)s is held in the first quarter of "
                "%(next)s (January to March)."
            )
            % {"year": year, "next": year + 1}
        ]
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


def neutralise_cell(value: object) -> object:
    """A text value that cannot start a spreadsheet formula.

    Text beginning with = + - @ tab or CR gets a leading apostrophe; other
    values (numbers, None) pass unchanged.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
