"""The admin home (dashboard) of county and city editors.

``construct_homepage_panels`` adds, by permission (roles are permissions, never
group names):

- 县级编辑 (may add or change applications, but not
  ``parkregistry.review_all_counties``): their county's applications only
  (属地管理) — drafts, applications returned by the city or refused with the
  reason, and those in review or in a notice, each with its next step.
- 市局编辑 (``parkregistry.review_all_counties`` with
  ``parkregistry.act_for_city`` or ``notices.write_notices``; superusers):
  applications awaiting the city's review or the expert review, expert-reviewed
  ones to list on a notice or decide, candidates that may be approved, the
  evaluations of the last operating year not yet recorded (Art. 23),
  rectifications past their deadline, proposed revocations and decisions to
  publish. The holiday reminder is the notices app's own panel.

Every row links to where the work is done. The sections use the notices app's
dashboard building blocks, so all panels look alike.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from notices.admin.dashboard import DashboardPanel, DashboardRow, DashboardSection
from notices.models import NoticeIndexPage
from notices.rules.formatting import long_date
from parkregistry.models import (
    DecisionIndexPage,
    Evaluation,
    Park,
    Rectification,
    Revocation,
    Stage,
)
from parkregistry.models.stages import ExpertConclusion
from parkregistry.services.access import county_of, is_city_staff
from parkregistry.services.dashboard import ROWS, city_work, county_work

APPLICATION_PERMISSIONS = (
    "parkregistry.add_application",
    "parkregistry.change_application",
)


def is_county_editor(user) -> bool:
    """Works on applications, but only for one county (no city-wide view)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if is_city_staff(user):
        return False
    return any(user.has_perm(codename) for codename in APPLICATION_PERMISSIONS)


def is_city_editor(user) -> bool:
    """Sees every county and does the city's work (moves, notices, decisions)."""
    return is_city_staff(user) and (
        user.has_perm("parkregistry.act_for_city")
        or user.has_perm("notices.write_notices")
    )


def _index_url(**params) -> str:
    url = reverse("applications:index")
    return f"{url}?{urlencode(params)}" if params else url


def _inspect(application) -> str:
    return reverse("applications:inspect", args=[application.pk])


def _day(moment) -> str:
    return long_date(timezone.localtime(moment).date()) if moment else "—"


def _reason(application) -> list[str]:
    note = (application.last_note or "").strip()
    if note:
        return [_("Reason: %(note)s") % {"note": note}]
    return [_("No reason was recorded.")]


# --- county editors ------------------------------------------------------------------


def county_next_step(application) -> str:
    """What happens next to ``application``, as its county sees it."""
    stage = application.stage
    if stage == Stage.DRAFT:
        if getattr(application, "was_returned", False):
            return _("Returned by the city: revise it and submit it again.")
        return _("Complete the form and submit it for the county's first review.")
    if stage == Stage.COUNTY_REVIEWED:
        return _("Submitted: the city reviews it next.")
    if stage == Stage.CITY_REVIEWED:
        return _("Reviewed by the city: the expert review comes next.")
    if stage == Stage.EXPERT_REVIEWED:
        if application.park_id:
            return _("Expert review done: the city decides on the sub-parks next.")
        if application.expert_conclusion == ExpertConclusion.NOT_RECOMMENDED:
            return _("Not recommended by the experts: the city decides next.")
        return _("Expert review done: the city lists it on a public notice next.")
    if stage == Stage.IN_NOTICE:
        if application.notice_title:
            return _(
                "In the public notice “%(title)s”: the city decides after the "
                "notice has closed."
            ) % {"title": application.notice_title}
        return _("In public notice: the city decides after the notice has closed.")
    if stage == Stage.REJECTED:
        return _("Refused: the procedure has ended.")
    return ""


