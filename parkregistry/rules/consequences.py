"""Art. 25: what an evaluation result means for a park (pure, no ORM).

The evaluation of operating year Y is held in Q1 of Y+1 (Art. 23) and graded
优秀 / 合格 / 不合格. Art. 25:

* 优秀 → the subsidy according to the rules, and a city-wide commendation
  (全市通报表扬) on that year's list;
* 合格 → the subsidy according to the rules;
* 不合格 → rectification within a deadline (责令限期整改) and no subsidy for Y;
  - 整改合格 → the park returns to normal;
  - 整改后仍不合格 → "取消其上一个考核评估周期应划拨的补助资金": the subsidy
    due for the previous evaluation cycle, i.e. operating year Y−1 (the
    failed year Y has no subsidy to withdraw), is withdrawn and recorded
    against Y−1. If Y−1 was not evaluated or was itself 不合格, nothing was due
    and nothing is withdrawn. The park stays 整改中 until its next evaluation;
* 连续两次考核评估为不合格 → revocation of the park's status, proposed by the
  system and confirmed by a city editor with a decision. "Consecutive" means
  two consecutive operating years (Y−1 and Y), whatever the rectification in
  between achieved; a year without an evaluation breaks the run.

The functions return frozen value objects; ``parkregistry/services.py`` applies
them to the records.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from django.utils.translation import gettext as _

from notices.rules.formatting import long_date

ARTICLE_EXCELLENT = "第二十五条第（一）项"
ARTICLE_PASS = "第二十五条第（二）项"  # noqa: S105 (an article, not a password)
# The measures number the third item "(二)" again; it is the third one.
ARTICLE_FAIL = "第二十五条第（三）项"
# The words of Art. 25(三) that withdraw a subsidy, quoted wherever the registry
# shows a withdrawal (they can be read two ways: see ``withdrawal_reading``).
WITHDRAWAL_WORDS = "整改后仍不合格的，取消其上一个考核评估周期应划拨的补助资金"


class Grade(StrEnum):
    """An evaluation grade (考核评估等次)."""

    EXCELLENT = "优秀"
    PASS = "合格"  # noqa: S105 (a grade, not a password)
    FAIL = "不合格"


class RectificationResult(StrEnum):
    """The outcome of a rectification after a 不合格 grade."""

    PASSED = "整改合格"
    STILL_FAILING = "整改后仍不合格"


class ParkState(StrEnum):
    """A park's status in the registry as the consequences leave it."""

    NORMAL = "正常"
    RECTIFYING = "整改中"
    REVOKED = "已取消"


SUBSIDY_GRADES = frozenset({Grade.EXCELLENT, Grade.PASS})


@dataclass(frozen=True)
class GradeConsequence:
    """What a year's grade entails (Art. 25).

    Attributes:
        year: the operating year evaluated.
        grade: its grade.
        subsidy_eligible: the year's operating subsidy may be paid (the amount
            itself follows Art. 13, see ``parkregistry.rules.money``).
        commendation: the park goes on the year's commendation list (通报表扬).
        rectification_required: the park must rectify (责令限期整改).
        rectification_deadline: the last day for the rectification, inclusive;
            None unless rectification is required.
        state: the park's status after the grade is recorded.
        article: the article applied.
        summary: a Chinese sentence for the registry and the change log.
    """

    year: int
    grade: Grade
    subsidy_eligible: bool
    commendation: bool
    rectification_required: bool
    rectification_deadline: date | None
    state: ParkState
    article: str
    summary: str


@dataclass(frozen=True)
class RectificationConsequence:
    """What a rectification result entails (Art. 25(三)).

    Attributes:
        evaluated_year: the operating year graded 不合格.
        result: the rectification result.
        state: the park's status afterwards.
        withdraw_subsidy_year: the operating year whose subsidy is withdrawn
            (the previous evaluation cycle, ``evaluated_year - 1``), or None.
        summary: a Chinese sentence for the registry and the change log.
    """

    evaluated_year: int
    result: RectificationResult
    state: ParkState
    withdraw_subsidy_year: int | None
    summary: str


@dataclass(frozen=True)
class RevocationProposal:
    """Two consecutive operating years graded 不合格: revocation is due.

    The system only proposes; a city editor confirms it with a decision.

    Attributes:
        years: the two consecutive years, earlier first.
        article: the article applied.
        reason: a Chinese sentence giving the reason.
    """

    years: tuple[int, int]
    article: str
    reason: str


