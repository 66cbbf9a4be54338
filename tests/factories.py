"""Test helpers that build records and pages (plain functions, no factory library)."""

from __future__ import annotations

from datetime import date

from notices.rules.workingdays import WorkCalendar, YearArrangement


def make_arrangement(
    year: int, holidays=(), makeup=(), name: str = "节日"
) -> YearArrangement:
    """A confirmed arrangement from ISO date strings (or dates)."""

    def as_date(v):
        return v if isinstance(v, date) else date.fromisoformat(v)

    return YearArrangement(
        year=year,
        holidays={as_date(d): name for d in holidays},
        makeup_workdays=frozenset(as_date(d) for d in makeup),
    )


def package_calendar(years=None) -> WorkCalendar:
    """The chinese-calendar package's arrangements as a pure calendar."""
    from notices.services.holiday_sources import package_arrangements

    arrangements = package_arrangements()
    if years is not None:
        arrangements = {y: a for y, a in arrangements.items() if y in set(years)}
    return WorkCalendar.of(arrangements.values())
