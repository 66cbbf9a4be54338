"""Art. 12 recognition award and Art. 13 operating subsidy (pure, no ORM).

Art. 13: a park whose persons placed in employment in the year reach 10 % of the
city's urban new-employment task plus rural labour-transfer task for that year
gets a 200,000 元 base operating subsidy, plus 20 元 for every person above that
threshold, at most 500,000 元 a year (每年补助总额不超过50万元: ≤, the cap itself
is allowed). Every figure comes from the policy version (``PolicyTerms``).

The threshold T = ratio % × (U + R) is rounded UP to whole persons with exact
``Decimal`` arithmetic (10 % × 1001 = 100.1 → 101): a park "reaches" the
threshold only with a whole number of persons at least that large, so P ≥ T.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal, localcontext

from django.utils.translation import gettext as _

from parkregistry.rules.eligibility import format_number
from parkregistry.rules.terms import PolicyTerms

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class SubsidyResult:
    """The operating subsidy for one park and year, with the formula used.

    Attributes:
        threshold: T, the persons to place, rounded up to whole persons.
        eligible: whether persons placed ≥ T.
        amount_yuan: the subsidy in whole yuan (0 when not eligible).
        formula: the computation in Chinese, with the numbers.
    """

    threshold: int
    eligible: bool
    amount_yuan: int
    formula: str


def _count(value: int, name: str) -> int:
    # bool is an int subclass; a flag is not a head count.
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}")
    if value < 0:
        raise ValueError(f"{name} cannot be negative: {value}")
    return value


def employment_threshold(urban_task: int, rural_task: int, terms: PolicyTerms) -> int:
    """T = ratio % × (urban task + rural task), rounded up to whole persons.

    Args:
        urban_task: the city's urban new-employment task for the year (persons).
        rural_task: the city's rural labour-transfer task for the year (persons).
        terms: the policy version for the year (``employment_ratio_percent``).

    Returns:
        The threshold in whole persons, e.g. 10 % of 1001 → 101.

    Raises:
        TypeError: a task is not an int.
        ValueError: a task is negative.
    """
    total = _count(urban_task, "urban_task") + _count(rural_task, "rural_task")
    with localcontext() as ctx:
        ctx.prec = 60
        exact = Decimal(terms.employment_ratio_percent) * total / HUNDRED
        return int(exact.to_integral_value(rounding=ROUND_CEILING))


def operating_subsidy(
    placed: int, urban_task: int, rural_task: int, terms: PolicyTerms
) -> SubsidyResult:
    """The Art. 13 operating subsidy of a park for one year.

    Args:
        placed: P, persons the park placed in employment in the year.
        urban_task: U, the city's urban new-employment task for the year.
        rural_task: R, the city's rural labour-transfer task for the year.
        terms: the policy version for that year.

    Returns:
        T = ⌈ratio % × (U + R)⌉; eligible iff P ≥ T; the amount is
        min(cap, base + per_person × (P − T)) when eligible, else 0; and the
        formula in Chinese showing every number.

    Raises:
        TypeError: an argument is not an int.
        ValueError: an argument is negative, or U + R is 0 (the city's tasks for
            the year have not been entered; a zero task would make every park
            eligible).
    """
    placed = _count(placed, "placed")
    threshold = employment_threshold(urban_task, rural_task, terms)
    tasks = urban_task + rural_task
    if tasks == 0:
        raise ValueError("urban_task + rural_task must be greater than 0")

    ratio = format_number(Decimal(terms.employment_ratio_percent))
    with localcontext() as ctx:
        ctx.prec = 60
        exact = Decimal(terms.employment_ratio_percent) * tasks / HUNDRED
    if exact == threshold:
        template = _(
            "Threshold = %(ratio)s%% × (urban new-employment task %(urban)s + rural "
            "labour-transfer task %(rural)s) = %(ratio)s%% × %(tasks)s = "
            "%(threshold)s persons"
        )
    else:
        template = _(
            "Threshold = %(ratio)s%% × (urban new-employment task %(urban)s + rural "
            "labour-transfer task %(rural)s) = %(ratio)s%% × %(tasks)s = %(exact)s, "
            "rounded up to %(threshold)s persons"
        )
    threshold_text = template % {
        "ratio": ratio,
        "urban": urban_task,
        "rural": rural_task,
        "tasks": tasks,
        "exact": format_number(exact),
        "threshold": threshold,
    }

    if placed < threshold:
        formula = (
            threshold_text
            + "；"
            + _(
                "%(placed)s persons placed, below the threshold of %(threshold)s: "
                "no operating subsidy, 0 yuan"
            )
            % {"placed": placed, "threshold": threshold}
        )
        return SubsidyResult(threshold, False, 0, formula)

    uncapped = terms.subsidy_base_yuan + terms.subsidy_per_person_yuan * (
        placed - threshold
    )
    amount = min(terms.subsidy_cap_yuan, uncapped)
    computation = _(
        "%(placed)s persons placed, at least %(threshold)s: subsidy = %(base)s + "
        "%(per)s × (%(placed)s − %(threshold)s) = %(uncapped)s yuan"
    ) % {
        "placed": placed,
        "threshold": threshold,
        "base": terms.subsidy_base_yuan,
        "per": terms.subsidy_per_person_yuan,
        "uncapped": uncapped,
    }
    if uncapped > terms.subsidy_cap_yuan:
        cap_text = _(
            "above the yearly cap of %(cap)s yuan, so %(amount)s yuan is granted"
        ) % {"cap": terms.subsidy_cap_yuan, "amount": amount}
    else:
        cap_text = _(
            "within the yearly cap of %(cap)s yuan, so %(amount)s yuan is granted"
        ) % {"cap": terms.subsidy_cap_yuan, "amount": amount}
    formula = "；".join((threshold_text, computation, cap_text))
    return SubsidyResult(threshold, True, amount, formula)


def recognition_award(terms: PolicyTerms) -> int:
    """The one-off award for a park recognised under ``terms`` (Art. 12).

    Args:
        terms: the policy version in force on the approval date.

    Returns:
        The award in yuan (600,000 under the 2022 version).
    """
    return terms.recognition_award_yuan
