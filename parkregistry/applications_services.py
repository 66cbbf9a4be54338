"""Stage moves of an application (SPEC §2 "Application", Art. 10).

Every move goes through :func:`move`, which refuses moves the procedure does not
allow and records each one as a ``StageMove`` (who, when, opinion). The notice
side calls it with ``Stage.IN_NOTICE`` when a notice is published; the registry
side with ``Stage.APPROVED`` / ``Stage.REJECTED`` when a decision is.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parkregistry import eligibility
from parkregistry.models import Application, Stage
from parkregistry.models.applications import ExpertConclusion, StageMove
from parkregistry.policy import policy_in_force
from parkregistry.rules import NoPolicyInForce

# The procedure as explicit allowed moves: from-stage -> the stages it may go to.
ALLOWED_MOVES: dict[str, frozenset[str]] = {
    Stage.DRAFT: frozenset({Stage.COUNTY_REVIEWED, Stage.WITHDRAWN}),
    Stage.COUNTY_REVIEWED: frozenset(
        {Stage.CITY_REVIEWED, Stage.DRAFT, Stage.REJECTED, Stage.WITHDRAWN}
    ),
    Stage.CITY_REVIEWED: frozenset(
        {Stage.EXPERT_REVIEWED, Stage.REJECTED, Stage.WITHDRAWN}
    ),
    Stage.EXPERT_REVIEWED: frozenset(
        {Stage.IN_NOTICE, Stage.REJECTED, Stage.WITHDRAWN}
    ),
    Stage.IN_NOTICE: frozenset({Stage.APPROVED, Stage.REJECTED, Stage.WITHDRAWN}),
    Stage.APPROVED: frozenset(),
    Stage.REJECTED: frozenset(),
    Stage.WITHDRAWN: frozenset(),
}

# Moving past these stages while a computed criterion fails needs a recorded
# reason (Art. 9 "原则上"): the city may proceed, but must say why.
STAGES_NEEDING_ELIGIBILITY = frozenset(
    {Stage.CITY_REVIEWED, Stage.EXPERT_REVIEWED, Stage.IN_NOTICE, Stage.APPROVED}
)


class IllegalMove(Exception):
    """The procedure does not allow this move; ``str(exc)`` is the user message."""


def allowed_moves(application: Application) -> frozenset[str]:
    """The stages this application may move to next.

    A sub-park request (Art. 11) needs the city's consent, not a public notice:
    after the expert review it may be approved directly (through
    :func:`approve_sub_park`, which updates the park's sites).
    """
    moves = ALLOWED_MOVES.get(application.stage, frozenset())
    if application.park_id and application.stage == Stage.EXPERT_REVIEWED:
        moves = moves | {Stage.APPROVED}
    return moves


def report_date(application: Application, today: date | None = None) -> date:
    """The date whose policy version governs the application's eligibility."""
    return application.filed_on or today or timezone.localdate()


def application_facts(application: Application) -> eligibility.Facts:
    """The facts of an application as the pure eligibility module reads them."""
    return eligibility.Facts(
        sites=tuple(
            eligibility.SiteFact(name=s.name, area_m2=s.area_m2, core=s.is_core)
            for s in application.sites.all()
        ),
        institutions=tuple(
            eligibility.InstitutionFact(
                name=i.name,
                licence_no=i.licence_no,
                revenue_yuan=i.revenue_yuan,
                operating=i.operating,
            )
            for i in application.institutions.all()
        ),
        public_services=application.public_services,
    )


def eligibility_report(
    application: Application, today: date | None = None
) -> eligibility.Report:
    """The Art. 9 report of an application: the same computation as the API.

    Raises:
        NoPolicyInForce: no policy version is in force on the report date.
    """
    terms = policy_in_force(report_date(application, today))
    return eligibility.check(application_facts(application), terms)


def move(
    application: Application,
    to_stage: str,
    user=None,
    note: str = "",
    *,
    expert_review_date: date | None = None,
    expert_conclusion: str = "",
    expert_notes: str = "",
    enforce_eligibility: bool = False,
) -> Application:
    """Move an application to ``to_stage`` and record the move.

    The move is written as a ``StageMove`` (who, when, opinion). The opinion of
    the move to 初审 is the county's opinion and that of the move to 审核 the
    city's (each with today's date) unless one was already entered. Moving to
    专家评审 records the review's date (today if not given), conclusion and notes.

    Args:
        application: the application to move.
        to_stage: a ``Stage`` value.
        user: who makes the move (recorded).
        note: the opinion or reason given with the move.
        expert_review_date: date of the expert review (move to 专家评审).
        expert_conclusion: an ``ExpertConclusion`` value (move to 专家评审).
        expert_notes: the experts' notes (move to 专家评审).
        enforce_eligibility: refuse to move past the county while a computed
            Art. 9 criterion fails and no reason to proceed is recorded (the
            admin sets it; services that follow a published decision do not).

    Returns:
        The application, saved at its new stage.

    Raises:
        IllegalMove: the move is not one the procedure allows, or the
            eligibility rule above refuses it.
    """
    today = timezone.localdate()
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if to_stage not in allowed_moves(locked):
            raise IllegalMove(
                _("An application at stage “%(from)s” cannot move to “%(to)s”.")
                % {
                    "from": Stage(locked.stage).label,
                    "to": Stage(to_stage).label
                    if to_stage in Stage.values
                    else to_stage,
                }
            )
        if (
            enforce_eligibility
            and to_stage in STAGES_NEEDING_ELIGIBILITY
            and not locked.park_id
        ):
            _check_eligibility(locked, today)
        if expert_conclusion and expert_conclusion not in ExpertConclusion.values:
            raise IllegalMove(_("Unknown expert review conclusion."))
        from_stage = locked.stage
        locked.stage = to_stage
        note = (note or "").strip()
        if to_stage == Stage.COUNTY_REVIEWED and note and not locked.county_opinion:
            locked.county_opinion = note
            locked.county_opinion_date = today
        if to_stage == Stage.CITY_REVIEWED and note and not locked.city_opinion:
            locked.city_opinion = note
            locked.city_opinion_date = today
        if to_stage == Stage.EXPERT_REVIEWED:
            locked.expert_review_date = (
                expert_review_date or locked.expert_review_date or today
            )
            if expert_conclusion:
                locked.expert_conclusion = expert_conclusion
            if expert_notes:
                locked.expert_notes = expert_notes
        if user is not None and getattr(user, "is_authenticated", False):
            locked._history_user = user
        else:
            user = None
        locked._change_reason = (
            f"{Stage(from_stage).label} → {Stage(to_stage).label}"
        )[:100]
        locked.save()
        StageMove.objects.create(
            application=locked,
            from_stage=from_stage,
            to_stage=to_stage,
            moved_by=user,
            opinion=note,
        )
    application.stage = locked.stage
    return locked


def _check_eligibility(application: Application, today: date) -> None:
    try:
        report = eligibility_report(application, today)
    except NoPolicyInForce as exc:
        raise IllegalMove(
            _(
                "No version of the measures is in force on %(date)s: the eligibility "
                "cannot be checked. Register the version in force first."
            )
            % {"date": exc.day.isoformat()}
        ) from None
    if not report.eligible and not application.proceed_reason.strip():
        raise IllegalMove(
            _(
                "These criteria of Art. 9 fail: %(keys)s. Record the reason to "
                "proceed despite them before moving on."
            )
            % {"keys": "、".join(c.detail for c in report.failed)}
        )


def record_expert_review(
    application: Application,
    review_date: date,
    conclusion: str,
    notes: str = "",
    user=None,
) -> Application:
    """Record the expert review (Art. 10(2)) and move to 专家评审.

    Args:
        application: an application at 审核 (city reviewed).
        review_date: when the experts met.
        conclusion: an ``ExpertConclusion`` value.
        notes: the experts' notes.
        user: who records it.

    Returns:
        The application at stage 专家评审.
    """
    return move(
        application,
        Stage.EXPERT_REVIEWED,
        user=user,
        note=notes,
        expert_review_date=review_date,
        expert_conclusion=conclusion,
        expert_notes=notes,
    )


def put_in_notice(application: Application, user=None, note: str = "") -> Application:
    """For the notice feature: the application is listed on a published notice."""
    return move(application, Stage.IN_NOTICE, user=user, note=note)


def decide(
    application: Application, approved: bool, user=None, note: str = ""
) -> Application:
    """For the decision feature: 确定 or 不予认定 after the notice."""
    return move(
        application,
        Stage.APPROVED if approved else Stage.REJECTED,
        user=user,
        note=note,
    )


def sub_park_count_after(application: Application) -> tuple[int, int]:
    """Sub-parks the park would have after approving ``application``, and the
    policy's maximum (Art. 9(2): 分园区原则上不超过3个)."""
    park = application.park
    existing = park.sites.filter(is_core=False).count()
    # A park recorded without a core site counts all its sites but one.
    if not park.sites.filter(is_core=True).exists() and park.sites.exists():
        existing = park.sites.count() - 1
    terms = policy_in_force(report_date(application))
    return existing + application.sites.count(), terms.max_sub_parks


def approve_sub_park(
    application: Application, user=None, note: str = ""
) -> Application:
    """Approve an Art. 11 request: the park gets the new sub-parks.

    Args:
        application: a sub-park request (``park`` set) at stage 专家评审.
        user: the city editor approving it.
        note: the city's opinion (the consent document, for instance).

    Returns:
        The application at stage 确定.

    Raises:
        IllegalMove: not a sub-park request, a wrong stage, no sites, or more
            sub-parks than the policy allows without a recorded exception.
    """
    from parkregistry.models.registry import ParkSite

    if not application.park_id:
        raise IllegalMove(_("This is not a request to add a sub-park."))
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if not locked.sites.exists():
            raise IllegalMove(_("The request names no sub-park to add."))
        try:
            count, maximum = sub_park_count_after(locked)
        except NoPolicyInForce as exc:
            raise IllegalMove(
                _("No version of the measures is in force on %(date)s.")
                % {"date": exc.day.isoformat()}
            ) from None
        if count > maximum and not locked.sub_park_exception.strip():
            raise IllegalMove(
                _(
                    "The park would have %(count)s sub-parks, more than the %(max)s "
                    "allowed in principle; record the exception first."
                )
                % {"count": count, "max": maximum}
            )
        moved = move(locked, Stage.APPROVED, user=user, note=note)
        park = moved.park
        start = park.sites.count()
        for n, site in enumerate(moved.sites.all()):
            new_site = ParkSite(
                park=park,
                name=site.name,
                address=site.address,
                area_m2=site.area_m2,
                is_core=False,
                sort_order=start + n,
            )
            if user is not None and getattr(user, "is_authenticated", False):
                new_site._history_user = user
            new_site.save()
    application.stage = moved.stage
    return moved
