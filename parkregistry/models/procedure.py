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

from dataclasses import dataclass
from datetime import date, datetime

from django.apps import apps
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from notices.models.subject import (
    NoticeMinimum,
    NoticeRuleUnavailable,
    NoticeSubjectMixin,
)
from notices.models.windows import safe_window
from notices.rules.formatting import long_date
from notices.rules.workingdays import WindowState, window_state
from parkregistry.models.in_force import policy_in_force
from parkregistry.models.stages import ExpertConclusion, Stage
from parkregistry.rules import eligibility
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


# Whose opinion the note of a move is (Art. 10(1)): the move to 初审 carries the
# county's opinion, the move to 审核 the city's. The appendix form prints the
# latest of each (:func:`latest_opinion`).
COUNTY = "county"
CITY = "city"
OPINION_STAGES: dict[str, str] = {
    COUNTY: Stage.COUNTY_REVIEWED,
    CITY: Stage.CITY_REVIEWED,
}


class IllegalMove(Exception):
    """The procedure does not allow this move; ``str(exc)`` is the user message."""


def speaks_for_city(user) -> bool:
    """Whether ``user`` acts as the city (sees every county's applications)."""
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.has_perm("parkregistry.review_all_counties")
    )


def opinion_level(to_stage: str) -> str | None:
    """Whose opinion the note of a move to ``to_stage`` is: county, city or none."""
    for level, stage in OPINION_STAGES.items():
        if stage == to_stage:
            return level
    return None


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
    city's: it becomes that level's current opinion (the field, dated today);
    an earlier one stays with its own move and in the history. Only the county
    gives the county's opinion and only the city the city's. Moving to 专家评审
    needs the review's date (not in the future) and conclusion, given here or
    already recorded on the application.

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
        IllegalMove: the move is not one the procedure allows, the
            eligibility rule above refuses it, the opinion is not the mover's to
            give, or the expert review is incomplete.
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
        note = (note or "").strip()
        level = opinion_level(to_stage)
        if note and level is not None:
            _check_opinion_author(level, user)
        if to_stage == Stage.EXPERT_REVIEWED:
            locked.expert_review_date = expert_review_date or locked.expert_review_date
            if expert_conclusion:
                locked.expert_conclusion = expert_conclusion
            _check_expert_review(locked, today)
            if expert_notes:
                locked.expert_notes = expert_notes
        from_stage = locked.stage
        locked.stage = to_stage
        if note and level is not None:
            # The latest opinion of the level; the earlier one stays with its own
            # move (StageMove.opinion) and in the application's history.
            setattr(locked, f"{level}_opinion", note)
            setattr(locked, f"{level}_opinion_date", today)
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


def _check_opinion_author(level: str, user) -> None:
    """The county's opinion is the county's, the city's the city's (Art. 10(1)).

    A move made without a user (a service following a published notice or
    decision, the demo data) records the note as given.
    """
    if user is None or not getattr(user, "is_authenticated", False):
        return
    if level == COUNTY and speaks_for_city(user):
        raise IllegalMove(
            _(
                "The opinion of the first review is the county's: it is given by "
                "the county HR and social security department when it submits the "
                "application. Move without an opinion, or send the application "
                "back to the county."
            )
        )
    if level == CITY and not speaks_for_city(user):
        raise IllegalMove(
            _("The opinion of the city's review is given by the municipal bureau.")
        )


def _check_expert_review(application, today: date) -> None:
    """Moving to 专家评审 needs the review's date and conclusion (Art. 10(2))."""
    day, conclusion = application.expert_review_date, application.expert_conclusion
    if day is None and not conclusion:
        raise IllegalMove(
            _(
                "Record the date and the conclusion of the expert review before "
                "moving to “%(stage)s”."
            )
            % {"stage": Stage.EXPERT_REVIEWED.label}
        )
    if day is None:
        raise IllegalMove(
            _("Record the date of the expert review before moving to “%(stage)s”.")
            % {"stage": Stage.EXPERT_REVIEWED.label}
        )
    if not conclusion:
        raise IllegalMove(
            _(
                "Record the conclusion of the expert review (recommended or not) "
                "before moving to “%(stage)s”."
            )
            % {"stage": Stage.EXPERT_REVIEWED.label}
        )
    if day > today:
        raise IllegalMove(
            _("The expert review date %(date)s lies in the future.")
            % {"date": long_date(day)}
        )


@dataclass(frozen=True)
class Opinion:
    """An opinion as the appendix form prints it: the text and its date."""

    text: str
    day: date | None


def _field_changed_at(application, field: str) -> datetime | None:
    """When the text of ``field`` last changed, from the application's history."""
    changed, previous = None, None
    rows = application.history.order_by("history_date", "history_id").values_list(
        field, "history_date"
    )
    for n, (text, when) in enumerate(rows):
        if n == 0 or text != previous:
            changed, previous = when, text
    return changed


