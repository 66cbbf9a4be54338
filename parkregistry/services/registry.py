"""Registry services: approval, evaluations and their consequences, subsidies,
revocation and decisions (Art. 10(4), 12, 13, 23–25).

Each service runs in one transaction and records who acted (simple-history).
The rules themselves live in the pure modules ``consequences`` and ``money``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parkregistry.models import (
    AnnualTask,
    Application,
    DecisionKind,
    DecisionPage,
    Evaluation,
    Grade,
    Park,
    ParkInstitution,
    ParkSite,
    ParkStatus,
    RecognitionAward,
    Rectification,
    RectificationResult,
    Revocation,
    RevocationStatus,
    Stage,
    SubsidyRecord,
)
from parkregistry.models.registry import name_prefix_error, name_prefix_on
from parkregistry.rules import consequences, money
from parkregistry.rules.terms import NoPolicyInForce

STATE_TO_STATUS = {
    consequences.ParkState.NORMAL: ParkStatus.NORMAL,
    consequences.ParkState.RECTIFYING: ParkStatus.RECTIFYING,
    consequences.ParkState.REVOKED: ParkStatus.REVOKED,
}


class RegistryError(Exception):
    """A registry action is refused; ``str(exc)`` is the Chinese user message."""


# When set (importing or demo data), history records carry this date instead of now.
HISTORY_DATE: ContextVar[datetime | None] = ContextVar("HISTORY_DATE", default=None)


@contextmanager
def history_dated(moment: datetime) -> Iterator[None]:
    """Date the history of the records saved inside the block at ``moment``."""
    token = HISTORY_DATE.set(moment)
    try:
        yield
    finally:
        HISTORY_DATE.reset(token)


def _by(record, user, reason: str = ""):
    moment = HISTORY_DATE.get()
    if moment is not None:
        record._history_date = moment
    if user is not None and getattr(user, "pk", None):
        record._history_user = user
    if reason:
        record._change_reason = reason[:100]
    return record


def proposed_name(application: Application, day: date | None = None) -> str:
    """晋中 + the proposed name (unless the name already begins with it)."""
    prefix = name_prefix_on(day)
    name = application.name.strip()
    return name if name.startswith(prefix) else prefix + name


# --- approval -------------------------------------------------------------


def enter_park(
    application: Application,
    official_name: str,
    doc_no: str,
    approved_on: date,
    user=None,
    notice=None,
) -> Park:
    """Enter an approved application in the registry (no notice check).

    Copies county, address, sites and institutions from the application and
    records the one-off recognition award (Art. 12). ``approve`` is the guarded
    entry point; this is used by it and for importing earlier approvals.

    Raises:
        RegistryError: the name lacks the prefix, is taken, or no document number.
    """
    from parkregistry.models.in_force import policy_in_force

    official_name = (official_name or "").strip()
    try:
        terms = policy_in_force(approved_on)
    except NoPolicyInForce as exc:
        raise RegistryError(
            _(
                "No version of the measures is in force on %(date)s: register the "
                "renewed version before approving."
            )
            % {"date": approved_on.isoformat()}
        ) from exc
    message = name_prefix_error(official_name, approved_on)
    if message:
        raise RegistryError(message)
    if not (doc_no or "").strip():
        raise RegistryError(_("Enter the approval document number."))
    if Park.objects.filter(name=official_name).exists():
        raise RegistryError(
            _("A park named “%(name)s” is already in the registry.")
            % {"name": official_name}
        )
    with transaction.atomic():
        park = Park(
            name=official_name,
            county=application.county,
            address=application.address,
            operator=getattr(application, "applicant_unit", "") or "",
            services=_services_text(application),
            application=application,
            notice=notice,
            approval_doc_no=doc_no.strip(),
            approved_on=approved_on,
        )
        _by(park, user, _("Approved and entered in the registry")).save()
        for n, site in enumerate(application.sites.all()):
            _by(
                ParkSite(
                    park=park,
                    name=site.name,
                    address=site.address,
                    area_m2=site.area_m2,
                    is_core=site.is_core,
                    sort_order=n,
                ),
                user,
            ).save()
        for n, inst in enumerate(application.institutions.all()):
            _by(
                ParkInstitution(
                    park=park,
                    name=inst.name,
                    licence_no=inst.licence_no,
                    operating=inst.operating,
                    sort_order=n,
                ),
                user,
            ).save()
        _by(
            RecognitionAward(
                park=park,
                amount_yuan=money.recognition_award(terms),
                awarded_on=approved_on,
                policy_title=f"{terms.title} {terms.doc_no}".strip(),
            ),
            user,
        ).save()
    return park


def ensure_recognition_award(park: Park, user=None) -> RecognitionAward | None:
    """Record the one-off award (Art. 12) of a park entered without an approval
    through this system (e.g. imported by an editor); once only.

    Returns:
        The award, or None when no policy was in force on the approval date.
    """
    from parkregistry.models.in_force import policy_in_force

    existing = RecognitionAward.objects.filter(park=park).first()
    if existing:
        return existing
    try:
        terms = policy_in_force(park.approved_on)
    except NoPolicyInForce:
        return None
    award = RecognitionAward(
        park=park,
        amount_yuan=money.recognition_award(terms),
        awarded_on=park.approved_on,
        policy_title=f"{terms.title} {terms.doc_no}".strip(),
    )
    _by(award, user).save()
    return award


def _services_text(application: Application) -> str:
    services = getattr(application, "services_offered", None)
    if isinstance(services, list | tuple):
        return "\n".join(str(s) for s in services)
    if isinstance(services, str):
        return services
    return ""


def check_may_approve(candidate, now: datetime | None = None):
    """``notices.models.approval.may_approve``, with a window that cannot be computed
    (a year without confirmed holidays) reported as a refusal, never a crash."""
    from notices.models.approval import Approvability, may_approve
    from notices.models.calendars import DateOutOfRange
    from notices.rules.workingdays import CalendarError

    try:
        return may_approve(candidate, now=now)
    except (CalendarError, DateOutOfRange) as exc:
        return Approvability(False, str(exc))


def approval_errors(candidate, official_name: str, now: datetime | None = None) -> str:
    """Why ``candidate`` cannot be approved under ``official_name`` ("" if it can)."""
    application = candidate.subject
    if Park.objects.filter(application=application).exists():
        return ""
    if application.park_id and application.stage == Stage.APPROVED:
        return ""
    answer = check_may_approve(candidate, now=now)
    if not answer:
        return answer.reason
    if application.stage != Stage.IN_NOTICE:
        return _("The application is not in public notice.")
    if application.park_id:
        return ""  # a sub-park request keeps the park's name (Art. 11)
    return name_prefix_error(official_name, timezone.localdate()) or ""


def approve(
    candidate,
    official_name: str,
    doc_no: str,
    approved_on: date,
    user=None,
    now: datetime | None = None,
) -> Park:
    """Approve a notice candidate (确定): the park enters the registry.

    Args:
        candidate: a ``notices.NoticeCandidate`` whose notice has closed.
        official_name: the official name; must begin with the policy prefix.
        doc_no: the approval document number.
        approved_on: the approval date.
        user: the city editor approving.
        now: the moment of the check (default: now).

    Returns:
        The new park (or the existing one when already approved: idempotent).

    Raises:
        RegistryError: ``may_approve`` refuses, or the name or number is wrong.
    """
    from parkregistry.services.applications import IllegalMove, move

    application = candidate.subject
    existing = Park.objects.filter(application=application).first()
    if existing:
        return existing
    if application.park_id and application.stage == Stage.APPROVED:
        return application.park  # the sub-park request was approved already
    answer = check_may_approve(candidate, now=now)
    if not answer:
        raise RegistryError(answer.reason)
    if application.park_id:
        return add_sub_parks(candidate, doc_no, approved_on, user=user)
    with transaction.atomic():
        try:
            move(application, Stage.APPROVED, user, note=doc_no)
        except IllegalMove as exc:
            raise RegistryError(str(exc)) from exc
        application.refresh_from_db()
        return enter_park(
            application,
            official_name,
            doc_no,
            approved_on,
            user=user,
            notice=candidate.page,
        )


def add_sub_parks(candidate, doc_no: str, approved_on: date, user=None) -> Park:
    """Approve a request to add sub-parks to an existing park (Art. 11).

    Delegates to ``applications_services.approve_sub_park``, which adds the
    sites within the policy's limit; no second recognition award.

    Raises:
        RegistryError: the park is revoked, or the request cannot be approved.
    """
    from parkregistry.services.applications import IllegalMove, approve_sub_park

    application = candidate.subject
    park = Park.objects.get(pk=application.park_id)
    if park.status == ParkStatus.REVOKED:
        raise RegistryError(_("The park has been revoked: no sub-park can be added."))
    try:
        approve_sub_park(application, user=user, note=doc_no)
    except IllegalMove as exc:
        raise RegistryError(str(exc)) from exc
    return Park.objects.get(pk=park.pk)


# --- evaluations and consequences ------------------------------------------


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
) -> Evaluation:
    """Record the grade of operating year ``year`` and apply Art. 25.

    Raises:
        RegistryError: twice for a year, a year before approval, not in Q1 of
            ``year`` + 1, a 不合格 grade without a deadline, or a revoked park.
    """
    from django.core.exceptions import ValidationError

    if park.status == ParkStatus.REVOKED:
        raise RegistryError(_("The park has been revoked: it is no longer evaluated."))
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
        _by(evaluation, user).save()
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
        _by(
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
        _by(park, user, result.summary).save()
    if not result.subsidy_eligible:
        # A failed year has no subsidy (Art. 25(三)).
        SubsidyRecord.objects.filter(park=park, year=evaluation.year).update(
            amount_yuan=0
        )
    proposal = consequences.revocation_proposal(grade_history(park))
    if proposal and park.status != ParkStatus.REVOKED:
        if not Revocation.objects.filter(park=park).exists():
            _by(
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
    evaluation: Evaluation, result: str, decided_on: date, user=None
) -> Rectification:
    """Record the result of a rectification and apply Art. 25(三).

    整改合格 returns the park to 正常; 整改后仍不合格 withdraws the subsidy of the
    previous evaluation cycle (operating year Y−1), recorded against that cycle.

    Raises:
        RegistryError: the evaluation is not 不合格, or the result is already set.
    """
    if evaluation.grade != Grade.FAIL:
        raise RegistryError(_("Only a fail grade has a rectification."))
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
        _by(rect, user, outcome.summary).save()
        park = Park.objects.get(pk=evaluation.park_id)
        latest = park.evaluations.order_by("-year").values_list("year", flat=True)[0]
        if park.status != ParkStatus.REVOKED and latest == evaluation.year:
            park.status = STATE_TO_STATUS[outcome.state]
            if outcome.state == consequences.ParkState.NORMAL:
                park.rectification_deadline = None
            _by(park, user, outcome.summary).save()
        if outcome.withdraw_subsidy_year is not None:
            subsidy, _created = SubsidyRecord.objects.get_or_create(
                park=park, year=outcome.withdraw_subsidy_year
            )
            if not subsidy.withdrawn:
                subsidy.withdrawn = True
                subsidy.withdrawn_in_cycle = evaluation.year
                subsidy.withdrawal_reason = outcome.summary
                _by(subsidy, user, outcome.summary).save()


# --- subsidies --------------------------------------------------------------


def compute_subsidy(park: Park, year: int, placed: int) -> dict:
    """The Art. 13 subsidy of ``park`` for ``year``, subject to Art. 25.

    Raises:
        RegistryError: no annual tasks for the year, or no policy in force.
    """
    from parkregistry.api.rules import policy_for_year

    task = AnnualTask.objects.filter(year=year).first()
    if task is None:
        raise RegistryError(
            _("The city's employment tasks for %(year)s have not been entered.")
            % {"year": year}
        )
    try:
        terms = policy_for_year(year)
    except NoPolicyInForce as exc:
        raise RegistryError(
            _("No version of the measures was in force in %(year)s.") % {"year": year}
        ) from exc
    result = money.operating_subsidy(
        placed, task.urban_new_employment, task.rural_labour_transfer, terms
    )
    grade = (
        Evaluation.objects.filter(park=park, year=year)
        .values_list("grade", flat=True)
        .first()
    )
    amount, formula = result.amount_yuan, result.formula
    if grade == Grade.FAIL:
        amount = 0
        formula += "；" + _("graded fail for the year: no operating subsidy (Art. 25)")
    return {
        "threshold": result.threshold,
        "amount_yuan": amount,
        "formula": formula,
        "policy_title": f"{terms.title} {terms.doc_no}".strip(),
    }


def record_subsidy(park: Park, year: int, placed: int, user=None) -> SubsidyRecord:
    """Record the placements of ``park`` for ``year`` and compute its subsidy.

    A withdrawn subsidy stays withdrawn.
    """
    if year < park.approved_on.year:
        raise RegistryError(
            _("The park was approved in %(approved)s: no subsidy for %(year)s.")
            % {"approved": park.approved_on.year, "year": year}
        )
    figures = compute_subsidy(park, year, placed)
    with transaction.atomic():
        record, _created = SubsidyRecord.objects.select_for_update().get_or_create(
            park=park, year=year
        )
        record.placed = placed
        for key, value in figures.items():
            setattr(record, key, value)
        _by(record, user).save()
    return record


# --- revocation -------------------------------------------------------------


def confirm_revocation(
    park: Park,
    revoked_on: date,
    decision_doc_no: str,
    user=None,
    decision: DecisionPage | None = None,
) -> Revocation:
    """Confirm a proposed revocation: the park becomes 已取消 (idempotent).

    Raises:
        RegistryError: no revocation was proposed for the park.
    """
    with transaction.atomic():
        revocation = Revocation.objects.select_for_update().filter(park=park).first()
        if revocation is None:
            raise RegistryError(
                _(
                    "No revocation has been proposed for “%(park)s”: it needs two "
                    "consecutive fail grades."
                )
                % {"park": park}
            )
        if revocation.status == RevocationStatus.CONFIRMED:
            return revocation
        revocation.status = RevocationStatus.CONFIRMED
        revocation.revoked_on = revoked_on
        revocation.decision_doc_no = decision_doc_no
        revocation.decision = decision
        _by(revocation, user).save()
        park = Park.objects.get(pk=park.pk)
        park.status = ParkStatus.REVOKED
        park.revoked_on = revoked_on
        park.revocation_reason = revocation.reason
        park.revocation_decision = decision_doc_no
        park.rectification_deadline = None
        _by(park, user, _("Status revoked")).save()
    return revocation


# --- decisions --------------------------------------------------------------


def decision_errors(page: DecisionPage, parks=None) -> dict[str, list[str]]:
    """What stops a decision page from being applied, by field (before publish).

    Args:
        page: the decision page (its own fields are checked).
        parks: the parks concerned when the caller has them (the admin form's
            cleaned data); by default the page's own.
    """
    if parks is None:
        parks = list(page.parks.all())
    return decision_errors_for(
        kind=page.kind,
        year=page.year,
        candidate=page.candidate if page.candidate_id else None,
        official_name=page.official_name or "",
        parks=list(parks),
    )


def decision_errors_for(
    *, kind: str, year: int | None, candidate, official_name: str, parks: list
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if kind in (DecisionKind.RESULTS, DecisionKind.COMMENDATION):
        if not year:
            errors["year"] = [_("Enter the operating year evaluated.")]
        elif not Evaluation.objects.filter(year=year).exists():
            errors["year"] = [
                _("No evaluation has been recorded for %(year)s.") % {"year": year}
            ]
        elif (
            kind == DecisionKind.COMMENDATION
            and not Evaluation.objects.filter(year=year, grade=Grade.EXCELLENT).exists()
        ):
            errors["year"] = [
                _("No park was graded excellent for %(year)s.") % {"year": year}
            ]
    elif kind == DecisionKind.APPROVAL:
        if candidate is None:
            if not parks:
                errors["candidate"] = [
                    _("Choose the candidate approved (or the parks already approved).")
                ]
        else:
            message = approval_errors(candidate, official_name)
            if message:
                prefix_message = name_prefix_error(official_name, timezone.localdate())
                field = "official_name" if message == prefix_message else "candidate"
                errors[field] = [message]
    elif kind == DecisionKind.REVOCATION:
        if not parks:
            errors["parks"] = [_("Choose the parks whose status is revoked.")]
        for park in parks:
            if not Revocation.objects.filter(park=park).exists():
                errors.setdefault("parks", []).append(
                    _(
                        "No revocation has been proposed for “%(park)s”: it needs "
                        "two consecutive fail grades."
                    )
                    % {"park": park}
                )
    return errors


def apply_decision(page: DecisionPage, user=None) -> None:
    """Apply a published decision to the registry (idempotent).

    Raises:
        RegistryError: the decision cannot be applied (checked before publishing
            by ``DecisionPage.clean``).
    """
    page = DecisionPage.objects.get(pk=page.pk)
    with transaction.atomic():
        if page.kind == DecisionKind.APPROVAL and page.candidate_id:
            park = approve(
                page.candidate,
                page.official_name,
                page.doc_no,
                page.decision_date,
                user=user,
            )
            _link(page, [park])
        elif page.kind == DecisionKind.RESULTS and page.year:
            evaluations = Evaluation.objects.filter(year=page.year)
            evaluations.update(result_decision=page)
            _link(page, Park.objects.filter(evaluations__year=page.year))
        elif page.kind == DecisionKind.COMMENDATION and page.year:
            evaluations = Evaluation.objects.filter(
                year=page.year, grade=Grade.EXCELLENT
            )
            evaluations.update(commendation_decision=page)
            _link(
                page,
                Park.objects.filter(
                    evaluations__year=page.year, evaluations__grade=Grade.EXCELLENT
                ),
            )
        elif page.kind == DecisionKind.REVOCATION:
            for park in page.parks.all():
                confirm_revocation(
                    park, page.decision_date, page.doc_no, user=user, decision=page
                )


def _link(page: DecisionPage, parks) -> None:
    """Link parks to a decision in the database (the field is a cluster field)."""
    through = DecisionPage.parks.through
    for park in parks:
        through.objects.get_or_create(decisionpage_id=page.pk, park_id=park.pk)