def rectification_deadline(decided_on: date, days: int) -> date:
    """The last day of a rectification period of ``days`` calendar days.

    The day of the decision is not counted: a 30-day period decided on
    1 March ends on 31 March (the deadline day itself is included).

    Args:
        decided_on: the date the rectification is ordered.
        days: the length of the period in calendar days, at least 1.

    Returns:
        The deadline (inclusive).

    Raises:
        ValueError: ``days`` is less than 1.
    """
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        raise ValueError(f"days must be a whole number of at least 1, got {days!r}")
    return decided_on + timedelta(days=days)


def grade_consequence(
    year: int,
    grade: Grade | str,
    *,
    decided_on: date | None = None,
    rectification_days: int | None = None,
    deadline: date | None = None,
) -> GradeConsequence:
    """The consequences of the grade of operating year ``year``.

    Args:
        year: the operating year evaluated.
        grade: 优秀 / 合格 / 不合格 (a ``Grade`` or its value).
        decided_on: the date of the result; with ``rectification_days`` it
            gives the deadline of a 不合格 grade.
        rectification_days: the rectification period in calendar days.
        deadline: an explicit rectification deadline; wins over the period.

    Returns:
        The consequence. For 不合格 a deadline is required.

    Raises:
        ValueError: an unknown grade; a 不合格 grade without a deadline (neither
            ``deadline`` nor ``decided_on`` with ``rectification_days``); or a
            deadline before ``decided_on``.
    """
    grade = Grade(grade)
    if grade is Grade.EXCELLENT:
        return GradeConsequence(
            year=year,
            grade=grade,
            subsidy_eligible=True,
            commendation=True,
            rectification_required=False,
            rectification_deadline=None,
            state=ParkState.NORMAL,
            article=ARTICLE_EXCELLENT,
            summary=_(
                "Graded excellent for %(year)s: eligible for the operating subsidy "
                "and commended city-wide."
            )
            % {"year": year},
        )
    if grade is Grade.PASS:
        return GradeConsequence(
            year=year,
            grade=grade,
            subsidy_eligible=True,
            commendation=False,
            rectification_required=False,
            rectification_deadline=None,
            state=ParkState.NORMAL,
            article=ARTICLE_PASS,
            summary=_("Graded pass for %(year)s: eligible for the operating subsidy.")
            % {"year": year},
        )

    if deadline is None:
        if decided_on is None or rectification_days is None:
            raise ValueError(
                "a 不合格 grade needs a rectification deadline: pass deadline, or "
                "decided_on and rectification_days"
            )
        deadline = rectification_deadline(decided_on, rectification_days)
    if decided_on is not None and deadline < decided_on:
        raise ValueError(
            f"the rectification deadline {deadline} is before the decision {decided_on}"
        )
    return GradeConsequence(
        year=year,
        grade=grade,
        subsidy_eligible=False,
        commendation=False,
        rectification_required=True,
        rectification_deadline=deadline,
        state=ParkState.RECTIFYING,
        article=ARTICLE_FAIL,
        summary=_(
            "Graded fail for %(year)s: no operating subsidy; rectification "
            "required by %(deadline)s."
        )
        % {"year": year, "deadline": long_date(deadline)},
    )


