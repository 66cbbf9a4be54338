"""The procedure of an application (SPEC §2 "Application", Art. 10): the allowed
stage moves, the Art. 9 report the moves check, and the move itself.

Every move goes through :func:`move`, which refuses moves the procedure does not
allow and records each one as a ``StageMove`` (who, when, opinion). A published
notice moves its candidates to ``Stage.IN_NOTICE`` (``Application.on_notice_published``);
a published decision moves them to ``Stage.APPROVED`` / ``Stage.REJECTED``.

This module sits below ``applications`` (which builds ``Application`` on
``ApplicationSubject``), so it names the other models through the app registry.
"""

from __future__ import annotations

from datetime import date

from django.apps import apps
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from notices.models.subject import (
    NoticeMinimum,
    NoticeRuleUnavailable,
    NoticeSubjectMixin,
)
from notices.rules.formatting import long_date
from parkregistry.models.in_force import policy_in_force
from parkregistry.models.stages import ExpertConclusion, Stage
from parkregistry.rules import eligibility
from parkregistry.rules.eligibility import FAIL
from parkregistry.rules.terms import NoPolicyInForce

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


def allowed_moves(application) -> frozenset[str]:
    """The stages this application may move to next.

    A sub-park request (Art. 11) needs the city's consent, not a public notice:
    after the expert review it may be approved directly (through
    :func:`approve_sub_park`, which updates the park's sites).
    """
    moves = ALLOWED_MOVES.get(application.stage, frozenset())
    if application.park_id and application.stage == Stage.EXPERT_REVIEWED:
        moves = moves | {Stage.APPROVED}
    return moves


def report_date(application, today: date | None = None) -> date:
    """The date whose policy version governs the application's eligibility."""
    return application.filed_on or today or timezone.localdate()


def application_facts(application) -> eligibility.Facts:
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


def eligibility_report(application, today: date | None = None) -> eligibility.Report:
    """The Art. 9 report of an application: the same computation as the API.

    Raises:
        NoPolicyInForce: no policy version is in force on the report date.
    """
    terms = policy_in_force(report_date(application, today))
    return eligibility.check(application_facts(application), terms)


def move(
    application,
    to_stage: str,
    user=None,
    note: str = "",
    *,
    expert_review_date: date | None = None,
    expert_conclusion: str = "",
    expert_notes: str = "",
    enforce_eligibility: bool = False,
):
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
        locked = type(application).objects.select_for_update().get(pk=application.pk)
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
        apps.get_model("parkregistry", "StageMove").objects.create(
            application=locked,
            from_stage=from_stage,
            to_stage=to_stage,
            moved_by=user,
            opinion=note,
        )
    application.stage = locked.stage
    return locked


def _check_eligibility(application, today: date) -> None:
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


class ApplicationSubject(NoticeSubjectMixin):
    """An application as a notice candidate (Art. 10(3)): listed once its expert
    review is done; the notice runs at least the policy's minimum; publishing the
    notice moves it to the notice stage."""

    notice_facts_template = "parkregistry/includes/notice_candidate.html"
    notice_prefetch = ("county", "sites", "institutions")
    notice_name_fields = ("name",)

    class Meta:
        abstract = True

    @property
    def notice_name(self) -> str:
        return self.name

    @classmethod
    def notice_candidate_filter(cls) -> dict:
        return {"stage__in": [Stage.EXPERT_REVIEWED, Stage.IN_NOTICE]}

    def notice_candidate_problem(self, notice_id: int | None) -> str | None:
        """Listed only after the expert review (or if already on this notice)."""
        if self.stage == Stage.EXPERT_REVIEWED:
            return None
        if notice_id and self.notice_candidates.filter(page_id=notice_id).exists():
            return None
        return _(
            "Only applications whose expert review is done can be listed "
            "(this one is at stage “%(stage)s”)."
        ) % {"stage": Stage(self.stage).label}

    @classmethod
    def notice_minimum(cls, on: date) -> NoticeMinimum:
        try:
            terms = policy_in_force(on)
        except NoPolicyInForce:
            raise NoticeRuleUnavailable(
                _(
                    "No policy version is in force on %(date)s: register the "
                    "renewed measures first."
                )
                % {"date": long_date(on)}
            ) from None
        return NoticeMinimum(terms.notice_min_working_days, terms.title)

    def notice_facts(self) -> dict:
        """What the notice page shows of the park (Art. 9 facts in short)."""
        sites = list(self.sites.all())
        return {
            "county": str(self.county),
            "address": self.address,
            "total_area": sum((s.area_m2 for s in sites), 0),
            "sites": sites,
            "institutions": len(self.institutions.all()),
            "eligibility": eligibility_summary(self),
        }

    def on_notice_published(self, notice, user=None) -> None:
        """Move from expert review to the notice stage (idempotent)."""
        if self.stage == Stage.EXPERT_REVIEWED:
            move(
                self,
                Stage.IN_NOTICE,
                user,
                note=_("Listed in notice “%(title)s”") % {"title": notice.title},
            )


def eligibility_summary(application) -> dict:
    """The Art. 9 report of an application, as the admin shows it, in short."""
    try:
        report = eligibility_report(application)
    except NoPolicyInForce:
        day = report_date(application)
        return {
            "eligible": None,
            "text": _("No policy version is in force on %(date)s.")
            % {"date": long_date(day)},
            "failed": [],
        }
    failed = [c.detail for c in report.criteria if c.result == FAIL]
    text = (
        _("Meets every computed criterion of Art. 9 (%(policy)s).")
        if report.eligible
        else _("Does not meet every computed criterion of Art. 9 (%(policy)s).")
    ) % {"policy": report.policy.title}
    return {"eligible": report.eligible, "text": text, "failed": failed}