class CountyPanel(DashboardPanel):
    """县级编辑: the county's applications, and what each waits for."""

    name = "county_applications_dashboard"
    panel_id = "county-applications"
    order = 100
    icon = "doc-full-inverse"

    def __init__(self, request):
        super().__init__(request)
        self.county = county_of(request.user)

    @property
    def heading(self):
        if self.county is None:
            return _("Applications")
        return _("Applications of %(county)s") % {"county": self.county.name}

    def nothing_waiting(self) -> str:
        if self.county is None:
            return _(
                "You are not assigned to a county yet, so you see no application. "
                "Ask the city's administrator to add you under Settings → County "
                "memberships."
            )
        return _("No application of your county is waiting for anything.")

    def get_sections(self) -> list[DashboardSection]:
        if self.county is None:
            return []
        work = county_work(self.county)
        drafts = DashboardSection(
            id="county-drafts",
            heading=_("Drafts"),
            count=work.drafts.count,
            columns=[_("Park name"), _("Last changed"), _("Next step")],
            rows=[
                DashboardRow(
                    a.name,
                    reverse("applications:edit", args=[a.pk]),
                    [_day(a.updated_at), county_next_step(a)],
                )
                for a in work.drafts.rows
            ],
            more_url=_index_url(stage=Stage.DRAFT),
            more_label=_("View all drafts"),
        )
        returned = DashboardSection(
            id="county-returned",
            heading=_("Returned or refused"),
            count=work.returned.count,
            columns=[_("Park name"), _("stage"), _("Since"), _("Next step")],
            rows=[
                DashboardRow(
                    a.name,
                    reverse("applications:edit", args=[a.pk])
                    if a.stage == Stage.DRAFT
                    else _inspect(a),
                    [
                        _("Returned")
                        if a.stage == Stage.DRAFT
                        else a.get_stage_display(),
                        _day(a.last_moved_at),
                        county_next_step(a),
                    ],
                    notes=_reason(a),
                )
                for a in work.returned.rows
            ],
            actions=[
                (_("View refused applications"), _index_url(stage=Stage.REJECTED))
            ],
        )
        under_way = DashboardSection(
            id="county-under-way",
            heading=_("In review or in a notice"),
            count=work.under_way.count,
            columns=[_("Park name"), _("stage"), _("Since"), _("Next step")],
            rows=[
                DashboardRow(
                    a.name,
                    _inspect(a),
                    [a.get_stage_display(), _day(a.last_moved_at), county_next_step(a)],
                )
                for a in work.under_way.rows
            ],
            more_url=_index_url(),
            more_label=_("View all applications"),
        )
        return [drafts, returned, under_way]


# --- city editors -------------------------------------------------------------------


def _expert_done_row(application) -> DashboardRow:
    """An expert-reviewed application: what the city does next, and where."""
    move = reverse("applications:move", args=[application.pk])
    if application.park_id:
        step, url = _("Approve the sub-parks (Art. 11), or refuse."), move
    elif application.expert_conclusion == ExpertConclusion.NOT_RECOMMENDED:
        step, url = _("Not recommended by the experts: refuse or withdraw it."), move
    elif application.draft_notice_id:
        if application.draft_notice_submitted:
            step = _("On the notice “%(title)s”, submitted: awaiting its approval.")
        else:
            step = _("On the draft notice “%(title)s”: submit the notice for approval.")
        step %= {"title": application.draft_notice_title}
        url = reverse("wagtailadmin_pages:edit", args=[application.draft_notice_id])
    else:
        step, url = _("List it on a candidate notice."), _inspect(application)
    return DashboardRow(
        application.name,
        url,
        [application.county.name, _day(application.last_moved_at), step],
    )


def _stage_rows(listing, step: str) -> list[DashboardRow]:
    return [
        DashboardRow(a.name, _inspect(a), [a.county.name, _day(a.last_moved_at), step])
        for a in listing.rows
    ]


def _snippet_url(model, view: str, *args) -> str:
    return reverse(model.snippet_viewset.get_url_name(view), args=args)