def rectification_consequence(
    evaluated_year: int,
    result: RectificationResult | str,
    previous_grade: Grade | str | None,
) -> RectificationConsequence:
    """The consequences of the rectification after a 不合格 grade.

    Args:
        evaluated_year: the operating year graded 不合格 (Y).
        result: 整改合格 or 整改后仍不合格.
        previous_grade: the grade of the previous evaluation cycle (Y−1), or
            None when Y−1 was not evaluated (e.g. the park's first year).

    Returns:
        整改合格: back to 正常, nothing withdrawn. 整改后仍不合格: the subsidy of
        Y−1 is withdrawn when Y−1 was graded 优秀 or 合格 (a subsidy was due);
        otherwise nothing was due and nothing is withdrawn; the park stays
        整改中 until its next evaluation.

    Raises:
        ValueError: an unknown result or grade.
    """
    result = RectificationResult(result)
    previous = Grade(previous_grade) if previous_grade is not None else None
    if result is RectificationResult.PASSED:
        return RectificationConsequence(
            evaluated_year=evaluated_year,
            result=result,
            state=ParkState.NORMAL,
            withdraw_subsidy_year=None,
            summary=_("Rectification for %(year)s passed: the park returns to normal.")
            % {"year": evaluated_year},
        )
    previous_year = evaluated_year - 1
    if previous in SUBSIDY_GRADES:
        return RectificationConsequence(
            evaluated_year=evaluated_year,
            result=result,
            state=ParkState.RECTIFYING,
            withdraw_subsidy_year=previous_year,
            summary=_(
                "Still failing after rectification for %(year)s: the operating "
                "subsidy of the previous evaluation cycle (%(previous)s) is "
                "withdrawn."
            )
            % {"year": evaluated_year, "previous": previous_year},
        )
    return RectificationConsequence(
        evaluated_year=evaluated_year,
        result=result,
        state=ParkState.RECTIFYING,
        withdraw_subsidy_year=None,
        summary=_(
            "Still failing after rectification for %(year)s: no subsidy was due "
            "for the previous evaluation cycle (%(previous)s), so none is "
            "withdrawn."
        )
        % {"year": evaluated_year, "previous": previous_year},
    )


def _history(
    history: Mapping[int, Grade | str] | Iterable[tuple[int, Grade | str]],
) -> dict[int, Grade]:
    items = history.items() if isinstance(history, Mapping) else history
    grades: dict[int, Grade] = {}
    for year, grade in items:
        if year in grades:
            raise ValueError(f"two grades for {year}")
        grades[year] = Grade(grade)
    return grades


def consecutive_fail_years(
    history: Mapping[int, Grade | str] | Iterable[tuple[int, Grade | str]],
) -> tuple[tuple[int, int], ...]:
    """Every pair of consecutive operating years both graded 不合格.

    Args:
        history: the park's grades by operating year (a mapping or pairs).

    Returns:
        The pairs (Y−1, Y), earliest first. A year without a grade breaks the
        run: 不合格 in 2023 and 2025 with 2024 not evaluated is no pair.

    Raises:
        ValueError: an unknown grade, or two grades for one year.
    """
    grades = _history(history)
    return tuple(
        (year - 1, year)
        for year in sorted(grades)
        if grades[year] is Grade.FAIL and grades.get(year - 1) is Grade.FAIL
    )


def revocation_proposal(
    history: Mapping[int, Grade | str] | Iterable[tuple[int, Grade | str]],
) -> RevocationProposal | None:
    """Whether revocation is due: two consecutive years graded 不合格.

    Args:
        history: the park's grades by operating year (a mapping or pairs);
            rectification results do not matter.

    Returns:
        The proposal for the latest such pair of years, or None.

    Raises:
        ValueError: an unknown grade, or two grades for one year.
    """
    pairs = consecutive_fail_years(history)
    if not pairs:
        return None
    first, second = pairs[-1]
    return RevocationProposal(
        years=(first, second),
        article=ARTICLE_FAIL,
        reason=_(
            "Graded fail in two consecutive evaluations (%(first)s and "
            "%(second)s): the park's status as a municipal HR service industrial "
            "park is to be revoked (Art. 25)."
        )
        % {"first": first, "second": second},
    )


def withdrawal_reading(withdrawn_year: int, failed_year: int) -> str:
    """The reading of Art. 25(三) applied to a withdrawn subsidy, with its words.

    "取消其上一个考核评估周期应划拨的补助资金" can be read as the subsidy of the
    cycle before the failed one, or as the subsidy the failed cycle itself would
    have carried. The registry applies the first reading (see the module): the
    sentence quotes the article and says so, with the years, so the bureau can
    check it where the withdrawal is shown.

    Args:
        withdrawn_year: the operating year whose subsidy is withdrawn (Y−1).
        failed_year: the operating year graded 不合格 and still failing after
            rectification (Y).
    """
    return _(
        "Art. 25(3) of the measures: “%(words)s”. Read here as the operating "
        "year before the year graded fail: %(failed)s was graded fail and still "
        "failed after rectification, so the subsidy due for %(withdrawn)s is "
        "withdrawn; %(failed)s itself has no subsidy because of its fail grade."
    ) % {
        "words": WITHDRAWAL_WORDS,
        "failed": failed_year,
        "withdrawn": withdrawn_year,
    }
