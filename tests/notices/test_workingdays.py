"""The working-day engine: pure rules, no database."""

from datetime import date, datetime, time, timedelta

import chinese_calendar
import pytest

from notices.rules.workingdays import (
    SHANGHAI,
    DayKind,
    UnconfirmedYear,
    WindowState,
    WorkCalendar,
    YearArrangement,
    add_working_days,
    compute_window,
    remaining_working_days,
    window_state,
)
from tests.factories import make_arrangement, package_calendar

CAL = package_calendar()


def d(s: str) -> date:
    return date.fromisoformat(s)


@pytest.mark.parametrize(
    ("start", "days", "end", "first"),
    [
        # 国庆 2026: 10-01..10-07 off, Saturday 10-10 worked.
        ("2026-09-30", 5, "2026-10-12", "2026-09-30"),
        # Starts on a holiday: counting begins at the next working day,
        # and makeup Saturday 05-09 counts.
        ("2026-05-01", 5, "2026-05-11", "2026-05-06"),
        # Starts on a Saturday: day 1 is the Monday.
        ("2026-11-28", 5, "2026-12-04", "2026-11-30"),
        # Plain week.
        ("2026-11-23", 5, "2026-11-27", "2026-11-23"),
        # 2025 example of the spec's customary sentence: 4-22 + 10 working days,
        # skipping 劳动节 05-01..05-05 and counting Sunday 04-27 (makeup).
        ("2025-04-22", 10, "2025-05-07", "2025-04-22"),
        # Spring Festival 2026 (02-15..02-23 off) with makeup Saturday 02-14.
        ("2026-02-12", 5, "2026-02-25", "2026-02-12"),
        # One working day on a Friday closes that Friday.
        ("2026-11-27", 1, "2026-11-27", "2026-11-27"),
        # A makeup Sunday is day 1 when the notice starts on it.
        ("2026-09-20", 1, "2026-09-20", "2026-09-20"),
        # Crossing the year end into New Year holidays (2025 → 2026).
        ("2025-12-29", 5, "2026-01-05", "2025-12-29"),
    ],
)
def test_window_examples(start, days, end, first):
    window = compute_window(d(start), days, CAL)
    assert window.end == d(end)
    assert window.first_working_day == d(first)
    assert window.start == d(start)
    assert len(window.dates) == days


def test_skipped_days_carry_their_reasons():
    window = compute_window(d("2026-09-30"), 5, CAL)
    reasons = {s.day: (s.kind, s.name) for s in window.skipped}
    assert reasons[d("2026-10-01")] == (DayKind.HOLIDAY, "国庆节")
    assert reasons[d("2026-10-04")] == (
        DayKind.HOLIDAY,
        "国庆节",
    )  # a Sunday inside the holiday
    assert reasons[d("2026-10-11")] == (DayKind.WEEKEND, "")
    assert window.makeup_days == (d("2026-10-10"),)
    assert d("2026-10-10") in window.dates


def test_window_closes_at_end_of_last_day_in_shanghai():
    window = compute_window(d("2026-09-30"), 5, CAL)
    assert window.opens_at == datetime(2026, 9, 30, 0, 0, tzinfo=SHANGHAI)
    assert window.closes_at == datetime(2026, 10, 12, 23, 59, 59, tzinfo=SHANGHAI)
    assert window.closes_at.isoformat() == "2026-10-12T23:59:59+08:00"


def test_earlier_closing_time_and_later_publication():
    published = datetime(2026, 9, 30, 10, 15, tzinfo=SHANGHAI)
    window = compute_window(
        d("2026-09-30"), 5, CAL, closing_time=time(17, 30), published_at=published
    )
    assert window.opens_at == published
    assert window.closes_at == datetime(2026, 10, 12, 17, 30, tzinfo=SHANGHAI)