class CityPanel(DashboardPanel):
    """市局编辑: the procedure's and the registry's next steps."""

    name = "city_dashboard"
    panel_id = "city-work"
    order = 110
    icon = "list-ul"

    @property
    def heading(self):
        return _("Applications and registry")

    def get_sections(self) -> list[DashboardSection]:
        work = city_work()
        notice_index = NoticeIndexPage.objects.only("pk").first()
        decision_index = DecisionIndexPage.objects.only("pk").first()
        add_decision = (
            reverse(
                "wagtailadmin_pages:add",
                args=["parkregistry", "decisionpage", decision_index.pk],
            )
            if decision_index
            else ""
        )
        columns = [_("Park name"), _("County"), _("Since"), _("Next step")]
        sections = [
            DashboardSection(
                id="city-review",
                heading=_("Awaiting the city's review"),
                count=work.city_review.count,
                columns=columns,
                rows=_stage_rows(
                    work.city_review,
                    _(
                        "Review it: move it to “%(stage)s” with the city's "
                        "opinion, or return it to the county."
                    )
                    % {"stage": Stage.CITY_REVIEWED.label},
                ),
                more_url=_index_url(stage=Stage.COUNTY_REVIEWED),
                more_label=_("View all"),
            ),
            DashboardSection(
                id="city-expert-review",
                heading=_("Awaiting the expert review"),
                count=work.expert_review.count,
                columns=columns,
                rows=_stage_rows(
                    work.expert_review,
                    _("Record the expert review (date, conclusion, notes)."),
                ),
                more_url=_index_url(stage=Stage.CITY_REVIEWED),
                more_label=_("View all"),
            ),
            DashboardSection(
                id="city-expert-done",
                heading=_("Expert review done: to list on a notice or decide"),
                count=work.expert_done.count,
                columns=columns,
                rows=[_expert_done_row(a) for a in work.expert_done.rows],
                more_url=_index_url(stage=Stage.EXPERT_REVIEWED),
                more_label=_("View all"),
                actions=[
                    (
                        _("Add a candidate notice"),
                        reverse(
                            "wagtailadmin_pages:add",
                            args=["notices", "noticepage", notice_index.pk],
                        ),
                    )
                ]
                if notice_index and work.expert_done.count
                else [],
            ),
            self._approvals(work),
            self._evaluations(work),
            self._rectifications(work),
            self._revocations(work, add_decision),
            self._decisions(work, add_decision),
        ]
        return sections

    def _approvals(self, work) -> DashboardSection:
        approve = reverse("parkregistry_approve")
        rows = []
        for item in work.approvable.rows:
            candidate = item.candidate
            if item.draft_submitted:
                step = _("Approval decision submitted: awaiting its approval.")
                url = reverse("wagtailadmin_pages:edit", args=[item.draft_id])
            elif item.draft_id:
                step = _("Approval decision drafted: check it and submit it.")
                url = reverse("wagtailadmin_pages:edit", args=[item.draft_id])
            else:
                step = _("Prepare the approval decision (认定批复).")
                url = approve
            rows.append(
                DashboardRow(
                    candidate.subject.name,
                    url,
                    [
                        candidate.subject.county.name,
                        candidate.page.title,
                        _day(item.closes_at),
                        step,
                    ],
                )
            )
        return DashboardSection(
            id="city-approvals",
            heading=_("Ready for approval"),
            count=work.approvable.count,
            columns=[
                _("Candidate"),
                _("County"),
                _("Notice"),
                _("Notice closed"),
                _("Next step"),
            ],
            rows=rows,
            more_url=approve,
            more_label=_("Open Approve candidates"),
        )

    def _evaluations(self, work) -> DashboardSection:
        year = work.evaluation_year
        if work.in_first_quarter:
            intro = _(
                "Art. 23: parks are evaluated for %(year)s in the first quarter of "
                "%(next)s, by 31 March."
            ) % {"year": year, "next": year + 1}
        else:
            intro = _(
                "The first quarter of %(next)s has ended and these parks still "
                "have no grade for %(year)s."
            ) % {"year": year, "next": year + 1}
        return DashboardSection(
            id="city-evaluations",
            heading=_("Parks not yet graded for %(year)s") % {"year": year},
            count=work.not_graded.count,
            intro=[intro] if work.not_graded.count else [],
            columns=[_("Park"), _("County"), _("Approved on")],
            rows=[
                DashboardRow(
                    park.name,
                    _snippet_url(Park, "inspect", park.pk),
                    [park.county.name, long_date(park.approved_on)],
                )
                for park in work.not_graded.rows
            ],
            more_url=f"{_snippet_url(Evaluation, 'list')}?{urlencode({'year': year})}",
            more_label=_("View the evaluations of %(year)s") % {"year": year},
            actions=[(_("Record an evaluation"), _snippet_url(Evaluation, "add"))],
        )

    def _rectifications(self, work) -> DashboardSection:
        today = timezone.localdate()
        rows = []
        for rect in work.overdue_rectifications.rows:
            late = (today - rect.deadline).days
            rows.append(
                DashboardRow(
                    rect.evaluation.park.name,
                    _snippet_url(Rectification, "edit", rect.pk),
                    [
                        str(rect.evaluation.year),
                        long_date(rect.deadline),
                        _("Record the result of the rectification."),
                    ],
                    flag=ngettext("%(n)s day overdue", "%(n)s days overdue", late)
                    % {"n": late},
                )
            )
        return DashboardSection(
            id="city-rectifications",
            heading=_("Rectifications past their deadline"),
            count=work.overdue_rectifications.count,
            columns=[_("Park"), _("Operating year"), _("Deadline"), _("Next step")],
            rows=rows,
            more_url=_snippet_url(Rectification, "list"),
            more_label=_("View all rectifications"),
        )

    def _revocations(self, work, add_decision: str) -> DashboardSection:
        return DashboardSection(
            id="city-revocations",
            heading=_("Revocations to confirm"),
            count=work.revocations.count,
            columns=[_("Park"), _("Fail grades"), _("Proposed on"), _("Next step")],
            rows=[
                DashboardRow(
                    r.park.name,
                    _snippet_url(Revocation, "edit", r.pk),
                    [
                        f"{r.first_year}、{r.second_year}",
                        long_date(r.proposed_on),
                        _("Confirm it with a revocation decision (取消资格)."),
                    ],
                )
                for r in work.revocations.rows
            ],
            more_url=f"{_snippet_url(Revocation, 'list')}?status=proposed",
            more_label=_("View all proposed revocations"),
            actions=[(_("Add a decision"), add_decision)] if add_decision else [],
        )

    def _decisions(self, work, add_decision: str) -> DashboardSection:
        rows = []
        for kind, items in (
            (_("Evaluation results of %(year)s (考核结果通报)"), work.results_due),
            (_("Commendation for %(year)s (通报表扬)"), work.commendations_due),
        ):
            for item in items:
                if item.draft_id:
                    step = _("Drafted: check it and submit it.")
                    url = reverse("wagtailadmin_pages:edit", args=[item.draft_id])
                else:
                    step = _("Prepare the decision.")
                    url = add_decision
                rows.append(
                    DashboardRow(
                        kind % {"year": item.year},
                        url,
                        [
                            ngettext(
                                "%(n)s evaluation not yet in a published decision",
                                "%(n)s evaluations not yet in a published decision",
                                item.count,
                            )
                            % {"n": item.count},
                            step,
                        ],
                    )
                )
        return DashboardSection(
            id="city-decisions",
            heading=_("Decisions to publish"),
            count=len(rows),
            columns=[_("Decision"), _("Evaluations"), _("Next step")],
            rows=rows[:ROWS],
        )


def dashboard_panels(request, panels) -> None:
    """``construct_homepage_panels``: the county editor's or the city editor's panel."""
    user = request.user
    if is_city_editor(user):
        panels.append(CityPanel(request))
    elif is_county_editor(user):
        panels.append(CountyPanel(request))
