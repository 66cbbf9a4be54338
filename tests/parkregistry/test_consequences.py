"""Art. 25 consequences of evaluation results: pure checks incl. boundaries."""

from __future__ import annotations

from datetime import date

import pytest

from parkregistry.rules.consequences import (
    Grade,
    ParkState,
    RectificationResult,
    consecutive_fail_years,
    grade_consequence,
    rectification_consequence,
    rectification_deadline,
    revocation_proposal,
)

E, P, F = Grade.EXCELLENT, Grade.PASS, Grade.FAIL


@pytest.mark.parametrize(
    ("grade", "subsidy", "commendation", "rectify", "state", "article"),
    [
        (E, True, True, False, ParkState.NORMAL, "第二十五条第（一）项"),
        (P, True, False, False, ParkState.NORMAL, "第二十五条第（二）项"),
        (F, False, False, True, ParkState.RECTIFYING, "第二十五条第（三）项"),
        ("优秀", True, True, False, ParkState.NORMAL, "第二十五条第（一）项"),
        ("合格", True, False, False, ParkState.NORMAL, "第二十五条第（二）项"),
        ("不合格", False, False, True, ParkState.RECTIFYING, "第二十五条第（三）项"),
    ],
)
def test_grade_consequences(grade, subsidy, commendation, rectify, state, article):
    result = grade_consequence(
        2024, grade, decided_on=date(2025, 3, 20), rectification_days=90
    )
    assert result.year == 2024
    assert result.grade is Grade(grade)
    assert result.subsidy_eligible is subsidy
    assert result.commendation is commendation
    assert result.rectification_required is rectify
    assert result.state is state
    assert result.article == article
    assert (result.rectification_deadline is not None) is rectify


def test_fail_deadline_from_a_number_of_days():
    result = grade_consequence(
        2024, F, decided_on=date(2025, 3, 1), rectification_days=30
    )
    assert result.rectification_deadline == date(2025, 3, 31)
    assert result.summary == (
        "2024年度考核评估为不合格：不予运营经费补助，责令限期整改，整改期限至2025年3月31日。"
    )


def test_fail_deadline_passed_in_wins():
    result = grade_consequence(
        2024,
        F,
        decided_on=date(2025, 3, 1),
        rectification_days=30,
        deadline=date(2025, 6, 30),
    )
    assert result.rectification_deadline == date(2025, 6, 30)
    assert grade_consequence(2024, F, deadline=date(2025, 6, 30)).state is (
        ParkState.RECTIFYING
    )


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"decided_on": date(2025, 3, 1)},
        {"rectification_days": 30},
        {"decided_on": date(2025, 3, 1), "rectification_days": 0},
        {"decided_on": date(2025, 3, 1), "deadline": date(2025, 2, 28)},
    ],
)
def test_fail_needs_a_valid_deadline(kwargs):
    with pytest.raises(ValueError):
        grade_consequence(2024, F, **kwargs)


def test_a_deadline_on_the_decision_day_is_allowed():
    same_day = grade_consequence(
        2024, F, decided_on=date(2025, 3, 1), deadline=date(2025, 3, 1)
    )
    assert same_day.rectification_deadline == date(2025, 3, 1)


def test_excellent_and_pass_need_no_deadline():
    assert grade_consequence(2024, E).rectification_deadline is None
    assert grade_consequence(2024, P).summary == (
        "2024年度考核评估为合格：按规定给予运营经费补助。"
    )


def test_unknown_grade_is_refused():
    with pytest.raises(ValueError):
        grade_consequence(2024, "良好")


@pytest.mark.parametrize(
    ("decided_on", "days", "deadline"),
    [
        (date(2025, 3, 1), 1, date(2025, 3, 2)),
        (date(2025, 3, 1), 30, date(2025, 3, 31)),
        (date(2024, 12, 15), 30, date(2025, 1, 14)),  # across the year end
        (date(2024, 2, 1), 29, date(2024, 3, 1)),  # leap year
        (date(2025, 2, 1), 28, date(2025, 3, 1)),
    ],
)
def test_rectification_deadline(decided_on, days, deadline):
    assert rectification_deadline(decided_on, days) == deadline


