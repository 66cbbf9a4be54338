"""The admin home (dashboard) of the notices roles.

``construct_homepage_panels`` adds, by permission (roles are permissions, never
group names):

- 市局审核 (``notices.approve_notices``, and superusers): the notices and
  decisions of the publication workflow awaiting their review, with each
  notice's period, its closing moment and anything that blocks approval. It
  stands above Wagtail's own "Awaiting your review" panel, which keeps the
  approve and request-changes actions.
- 异议处理 (``notices.handle_objection``, and superusers): new objections, reply
  deadlines near or past, and the objections to the notices open now, by
  receipt number, notice, candidate and dates only (never the objector's data).

The holiday reminder for those who enter holiday years is
``notices.admin.holidays.reminder_panels``. The sections and rows here
(:class:`DashboardSection`, :class:`DashboardRow`) and the section template
``notices/admin/dashboard/section.html`` are shared with the other apps'
dashboard panels, so that every panel looks the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.admin.ui.components import Component

from notices.models.windows import state_label
from notices.rules.formatting import long_date, long_datetime, period_sentence
from notices.services.dashboard import (
    DUE_SOON_WORKING_DAYS,
    awaiting_review,
    handler_work,
)
from notices.services.objections import can_handle


@dataclass
class DashboardRow:
    """One line of a dashboard section: a link to where the work is done."""

    title: str
    url: str
    cells: Sequence[str] = ()
    #: A short alert shown as a tag beside the title (逾期, 有问题 …).
    flag: str = ""
    #: Lines under the title: a reason, a problem, the next step.
    notes: Sequence[str] = ()


@dataclass
class DashboardSection:
    """A count, the first rows and a link to the full list."""

    id: str
    heading: str
    count: int
    columns: Sequence[str] = ()
    rows: list[DashboardRow] = field(default_factory=list)
    #: Lines above the table.
    intro: Sequence[str] = ()
    more_url: str = ""
    more_label: str = ""
    #: Further links: (label, url).
    actions: Sequence[tuple[str, str]] = ()
    #: Said when the count is 0; without it an empty section is hidden.
    empty: str = ""

    @property
    def shown(self) -> bool:
        return bool(self.count or self.intro or self.empty)


class DashboardPanel(Component):
    """A role's panel: a heading, its sections, or a "nothing waiting" line.

    Subclasses say what to show in :meth:`get_sections`; the queries run when the
    panel is rendered.
    """

    template_name = "notices/admin/dashboard/panel.html"
    panel_id = "dashboard"
    heading = ""
    icon = "tasks"

    def __init__(self, request):
        self.request = request

    def get_sections(self) -> list[DashboardSection]:
        raise NotImplementedError

    def nothing_waiting(self) -> str:
        return _("Nothing is waiting for you.")

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        sections = self.get_sections()
        context.update(
            {
                "panel_id": self.panel_id,
                "heading": self.heading,
                "icon": self.icon,
                "sections": [s for s in sections if s.shown],
                "anything": any(s.count for s in sections),
                "nothing": self.nothing_waiting(),
            }
        )
        return context


def _about(objection) -> str:
    if objection.candidate_id is None:
        return _("The whole notice")
    return objection.candidate.subject.notice_name


def _received(objection) -> str:
    day = objection.received_on or timezone.localtime(objection.submitted_at).date()
    return long_date(day)


def _due(objection) -> str:
    return long_date(objection.reply_due) if objection.reply_due else "—"


class ObjectionsPanel(DashboardPanel):
    """异议处理: what waits for an objection handler."""

    name = "objections_dashboard"
    panel_id = "objections-dashboard"
    order = 130
    icon = "warning"

    @property
    def heading(self):
        return _("Objections to handle")

    def nothing_waiting(self) -> str:
        return _("No objection is waiting for you.")

    def get_sections(self) -> list[DashboardSection]:
        work = handler_work()
        list_url = reverse("objections_admin:list")

        def detail(objection) -> str:
            return reverse("objections_admin:detail", args=[objection.pk])

        new = DashboardSection(
            id="objections-new",
            heading=_("New objections"),
            count=work.new_count,
            columns=[
                _("Receipt number"),
                _("Notice"),
                _("About"),
                _("received on"),
                _("Reply due"),
            ],
            rows=[
                DashboardRow(
                    o.receipt_no,
                    detail(o),
                    [o.notice.title, _about(o), _received(o), _due(o)],
                )
                for o in work.new
            ],
            more_url=f"{list_url}?status=received",
            more_label=_("View all new objections"),
        )
        due_rows = []
        for item in work.due:
            o = item.objection
            if item.overdue_days:
                flag = ngettext(
                    "%(n)s day overdue", "%(n)s days overdue", item.overdue_days
                ) % {"n": item.overdue_days}
            elif item.days_left == 0:
                flag = _("Due today")
            elif item.days_left is not None:
                flag = ngettext(
                    "%(n)s working day left", "%(n)s working days left", item.days_left
                ) % {"n": item.days_left}
            else:
                flag = ""
            due_rows.append(
                DashboardRow(
                    o.receipt_no,
                    detail(o),
                    [o.notice.title, _about(o), o.get_status_display(), _due(o)],
                    flag=flag,
                )
            )
        due = DashboardSection(
            id="objections-due",
            heading=_("Reply deadline near or past"),
            count=work.due_count,
            intro=[
                _(
                    "%(overdue)s past the reply deadline; %(soon)s due within "
                    "%(days)s working days."
                )
                % {
                    "overdue": work.overdue_count,
                    "soon": work.due_count - work.overdue_count,
                    "days": DUE_SOON_WORKING_DAYS,
                }
            ]
            if work.due_count
            else [],
            columns=[
                _("Receipt number"),
                _("Notice"),
                _("About"),
                _("Status"),
                _("Reply due"),
            ],
            rows=due_rows,
            more_url=f"{list_url}?overdue=1" if work.overdue_count else list_url,
            more_label=_("View all overdue objections")
            if work.overdue_count
            else _("View all objections"),
        )
        open_lines = [
            _(
                "%(title)s: closes at %(closes)s; %(count)s objections, "
                "%(pending)s being handled."
            )
            % {
                "title": row.page.title,
                "closes": long_datetime(row.window.closes_at),
                "count": row.objections,
                "pending": row.pending,
            }
            for row in work.open_notices
        ]
        on_open = DashboardSection(
            id="objections-open-notices",
            heading=_("Objections to notices open now"),
            count=work.on_open_count,
            intro=open_lines,
            columns=[
                _("Receipt number"),
                _("Notice"),
                _("About"),
                _("Status"),
                _("received on"),
            ],
            rows=[
                DashboardRow(
                    o.receipt_no,
                    detail(o),
                    [o.notice.title, _about(o), o.get_status_display(), _received(o)],
                )
                for o in work.on_open
            ],
            more_url=list_url if work.on_open_count else "",
            more_label=_("View all objections"),
            empty=_("No objection to the notices open now.") if open_lines else "",
        )
        return [new, due, on_open]


class AwaitingReviewPanel(DashboardPanel):
    """市局审核: notices and decisions awaiting the approver, with the period."""

    name = "publication_review_dashboard"
    panel_id = "publication-review"
    # Just above Wagtail's own "Awaiting your review" (220), whose actions stay.
    order = 219
    icon = "check"

    @property
    def heading(self):
        return _("Notices and decisions awaiting your review")

    def nothing_waiting(self) -> str:
        return _("Nothing is awaiting your review.")

    def get_sections(self) -> list[DashboardSection]:
        count, items = awaiting_review(self.request.user)
        now = timezone.now()
        rows = []
        for item in items:
            page, state = item.page, item.task_state
            submitter = state.workflow_state.requested_by or state.revision.user
            by = (
                (submitter.get_full_name() or submitter.get_username())
                if submitter
                else "—"
            )
            if item.window is not None:
                period = period_sentence(item.window)
                closes = _("%(closes)s (%(state)s)") % {
                    "closes": long_datetime(item.window.closes_at),
                    "state": state_label(item.window, now),
                }
            else:
                period = closes = "—"
            rows.append(
                DashboardRow(
                    page.get_admin_display_title(),
                    reverse("wagtailadmin_pages:edit", args=[page.pk]),
                    [
                        str(page._meta.verbose_name),
                        by,
                        long_datetime(state.started_at),
                        period,
                        closes,
                    ],
                    flag=_("Cannot be approved yet") if item.problems else "",
                    notes=item.problems,
                )
            )
        return [
            DashboardSection(
                id="publication-review-pages",
                heading=_("In the publication workflow"),
                count=count,
                columns=[
                    _("Page"),
                    _("Type"),
                    _("Submitted by"),
                    _("Submitted at"),
                    _("Notice period"),
                    _("Closes"),
                ],
                rows=rows,
                # Wagtail's own panel below lists them all with their actions.
                more_url="#awaiting-review-section" if count else "",
                more_label=_("Approve or request changes below"),
            )
        ]


def dashboard_panels(request, panels) -> None:
    """``construct_homepage_panels``: the approver's and the handler's panels."""
    user = request.user
    if user.is_active and user.has_perm("notices.approve_notices"):
        panels.append(AwaitingReviewPanel(request))
    if can_handle(user):
        panels.append(ObjectionsPanel(request))
