"""Pure registry checks: evaluation timing and spreadsheet-safe cells."""

from datetime import date

import pytest

from parkregistry.rules.registry import evaluation_errors, neutralise_cell


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+86 138", "'+86 138"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("晋中园", "晋中园"),
        ("a=b", "a=b"),
        ("", ""),
        (42, 42),
        (None, None),
    ],
)
def test_neutralise_cell(value, expected):
    assert neutralise_cell(value) == expected


@pytest.mark.parametrize(
    ("held_on", "ok"),
    [
        (date(2023, 12, 31), False),
        (date(2024, 1, 1), True),
        (date(2024, 3, 31), True),
        (date(2024, 4, 1), False),
        (date(2025, 2, 1), False),
    ],
)
def test_evaluation_is_held_in_q1_of_the_next_year(held_on, ok, today):
    errors = evaluation_errors(
        year=2023,
        held_on=held_on,
        approved_on=date(2023, 6, 1),
        grade="合格",
        rectification_deadline=None,
        today=today,
    )
    assert ("held_on" not in errors) is ok


@pytest.mark.parametrize(("year", "ok"), [(2022, False), (2023, True), (2024, True)])
def test_no_grade_before_the_approval_year(year, ok, today):
    errors = evaluation_errors(
        year=year,
        held_on=date(year + 1, 2, 1),
        approved_on=date(2023, 12, 31),
        grade="合格",
        rectification_deadline=None,
        today=today,
    )
    assert ("year" not in errors) is ok


def test_fail_needs_a_deadline_after_the_evaluation(today):
    base = {
        "year": 2023,
        "held_on": date(2024, 2, 1),
        "approved_on": date(2023, 1, 1),
        "today": today,
    }
    assert "rectification_deadline" in evaluation_errors(
        **base, grade="不合格", rectification_deadline=None
    )
    assert "rectification_deadline" in evaluation_errors(
        **base, grade="不合格", rectification_deadline=date(2024, 2, 1)
    )
    assert not evaluation_errors(
        **base, grade="不合格", rectification_deadline=date(2024, 2, 2)
    )
