"""Evaluations and their consequences (Art. 23–25): grades, rectifications,
withdrawn subsidies and proposed revocations.

``record_evaluation`` records a park's grade for an operating year and
``apply_grade`` applies Art. 25 to the park (status, rectification deadline,
no subsidy for a failed year, a revocation proposed after two consecutive fail
grades); ``record_rectification`` and ``apply_rectification`` do the same for
the result of a rectification. The rules themselves live in the pure module
``parkregistry.rules.consequences``; these services apply them in one
transaction and record who acted (simple-history).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parkregistry.models import (
    Evaluation,
    Grade,
    Park,
    ParkStatus,
    Rectification,
    RectificationResult,
    Revocation,
    SubsidyRecord,
)
from parkregistry.models.registry import RegistryError
from parkregistry.rules import consequences
from parkregistry.rules import registry as registry_rules
from parkregistry.services.history import attributed

STATE_TO_STATUS = {
    consequences.ParkState.NORMAL: ParkStatus.NORMAL,
    consequences.ParkState.RECTIFYING: ParkStatus.RECTIFYING,
    consequences.ParkState.REVOKED: ParkStatus.REVOKED,
}


def grade_history(park: Park) -> dict[int, str]:
    return dict(park.evaluations.values_list("year", "grade"))


def record_evaluation(
    park: Park,
    year: int,
    grade: str,
    held_on: date,
    *,
    rectification_deadline: date | None = None,
    economic_development: str = "",
    role_played: str = "",
    operation_management: str = "",
    user=None,
    today: date | None = None,
) -> Evaluation:
    """Record the grade of operating year ``year`` and apply Art. 25.

    Args:
        today: the local date of the recording (default: today); the
            evaluation must have been held by then.

    Raises:
        RegistryError: twice for a year, a year before approval, not in Q1 of
            ``year`` + 1, held after ``today`` (in the future), a 不合格 grade
            without a deadline, or a revoked park.
    """
    if park.status == ParkStatus.REVOKED:
        raise RegistryError(_("The park has been revoked: it is no longer evaluated."))
    # Art. 23 (Q1 of the next year, not in the future) is checked here before
    # anything else, then again by the model's clean() with the whole record.
    date_error = registry_rules.evaluation_date_error(
        year, held_on, today or timezone.localdate()
    )
    if date_error:
        raise RegistryError(date_error)
    evaluation = Evaluation(
        park=park,
        year=year,
        grade=grade,
        held_on=held_on,
        rectification_deadline=rectification_deadline,
        economic_development=economic_development,
        role_played=role_played,
        operation_management=operation_management,
    )
    try:
        evaluation.full_clean(validate_constraints=False)
    except ValidationError as exc:
        raise RegistryError(
            " ".join(m for msgs in exc.message_dict.values() for m in msgs)
        ) from exc
    with transaction.atomic():
        Park.objects.select_for_update().filter(pk=park.pk).first()
        if Evaluation.objects.filter(park=park, year=year).exists():
            raise RegistryError(
                _("This park already has a grade for %(year)s.") % {"year": year}
            )
        attributed(evaluation, user).save()
        apply_grade(evaluation, user=user)
    return evaluation


def apply_grade(evaluation: Evaluation, user=None) -> consequences.GradeConsequence:
    """Apply Art. 25 to the park for a recorded evaluation (idempotent)."""
    park = Park.objects.get(pk=evaluation.park_id)
    result = consequences.grade_consequence(
        evaluation.year,
        consequences.Grade(evaluation.grade),
        decided_on=evaluation.held_on,
        deadline=evaluation.rectification_deadline,
    )
    if result.rectification_required and not hasattr_rectification(evaluation):
        attributed(
            Rectification(
                evaluation=evaluation,
                deadline=result.rectification_deadline,
                summary=result.summary,
            ),
            user,
        ).save()
    # Only the latest evaluated year decides the current status.
    latest = park.evaluations.order_by("-year").values_list("year", flat=True).first()
    if park.status != ParkStatus.REVOKED and latest == evaluation.year:
        park.status = STATE_TO_STATUS[result.state]
        park.rectification_deadline = result.rectification_deadline
        attributed(park, user, result.summary).save()
    if not result.subsidy_eligible:
        # A failed year has no subsidy (Art. 25(三)).
        SubsidyRecord.objects.filter(park=park, year=evaluation.year).update(
            amount_yuan=0
        )
    proposal = consequences.revocation_proposal(grade_history(park))
    if proposal and park.status != ParkStatus.REVOKED:
        if not Revocation.objects.filter(park=park).exists():
            attributed(
                Revocation(
                    park=park,
                    first_year=proposal.years[0],
                    second_year=proposal.years[1],
                    proposed_on=evaluation.held_on,
                    reason=proposal.reason,
                ),
                user,
            ).save()
    return result


def hasattr_rectification(evaluation: Evaluation) -> bool:
    return Rectification.objects.filter(evaluation=evaluation).exists()


def record_rectification(
    evaluation: Evaluation,
    result: str,
    decided_on: date,
    user=None,
    today: date | None = None,
) -> Rectification:
    """Record the result of a rectification and apply Art. 25(三).

    整改合格 returns the park to 正常; 整改后仍不合格 withdraws the subsidy of the
    previous evaluation cycle (operating year Y−1), recorded against that cycle.

    Args:
        today: the local date of the recording (default: today); the result
            cannot be dated after it.

    Raises:
        RegistryError: the evaluation is not 不合格, the result is already set,
            or it is dated in the future.
    """
    if evaluation.grade != Grade.FAIL:
        raise RegistryError(_("Only a fail grade has a rectification."))
    date_error = registry_rules.rectification_result_date_error(
        decided_on, today or timezone.localdate()
    )
    if date_error:
        raise RegistryError(date_error)
    result = RectificationResult(result)
    if result == RectificationResult.PENDING:
        raise RegistryError(_("Choose the rectification result."))
    with transaction.atomic():
        rect = Rectification.objects.select_for_update().get(evaluation=evaluation)
        if rect.result:
            if rect.result == result:
                return rect
            raise RegistryError(_("The rectification result is already recorded."))
        rect.result = result
        rect.decided_on = decided_on
        apply_rectification(rect, user=user)
    return rect


def apply_rectification(rect: Rectification, user=None) -> None:
    """Apply Art. 25(三) for a rectification whose result is set (idempotent)."""
    evaluation = rect.evaluation
    if not rect.result:
        return
    with transaction.atomic():
        previous = (
            Evaluation.objects.filter(park=evaluation.park, year=evaluation.year - 1)
            .values_list("grade", flat=True)
            .first()
        )
        outcome = consequences.rectification_consequence(
            evaluation.year,
            consequences.RectificationResult(rect.result),
            previous,
        )
        rect.summary = outcome.summary
        attributed(rect, user, outcome.summary).save()
        park = Park.objects.get(pk=evaluation.park_id)
        latest = park.evaluations.order_by("-year").values_list("year", flat=True)[0]
        if park.status != ParkStatus.REVOKED and latest == evaluation.year:
            park.status = STATE_TO_STATUS[outcome.state]
            if outcome.state == consequences.ParkState.NORMAL:
                park.rectification_deadline = None
            attributed(park, user, outcome.summary).save()
        if outcome.withdraw_subsidy_year is not None:
            subsidy, _created = SubsidyRecord.objects.get_or_create(
                park=park, year=outcome.withdraw_subsidy_year
            )
            if not subsidy.withdrawn:
                subsidy.withdrawn = True
                subsidy.withdrawn_in_cycle = evaluation.year
                subsidy.withdrawal_reason = outcome.summary
                attributed(subsidy, user, outcome.summary).save()