def latest_opinion(application, level: str) -> Opinion:
    """The latest opinion of the county (``COUNTY``) or the city (``CITY``).

    Each opinion given with a move stays with its move; a move's note also
    becomes the level's field, which its author may edit later (the city, for
    instance, writes its final opinion on the form after the expert review).
    The later of the two wins: the latest move carrying an opinion of that level
    (dated by the move) or the field (dated as entered), compared by when the
    field last changed. An opinion is never lost because the field already held
    one.
    """
    field = f"{level}_opinion"
    text = (getattr(application, field) or "").strip()
    day = getattr(application, f"{level}_opinion_date")
    last = (
        application.moves.filter(to_stage=OPINION_STAGES[level])
        .exclude(opinion="")
        .order_by("moved_at", "pk")
        .last()
        if application.pk
        else None
    )
    if last is None:
        return Opinion(text, day)
    moved_on = timezone.localtime(last.moved_at).date()
    if text == last.opinion.strip():
        return Opinion(text, day or moved_on)
    changed = _field_changed_at(application, field) if text else None
    if changed is not None and changed > last.moved_at:
        return Opinion(text, day)
    return Opinion(last.opinion, moved_on)


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
    review is done and recommends it (建议认定), on one open or upcoming notice at
    a time; the notice runs at least the policy's minimum; publishing the notice
    moves it to the notice stage."""

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
        """Offered: expert-reviewed applications the experts recommend (建议认定)."""
        return {
            "stage__in": [Stage.EXPERT_REVIEWED, Stage.IN_NOTICE],
            "expert_conclusion": ExpertConclusion.RECOMMENDED,
        }

    def notice_candidate_problem(self, notice_id: int | None) -> str | None:
        """Listed on no other live notice whose period has not ended, only after
        the expert review (or if already on this notice), and only if the
        experts recommend it (建议认定)."""
        other = self.open_notice_elsewhere(notice_id)
        if other is not None:
            return _(
                "“%(name)s” is already listed on the notice “%(title)s”, whose "
                "period has not ended: an application can be on only one open or "
                "upcoming notice at a time."
            ) % {"name": self.name, "title": other.title}
        listed_here = bool(
            notice_id and self.notice_candidates.filter(page_id=notice_id).exists()
        )
        if self.stage != Stage.EXPERT_REVIEWED and not listed_here:
            return _(
                "Only applications whose expert review is done can be listed "
                "(this one is at stage “%(stage)s”)."
            ) % {"stage": Stage(self.stage).label}
        return self._recommendation_problem()

    def notice_publication_problem(self) -> str | None:
        """A notice may go live only with applications the experts recommend."""
        return self._recommendation_problem()

    def _recommendation_problem(self) -> str | None:
        if self.expert_conclusion == ExpertConclusion.RECOMMENDED:
            return None
        if self.expert_conclusion == ExpertConclusion.NOT_RECOMMENDED:
            return _(
                "“%(name)s” cannot be listed: the expert review did not recommend "
                "it for recognition (%(conclusion)s)."
            ) % {
                "name": self.name,
                "conclusion": ExpertConclusion.NOT_RECOMMENDED.label,
            }
        return _(
            "“%(name)s” cannot be listed: no expert review recommending it for "
            "recognition (%(conclusion)s) is recorded."
        ) % {"name": self.name, "conclusion": ExpertConclusion.RECOMMENDED.label}

    def open_notice_elsewhere(self, notice_id: int | None, now: datetime | None = None):
        """A live notice other than ``notice_id`` listing this application whose
        period has not ended (upcoming or open; a period that cannot be computed
        counts as not ended), or None."""
        now = now or timezone.now()
        rows = (
            self.notice_candidates.exclude(page_id=notice_id)
            .filter(page__live=True)
            .select_related("page")
            .order_by("page_id")
        )
        for candidate in rows:
            window = safe_window(candidate.page)
            if window is None or window_state(window, now) is not WindowState.CLOSED:
                return candidate.page
        return None

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
        """What the public notice shows of the park: who runs it, where it is,
        its area and how many institutions it hosts.

        Only these facts: the Art. 9 report (which institutions are not
        counted and why, the policy version applied) is the reviewers' working
        material and stays in the admin.
        """
        sites = list(self.sites.all())
        return {
            "county": str(self.county),
            "address": self.address,
            "operator": self.applicant_unit,
            "total_area": sum((s.area_m2 for s in sites), 0),
            "sites": sites,
            "institutions": len(self.institutions.all()),
        }

    def on_notice_published(self, notice, user=None) -> None:
        """Move from expert review to the notice stage (idempotent: the stored
        stage decides, so a second call for the same publication does nothing)."""
        stored = type(self).objects.filter(pk=self.pk).values_list("stage", flat=True)
        if stored.first() == Stage.EXPERT_REVIEWED:
            move(
                self,
                Stage.IN_NOTICE,
                user,
                note=_("Listed in notice “%(title)s”") % {"title": notice.title},
            )