def test_publication_before_start_keeps_start_midnight():
    published = datetime(2026, 9, 28, 9, 0, tzinfo=SHANGHAI)
    window = compute_window(d("2026-09-30"), 5, CAL, published_at=published)
    assert window.opens_at == datetime(2026, 9, 30, 0, 0, tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    ("now", "state"),
    [
        (datetime(2026, 9, 29, 23, 59, 59, tzinfo=SHANGHAI), WindowState.UPCOMING),
        (datetime(2026, 9, 30, 0, 0, tzinfo=SHANGHAI), WindowState.OPEN),
        (datetime(2026, 10, 12, 17, 29, 59, tzinfo=SHANGHAI), WindowState.OPEN),
        (datetime(2026, 10, 12, 17, 30, tzinfo=SHANGHAI), WindowState.CLOSED),
        (datetime(2026, 10, 13, 8, 0, tzinfo=SHANGHAI), WindowState.CLOSED),
    ],
)
def test_window_state_around_the_edges(now, state):
    window = compute_window(d("2026-09-30"), 5, CAL, closing_time=time(17, 30))
    assert window_state(window, now) is state


def test_window_state_compares_instants_not_wall_clocks():
    from zoneinfo import ZoneInfo

    window = compute_window(d("2026-09-30"), 5, CAL)
    # 2026-09-29 16:30 UTC is already 2026-09-30 00:30 in Beijing.
    assert (
        window_state(window, datetime(2026, 9, 29, 16, 30, tzinfo=ZoneInfo("UTC")))
        is WindowState.OPEN
    )


@pytest.mark.parametrize(
    ("today", "remaining"),
    [
        ("2026-09-30", 5),
        ("2026-10-01", 4),
        ("2026-10-10", 2),
        ("2026-10-12", 1),
        ("2026-10-13", 0),
    ],
)
def test_remaining_working_days(today, remaining):
    window = compute_window(d("2026-09-30"), 5, CAL)
    assert remaining_working_days(window, d(today)) == remaining


def test_unconfirmed_year_is_never_guessed():
    with pytest.raises(UnconfirmedYear) as exc:
        compute_window(d("2026-12-28"), 5, CAL)
    assert exc.value.year == 2027


def test_window_entirely_inside_known_year_needs_no_next_year():
    only_2026 = package_calendar([2026])
    window = compute_window(d("2026-12-21"), 5, only_2026)
    assert window.end == d("2026-12-25")


@pytest.mark.parametrize("days", [0, -1, 61])
def test_days_out_of_range(days):
    with pytest.raises(ValueError, match="days"):
        compute_window(d("2026-09-30"), days, CAL)


def test_editor_entered_year_is_used():
    cal = WorkCalendar.of(
        [
            make_arrangement(2026),
            make_arrangement(
                2027, holidays=["2027-01-01"], makeup=["2027-01-02"], name="元旦"
            ),
        ]
    )
    window = compute_window(d("2026-12-30"), 3, cal)
    # 12-30, 12-31, then 01-01 is off and Saturday 01-02 is worked.
    assert window.dates == (d("2026-12-30"), d("2026-12-31"), d("2027-01-02"))


def test_arrangement_rejects_inconsistent_data():
    with pytest.raises(ValueError):
        YearArrangement(2026, {d("2026-10-10"): "国庆节"}, frozenset({d("2026-10-10")}))
    with pytest.raises(ValueError):
        YearArrangement(2026, {d("2025-10-10"): "国庆节"}, frozenset())


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        ("2026-09-29", 1, "2026-09-30"),
        ("2026-09-30", 1, "2026-10-08"),
        ("2026-09-30", 3, "2026-10-10"),
        ("2026-11-27", 10, "2026-12-11"),
        ("2026-11-27", 0, "2026-11-27"),
    ],
)
def test_add_working_days(start, n, expected):
    assert add_working_days(d(start), n, CAL) == d(expected)


def _reference_window(start: date, days: int) -> list[date]:
    """What chinese-calendar itself says: the first N working days from start."""
    out, day = [], start
    while len(out) < days:
        if chinese_calendar.is_workday(day):
            out.append(day)
        day += timedelta(days=1)
    return out


def test_engine_agrees_with_chinese_calendar_2019_to_2026():
    """Every start date in 2019–2026 and N from 1 to 15, where the window stays
    inside known years: the engine's dates equal the package's working days."""
    last_known = max(CAL.years)
    checked = 0
    start = d("2019-01-01")
    while start <= d("2026-12-31"):
        for n in range(1, 16):
            try:
                window = compute_window(start, n, CAL)
            except UnconfirmedYear as exc:
                assert exc.year == last_known + 1
                break
            assert list(window.dates) == _reference_window(start, n), (start, n)
            checked += 1
        start += timedelta(days=1)
    assert checked > 2900 * 14
