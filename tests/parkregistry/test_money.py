"""Art. 12 award and Art. 13 operating subsidy: pure checks at the boundaries."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from parkregistry.rules.money import (
    SubsidyResult,
    employment_threshold,
    operating_subsidy,
    recognition_award,
)
from tests.parkregistry.test_eligibility import TERMS_2022


@pytest.mark.parametrize(
    ("urban", "rural", "threshold"),
    [
        (1000, 0, 100),
        (0, 1000, 100),
        (600, 400, 100),
        (600, 401, 101),  # 100.1 → 101
        (1001, 0, 101),
        (1009, 0, 101),  # 100.9 → 101
        (1010, 0, 101),  # exactly 101
        (1011, 0, 102),
        (1, 0, 1),  # 0.1 → 1
        (9, 0, 1),
        (10, 0, 1),
        (11, 0, 2),
        (40_000, 35_000, 7_500),
        (40_003, 35_000, 7_501),
    ],
)
def test_threshold_is_rounded_up_to_whole_persons(urban, rural, threshold):
    assert employment_threshold(urban, rural, TERMS_2022) == threshold


def test_threshold_is_exact_for_a_fractional_ratio():
    # 3 % × 100 is exactly 3 (binary floating point gives 3.0000000000000004,
    # which would wrongly round up to 4).
    three = replace(TERMS_2022, employment_ratio_percent=Decimal("3"))
    assert employment_threshold(100, 0, three) == 3
    point_one = replace(TERMS_2022, employment_ratio_percent=Decimal("0.1"))
    assert employment_threshold(3000, 0, point_one) == 3
    assert employment_threshold(3001, 0, point_one) == 4


@pytest.mark.parametrize(
    ("placed", "eligible", "amount"),
    [
        (0, False, 0),
        (100, False, 0),  # T − 1
        (101, True, 200_000),  # T: base only
        (102, True, 200_020),  # T + 1
        (1_000, True, 200_000 + 20 * 899),
        (15_100, True, 499_980),  # one person short of the cap
        (15_101, True, 500_000),  # the cap exactly reached
        (15_102, True, 500_000),  # exceeded: capped
        (1_000_000, True, 500_000),
    ],
)
def test_operating_subsidy_boundaries(placed, eligible, amount):
    result = operating_subsidy(placed, 1001, 0, TERMS_2022)
    assert result.threshold == 101
    assert result.eligible is eligible
    assert result.amount_yuan == amount
    assert isinstance(result.amount_yuan, int)


def test_formula_shows_the_numbers_when_eligible():
    result = operating_subsidy(150, 600, 401, TERMS_2022)
    assert result == SubsidyResult(
        threshold=101,
        eligible=True,
        amount_yuan=200_980,
        formula=(
            "达标人数 = 10% ×（城镇新增就业任务600 + 农村劳动力转移就业任务401）"
            "= 10% × 1001 = 100.1，向上取整为101人；"
            "促进就业150人，达到101人：补助 = 200000 + 20 ×（150 − 101）= 200980元；"
            "未超过每年补助总额上限500000元，补助200980元"
        ),
    )


def test_formula_says_when_the_cap_applies():
    result = operating_subsidy(20_000, 1000, 0, TERMS_2022)
    assert result.amount_yuan == 500_000
    assert "= 598000元" in result.formula
    assert result.formula.endswith("超过每年补助总额上限500000元，按500000元补助")


def test_formula_when_not_eligible():
    result = operating_subsidy(100, 1001, 0, TERMS_2022)
    assert result.eligible is False
    assert result.amount_yuan == 0
    assert result.formula.endswith("促进就业100人，未达到101人：不予补助，0元")


def test_amounts_come_from_the_terms():
    terms = replace(
        TERMS_2022,
        employment_ratio_percent=Decimal("12.5"),
        subsidy_base_yuan=100_000,
        subsidy_per_person_yuan=50,
        subsidy_cap_yuan=300_000,
    )
    result = operating_subsidy(130, 1000, 0, terms)
    assert (result.threshold, result.amount_yuan) == (125, 100_250)
    assert "12.5%" in result.formula


@pytest.mark.parametrize(
    ("placed", "urban", "rural", "error"),
    [
        (-1, 1000, 0, ValueError),
        (1, -1, 1000, ValueError),
        (1, 1000, -1, ValueError),
        (1, 0, 0, ValueError),  # the city's tasks not entered
        (1.0, 1000, 0, TypeError),
        (True, 1000, 0, TypeError),
        (1, "1000", 0, TypeError),
    ],
)
def test_bad_arguments_are_refused(placed, urban, rural, error):
    with pytest.raises(error):
        operating_subsidy(placed, urban, rural, TERMS_2022)


def test_recognition_award():
    assert recognition_award(TERMS_2022) == 600_000
    assert recognition_award(replace(TERMS_2022, recognition_award_yuan=1)) == 1


def test_formula_without_rounding_when_the_threshold_is_whole():
    result = operating_subsidy(8200, 52_000, 30_000, TERMS_2022)
    assert result.formula.startswith(
        "达标人数 = 10% ×（城镇新增就业任务52000 + 农村劳动力转移就业任务30000）"
        "= 10% × 82000 = 8200人；促进就业8200人，达到8200人"
    )
    assert result.amount_yuan == 200_000
