"""Build the pure ``WorkCalendar`` from the stored holiday arrangements.

Every usable arrangement is kept in the shared cache (and in each process) as one
entry per version of the holiday data, and read at most once per request
(``notices.request_memo.versioned``). Any change to an arrangement or one of its dates
moves the version on (see ``notices.signals``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time

from notices import conf, request_memo
from notices.models.calendar import HolidayDate, HolidayYear
from notices.rules.workingdays import (
    Window,
    WorkCalendar,
    YearArrangement,
    compute_window,
)

VERSION_KEY = request_memo.register_version("notices:holiday-version")
CACHE_KEY = "notices:holiday-calendar:{demo}"
CACHE_SECONDS = 60 * 60 * 24


@dataclass(frozen=True)
class StoredCalendar:
    """Every usable arrangement, by year, and the first of them (None if none)."""

    years: dict[int, YearArrangement]

    @property
    def first_year(self) -> int | None:
        return min(self.years, default=None)


def demo_calendar_allowed() -> bool:
    """May made-up demo years be used? Never with production settings."""
    return bool(conf.NOTICES_DEMO_CALENDAR)


def _usable_years():
    rows = HolidayYear.objects.filter(confirmed=True)
    if not demo_calendar_allowed():
        rows = rows.filter(is_demo=False)
    return rows


def _read_calendar() -> StoredCalendar:
    rows = list(_usable_years())
    dates: dict[int, list[HolidayDate]] = {row.pk: [] for row in rows}
    for day in HolidayDate.objects.filter(arrangement__in=rows):
        dates[day.arrangement_id].append(day)
    return StoredCalendar({row.year: row.to_arrangement(dates[row.pk]) for row in rows})


def _stored_calendar() -> StoredCalendar:
    return request_memo.versioned(
        CACHE_KEY.format(demo=int(demo_calendar_allowed())),
        VERSION_KEY,
        _read_calendar,
        CACHE_SECONDS,
    )


def load_calendar(years: Iterable[int]) -> WorkCalendar:
    """The confirmed arrangements for ``years``; unknown years are left out."""
    stored = _stored_calendar().years
    return WorkCalendar.of(stored[y] for y in sorted(set(years)) if y in stored)


def calendar_for_window(start: date) -> WorkCalendar:
    """Every year a window starting on ``start`` could reach.

    ``MAX_WINDOW_DAYS`` working days never reach beyond the following year.
    """
    return load_calendar([start.year, start.year + 1])


def forget_cached_years() -> None:
    """Drop every cached arrangement (any change may move a date between years)."""
    request_memo.bump(VERSION_KEY)


def earliest_year() -> int | None:
    """The first confirmed year (None when there is none)."""
    return _stored_calendar().first_year


class DateOutOfRange(ValueError):
    """A date before the first year of stored holiday data."""

    def __init__(self, first_year: int | None) -> None:
        super().__init__(first_year)
        self.first_year = first_year


def compute_notice_window(
    start: date,
    days: int,
    *,
    closing_time: time | None = None,
    published_at: datetime | None = None,
) -> Window:
    """The notice window from ``start``, using the stored confirmed arrangements.

    Raises:
        ValueError: ``days`` out of range.
        DateOutOfRange: ``start`` lies before any stored holiday data.
        UnconfirmedYear: the window reaches a year without confirmed data.
    """
    first = earliest_year()
    if first is None or start.year < first:
        raise DateOutOfRange(first)
    return compute_window(
        start,
        days,
        calendar_for_window(start),
        closing_time=closing_time,
        published_at=published_at,
    )