@pytest.mark.parametrize("days", [0, -1, True, 1.5])
def test_rectification_deadline_needs_a_positive_whole_number(days):
    with pytest.raises(ValueError):
        rectification_deadline(date(2025, 3, 1), days)


@pytest.mark.parametrize(
    ("result", "previous", "state", "withdraw"),
    [
        (RectificationResult.PASSED, P, ParkState.NORMAL, None),
        (RectificationResult.PASSED, None, ParkState.NORMAL, None),
        ("整改合格", F, ParkState.NORMAL, None),
        (RectificationResult.STILL_FAILING, P, ParkState.RECTIFYING, 2023),
        (RectificationResult.STILL_FAILING, E, ParkState.RECTIFYING, 2023),
        ("整改后仍不合格", "合格", ParkState.RECTIFYING, 2023),
        # nothing was due for the previous cycle: nothing to withdraw
        (RectificationResult.STILL_FAILING, F, ParkState.RECTIFYING, None),
        (RectificationResult.STILL_FAILING, None, ParkState.RECTIFYING, None),
    ],
)
def test_rectification_consequences(result, previous, state, withdraw):
    outcome = rectification_consequence(2024, result, previous)
    assert outcome.evaluated_year == 2024
    assert outcome.result is RectificationResult(result)
    assert outcome.state is state
    assert outcome.withdraw_subsidy_year == withdraw


def test_withdrawal_names_the_cycle():
    outcome = rectification_consequence(2024, RectificationResult.STILL_FAILING, P)
    assert outcome.summary == (
        "2024年度整改后仍不合格：取消上一个考核评估周期（2023年度）应划拨的补助资金。"
    )


def test_unknown_rectification_result_is_refused():
    with pytest.raises(ValueError):
        rectification_consequence(2024, "基本合格", P)


@pytest.mark.parametrize(
    ("history", "years"),
    [
        ({}, None),
        ({2023: F}, None),  # first year
        ({2023: F, 2024: P}, None),
        ({2023: F, 2024: F}, (2023, 2024)),
        ({2023: F, 2024: E, 2025: F}, None),  # excellent in between
        ({2023: F, 2025: F}, None),  # a gap year breaks the run
        ({2023: P, 2024: F, 2025: F}, (2024, 2025)),
        ({2023: F, 2024: F, 2025: F}, (2024, 2025)),  # the latest pair
        ({2025: F, 2024: F}, (2024, 2025)),  # order of entry does not matter
        ({2023: "不合格", 2024: "不合格"}, (2023, 2024)),
        ({2022: E, 2023: P, 2024: E}, None),
    ],
)
def test_revocation_after_two_consecutive_fails(history, years):
    proposal = revocation_proposal(history)
    if years is None:
        assert proposal is None
    else:
        assert proposal is not None
        assert proposal.years == years
        assert proposal.article == "第二十五条第（三）项"
        assert str(years[0]) in proposal.reason
        assert str(years[1]) in proposal.reason


def test_revocation_whatever_the_rectification_did():
    # 2023 failed, its rectification passed, 2024 failed again: still two
    # consecutive 不合格 evaluations.
    assert rectification_consequence(2023, "整改合格", P).state is ParkState.NORMAL
    assert revocation_proposal([(2023, F), (2024, F)]).years == (2023, 2024)


def test_consecutive_fail_years_lists_every_pair():
    history = {2021: F, 2022: F, 2023: P, 2024: F, 2025: F, 2026: F}
    assert consecutive_fail_years(history) == ((2021, 2022), (2024, 2025), (2025, 2026))


def test_history_with_two_grades_for_a_year_is_refused():
    with pytest.raises(ValueError):
        revocation_proposal([(2023, F), (2023, P)])
