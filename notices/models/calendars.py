"""Build the pure ``WorkCalendar`` from the stored holiday arrangements.

Arrangements are cached per year in the shared cache and dropped whenever an
arrangement or one of its dates changes (see ``notices.signals``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time

from django.core.cache import cache

from notices import conf
from notices.models.calendar import HolidayYear
from notices.rules.workingdays import (
    Window,
    WorkCalendar,
    YearArrangement,
    compute_window,
)

VERSION_KEY = "notices:holiday-version"
CACHE_KEY = "notices:holiday-year:{version}:{year}"
CACHE_SECONDS = 60 * 60 * 24
_MISSING = "missing"


def demo_calendar_allowed() -> bool:
    """May made-up demo years be used? Never with production settings."""
    return bool(conf.NOTICES_DEMO_CALENDAR)


def _usable_years():
    rows = HolidayYear.objects.filter(confirmed=True)
    if not demo_calendar_allowed():
        rows = rows.filter(is_demo=False)
    return rows


def _load_year(year: int) -> YearArrangement | None:
    version = cache.get_or_set(VERSION_KEY, 1, None)
    key = CACHE_KEY.format(version=version, year=year)
    cached = cache.get(key)
    if cached == _MISSING:
        return None
    if cached is not None:
        return cached
    row = _usable_years().filter(year=year).prefetch_related("dates").first()
    arrangement = row.to_arrangement() if row else None
    cache.set(key, arrangement or _MISSING, CACHE_SECONDS)
    return arrangement


def load_calendar(years: Iterable[int]) -> WorkCalendar:
    """The confirmed arrangements for ``years``; unknown years are left out."""
    found = (_load_year(y) for y in sorted(set(years)))
    return WorkCalendar.of(a for a in found if a is not None)


def calendar_for_window(start: date) -> WorkCalendar:
    """Every year a window starting on ``start`` could reach.

    ``MAX_WINDOW_DAYS`` working days never reach beyond the following year.
    """
    return load_calendar([start.year, start.year + 1])


def forget_cached_years() -> None:
    """Drop every cached arrangement (any change may move a date between years)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, None)


def earliest_year() -> int | None:
    """The first confirmed year (cached like the arrangements; 0 means none)."""
    version = cache.get_or_set(VERSION_KEY, 1, None)
    key = f"notices:earliest-year:{version}"
    cached = cache.get(key)
    if cached is None:
        cached = (
            _usable_years().order_by("year").values_list("year", flat=True).first()
        ) or 0
        cache.set(key, cached, CACHE_SECONDS)
    return cached or None


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
