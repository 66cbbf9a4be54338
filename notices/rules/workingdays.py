"""Chinese working days and notice windows: pure rules, no ORM.

The State Council publishes each year's holiday arrangement: statutory holidays
(放假) and 调休 makeup working days (a Saturday or Sunday that is worked). A day is a
working day when it is a makeup working day, or a Monday-to-Friday that is not a
holiday. The calendar is passed in; a year without confirmed data is never
guessed.

Window rule (measures Art. 10(3), SPEC §2 "Notice"): the start date is day 1 when it
is a working day, otherwise counting starts at the next working day; the window
opens at the start date's 00:00 (or at publication, if later) and closes at the end
of the Nth working day, or at an earlier closing time on that day, Asia/Shanghai.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
MAX_WINDOW_DAYS = 60
END_OF_DAY = time(23, 59, 59)


class CalendarError(Exception):
    """Base class for calendar problems."""


class UnconfirmedYear(CalendarError):
    """A computation needs a year whose holiday arrangement is not confirmed."""

    def __init__(self, year: int) -> None:
        super().__init__(year)
        self.year = year


class DayKind(enum.StrEnum):
    WORKDAY = "workday"
    MAKEUP_WORKDAY = "makeup_workday"
    WEEKEND = "weekend"
    HOLIDAY = "holiday"


@dataclass(frozen=True)
class YearArrangement:
    """One year's confirmed arrangement: holidays (with names) and makeup days.

    ``demo`` marks a year made up for the demo site (never an official
    arrangement); windows that reach it say so.
    """

    year: int
    holidays: Mapping[date, str]
    makeup_workdays: frozenset[date]
    source: str = ""
    demo: bool = False

    def __post_init__(self) -> None:
        both = set(self.holidays) & self.makeup_workdays
        if both:
            raise ValueError(f"days both holiday and makeup workday: {sorted(both)}")
        for d in (*self.holidays, *self.makeup_workdays):
            if d.year != self.year:
                raise ValueError(f"{d} does not belong to {self.year}")


@dataclass(frozen=True)
class WorkCalendar:
    """The confirmed years a computation may use, keyed by year."""

    years: Mapping[int, YearArrangement]

    @classmethod
    def of(cls, arrangements: Iterable[YearArrangement]) -> WorkCalendar:
        return cls({a.year: a for a in arrangements})

    def arrangement(self, year: int) -> YearArrangement:
        try:
            return self.years[year]
        except KeyError:
            raise UnconfirmedYear(year) from None

    def classify(self, day: date) -> tuple[DayKind, str]:
        """Say what kind of day this is and why (the holiday's name, if any)."""
        arrangement = self.arrangement(day.year)
        if day in arrangement.makeup_workdays:
            return DayKind.MAKEUP_WORKDAY, ""
        if day in arrangement.holidays:
            return DayKind.HOLIDAY, arrangement.holidays[day]
        if day.weekday() >= 5:
            return DayKind.WEEKEND, ""
        return DayKind.WORKDAY, ""

    def demo_years(self, first: date, last: date) -> tuple[int, ...]:
        """The years from ``first`` to ``last`` whose arrangement is demo data."""
        return tuple(
            y
            for y in range(first.year, last.year + 1)
            if y in self.years and self.years[y].demo
        )

    def is_working_day(self, day: date) -> bool:
        kind, _ = self.classify(day)
        return kind in (DayKind.WORKDAY, DayKind.MAKEUP_WORKDAY)

    def working_days_from(self, day: date) -> Iterator[date]:
        """Working days on or after ``day``, in order (raises at an unknown year)."""
        while True:
            if self.is_working_day(day):
                yield day
            day += timedelta(days=1)


@dataclass(frozen=True)
class SkippedDay:
    day: date
    kind: DayKind
    name: str = ""


@dataclass(frozen=True)
class Window:
    """A notice window: the dates counted and the moments it opens and closes."""

    start: date
    working_days: int
    dates: tuple[date, ...]
    skipped: tuple[SkippedDay, ...]
    opens_at: datetime
    closes_at: datetime
    makeup_days: tuple[date, ...] = field(default=())
    #: Years the window reaches whose arrangement is demo data, not official.
    demo_years: tuple[int, ...] = field(default=())

    @property
    def end(self) -> date:
        return self.dates[-1]

    @property
    def first_working_day(self) -> date:
        return self.dates[0]


def compute_window(
    start: date,
    days: int,
    calendar: WorkCalendar,
    *,
    closing_time: time | None = None,
    published_at: datetime | None = None,
    tz: tzinfo = SHANGHAI,
) -> Window:
    """Compute a notice window of ``days`` working days from ``start``.

    Args:
        start: the first calendar day of the notice; day 1 if it is a working day.
        days: the number of working days, 1 to ``MAX_WINDOW_DAYS``.
        calendar: the confirmed holiday arrangements.
        closing_time: an earlier closing time on the last day (e.g. 17:30).
        published_at: when the notice went public; the window opens then if later
            than the start date's 00:00.
        tz: the local time zone (Asia/Shanghai).

    Returns:
        The window with its counted dates, skipped days and open/close moments.

    Raises:
        ValueError: ``days`` is out of range.
        UnconfirmedYear: a year the window reaches has no confirmed arrangement.
    """
    if not 1 <= days <= MAX_WINDOW_DAYS:
        raise ValueError(f"days must be between 1 and {MAX_WINDOW_DAYS}")
    counted: list[date] = []
    skipped: list[SkippedDay] = []
    makeup: list[date] = []
    day = start
    while len(counted) < days:
        kind, name = calendar.classify(day)
        if kind in (DayKind.WORKDAY, DayKind.MAKEUP_WORKDAY):
            counted.append(day)
            if kind is DayKind.MAKEUP_WORKDAY:
                makeup.append(day)
        else:
            skipped.append(SkippedDay(day, kind, name))
        day += timedelta(days=1)
    opens_at = datetime.combine(start, time.min, tzinfo=tz)
    if published_at is not None and published_at.astimezone(tz) > opens_at:
        opens_at = published_at.astimezone(tz)
    closes_at = datetime.combine(counted[-1], closing_time or END_OF_DAY, tzinfo=tz)
    return Window(
        start=start,
        working_days=days,
        dates=tuple(counted),
        skipped=tuple(skipped),
        opens_at=opens_at,
        closes_at=closes_at,
        makeup_days=tuple(makeup),
        demo_years=calendar.demo_years(start, counted[-1]),
    )


def add_working_days(start: date, days: int, calendar: WorkCalendar) -> date:
    """The date ``days`` working days after ``start`` (``start`` itself not counted).

    Used for deadlines such as "reply within 10 working days of receipt".
    """
    if days < 0:
        raise ValueError("days must not be negative")
    if days == 0:
        return start
    for n, day in enumerate(calendar.working_days_from(start + timedelta(days=1)), 1):
        if n == days:
            return day
    raise AssertionError("unreachable")  # pragma: no cover


class WindowState(enum.StrEnum):
    UPCOMING = "upcoming"
    OPEN = "open"
    CLOSED = "closed"


def window_state(window: Window, now: datetime) -> WindowState:
    """Upcoming before it opens, open until the closing moment, then closed."""
    if now < window.opens_at:
        return WindowState.UPCOMING
    if now < window.closes_at:
        return WindowState.OPEN
    return WindowState.CLOSED


def remaining_working_days(window: Window, today: date) -> int:
    """Counted days of the window from ``today`` on, ``today`` included."""
    return sum(1 for d in window.dates if d >= today)
