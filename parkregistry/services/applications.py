"""Stage moves of an application (SPEC §2 "Application", Art. 10).

Every move goes through :func:`move`, which refuses moves the procedure does not
allow and records each one as a ``StageMove`` (who, when, opinion). The notice
side calls it with ``Stage.IN_NOTICE`` when a notice is published; the registry
side with ``Stage.APPROVED`` / ``Stage.REJECTED`` when a decision is.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from parkregistry.models import Application, Stage, procedure
from parkregistry.models.in_force import policy_in_force
from parkregistry.models.procedure import (
    ALLOWED_MOVES,
    CITY,
    COUNTY,
    STAGES_NEEDING_ELIGIBILITY,
    IllegalMove,
    Opinion,
    allowed_moves,
    application_facts,
    eligibility_report,
    latest_opinion,
    report_date,
)
from parkregistry.models.registry import ParkSite
from parkregistry.rules.terms import NoPolicyInForce
from parkregistry.services import notifications

__all__ = [
    "ALLOWED_MOVES",
    "CITY",
    "COUNTY",
    "STAGES_NEEDING_ELIGIBILITY",
    "IllegalMove",
    "Opinion",
    "allowed_moves",
    "application_facts",
    "eligibility_report",
    "latest_opinion",
    "move",
    "printed_opinions",
    "report_date",
]


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
    """Move an application (``procedure.move``, same arguments and errors) and,
    when the city made the move, tell the county after the commit.

    Returns:
        The application, saved at its new stage.

    Raises:
        IllegalMove: the procedure refuses the move (nobody is told).
    """
    with transaction.atomic():
        moved = procedure.move(
            application,
            to_stage,
            user,
            note,
            expert_review_date=expert_review_date,
            expert_conclusion=expert_conclusion,
            expert_notes=expert_notes,
            enforce_eligibility=enforce_eligibility,
        )
        notifications.application_moved(moved)
    return moved


def printed_opinions(application: Application) -> dict[str, Opinion]:
    """The county's and the city's opinions as the appendix form prints them:
    the latest of each level with its date (see ``latest_opinion``)."""
    return {
        COUNTY: latest_opinion(application, COUNTY),
        CITY: latest_opinion(application, CITY),
    }


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

    Raises:
        IllegalMove: not at 审核, or the date or the conclusion is missing, or
            the date lies in the future.
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
