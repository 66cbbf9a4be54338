"""What the admin dashboard shows the roles of the notices plugin.

An objection handler sees the new objections, those whose reply deadline is
near or past, and the objections to notices open now; an approver sees the
pages of the publication workflow waiting for them, with each notice's period
and anything that blocks its publication. Each function answers with counts and
at most ``limit`` rows, in a number of queries that does not grow with the
number of records: counts come from one aggregate, rows from sliced querysets,
and a window is computed only for the notices that can be open now (a date
filter in SQL leaves out every other notice) and for the rows shown.

No row carries an objector's personal data: the querysets load the receipt
number, the notice, the candidate, the status and the dates only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import TaskState

from notices.models import (
    CorrectionKind,
    Finding,
    NoticeCorrection,
    NoticePage,
    Objection,
    ObjectionStatus,
    PublicationApprovalTask,
    get_subject_model,
)
from notices.models.calendars import load_calendar
from notices.models.windows import safe_window
from notices.models.workflow_task import changed_since_submission
from notices.rules.objections import PENDING
from notices.rules.workingdays import (
    MAX_WINDOW_DAYS,
    CalendarError,
    Window,
    WindowState,
    WorkCalendar,
    add_working_days,
    window_state,
)

#: Rows a dashboard section shows; the rest are behind its "view all" link.
ROWS = 10

#: A reply deadline this many working days away (or less) is near.
DUE_SOON_WORKING_DAYS = 2

#: Calendar days that a period of ``MAX_WINDOW_DAYS`` working days never
#: exceeds, whatever the holidays (12 weeks of 5 working days are 84 days; the
#: longest holidays of a year add far less than the margin). A notice whose
#: current period started earlier than this has closed.
MAX_PERIOD_SPAN_DAYS = 2 * MAX_WINDOW_DAYS + 30


#: Page fields a dashboard never reads (the text of the notice).
UNREAD_PAGE_FIELDS = ("intro",)


# --- notices open now -----------------------------------------------------------


def recent_notices(today: date):
    """Live notices whose current period may include ``today``.

    A period starts on the page's start date, or on the new start date of a
    material correction (更正后重新公示); either must lie within
    ``MAX_PERIOD_SPAN_DAYS`` before ``today`` (and not after it) for the notice
    to be open. Every other notice is left out in SQL, so windows are computed
    only for these few.
    """
    since = today - timedelta(days=MAX_PERIOD_SPAN_DAYS)
    restarted = NoticeCorrection.objects.filter(
        page=OuterRef("pk"),
        kind=CorrectionKind.RESTART,
        new_start_date__gte=since,
        new_start_date__lte=today,
    )
    return (
        NoticePage.objects.live()
        .filter(Q(start_date__gte=since, start_date__lte=today) | Exists(restarted))
        .prefetch_related("corrections")
    )


@dataclass(frozen=True)
class OpenNotice:
    """A notice open now: its window and its objections (counts only)."""

    page: NoticePage
    window: Window
    objections: int = 0
    pending: int = 0


def open_notices(now: datetime | None = None) -> list[OpenNotice]:
    """The live notices whose window is open at ``now``, closing soonest first."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    rows = []
    for page in recent_notices(today).defer(*UNREAD_PAGE_FIELDS):
        window = safe_window(page)
        if window is not None and window_state(window, now) is WindowState.OPEN:
            rows.append(OpenNotice(page, window))
    rows.sort(key=lambda row: row.window.closes_at)
    return rows


# --- objections ------------------------------------------------------------------


def _objection_rows(queryset):
    """Objections with what a dashboard row shows, and nothing personal."""
    names = [
        f"candidate__subject__{name}" for name in get_subject_model().notice_name_fields
    ]
    return queryset.select_related("notice", "candidate__subject").only(
        "pk",
        "receipt_no",
        "status",
        "submitted_at",
        "received_on",
        "reply_due",
        "notice_id",
        "notice__title",
        "candidate_id",
        "candidate__subject_id",
        *names,
    )


def reply_soon_date(today: date, calendar: WorkCalendar | None = None) -> date:
    """The last reply deadline that counts as near: ``DUE_SOON_WORKING_DAYS``
    working days after ``today`` (calendar days when the holiday data needed is
    not confirmed, which is never later)."""
    try:
        calendar = calendar or load_calendar([today.year, today.year + 1])
        return add_working_days(today, DUE_SOON_WORKING_DAYS, calendar)
    except CalendarError:
        return today + timedelta(days=DUE_SOON_WORKING_DAYS)


def working_days_left(today: date, due: date, calendar: WorkCalendar) -> int | None:
    """Working days after ``today`` up to ``due`` (0: due today); None when the
    holiday data needed is not confirmed."""
    days, day = 0, today + timedelta(days=1)
    try:
        while day <= due:
            days += calendar.is_working_day(day)
            day += timedelta(days=1)
    except CalendarError:
        return None
    return days


@dataclass(frozen=True)
class DueObjection:
    """An objection whose reply deadline is near (``days_left``) or past."""

    objection: Objection
    overdue_days: int
    days_left: int | None


@dataclass(frozen=True)
class HandlerWork:
    """What waits for an objection handler."""

    new_count: int
    new: list[Objection]
    due_count: int
    overdue_count: int
    due: list[DueObjection]
    open_notices: list[OpenNotice]
    on_open_count: int
    on_open: list[Objection]


def handler_work(now: datetime | None = None, limit: int = ROWS) -> HandlerWork:
    """New objections, reply deadlines near or past, objections to open notices.

    Args:
        now: the moment of the dashboard (default: now).
        limit: rows per list.

    Returns:
        The counts and the first ``limit`` rows of each list.
    """
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    calendar = load_calendar([today.year, today.year + 1])
    soon = reply_soon_date(today, calendar)
    notices = open_notices(now)
    open_ids = [row.page.pk for row in notices]
    pending = Q(status__in=list(PENDING), reply_due__isnull=False)
    counts = Objection.objects.aggregate(
        new=Count("pk", filter=Q(status=ObjectionStatus.RECEIVED)),
        due=Count("pk", filter=pending & Q(reply_due__lte=soon)),
        overdue=Count("pk", filter=pending & Q(reply_due__lt=today)),
        on_open=Count("pk", filter=Q(notice_id__in=open_ids)),
    )
    new = (
        list(
            _objection_rows(
                Objection.objects.filter(status=ObjectionStatus.RECEIVED)
            ).order_by("submitted_at", "pk")[:limit]
        )
        if counts["new"]
        else []
    )
    due = []
    if counts["due"]:
        rows = _objection_rows(
            Objection.objects.filter(pending, reply_due__lte=soon)
        ).order_by("reply_due", "submitted_at", "pk")[:limit]
        for objection in rows:
            late = (today - objection.reply_due).days
            left = (
                working_days_left(today, objection.reply_due, calendar)
                if late <= 0
                else None
            )
            due.append(DueObjection(objection, max(late, 0), left))
    on_open = []
    if counts["on_open"]:
        per_notice = {
            row["notice_id"]: row
            for row in Objection.objects.filter(notice_id__in=open_ids)
            .values("notice_id")
            .annotate(
                total=Count("pk"),
                pending=Count("pk", filter=Q(status__in=list(PENDING))),
            )
        }
        notices = [
            OpenNotice(
                row.page,
                row.window,
                per_notice.get(row.page.pk, {}).get("total", 0),
                per_notice.get(row.page.pk, {}).get("pending", 0),
            )
            for row in notices
        ]
        on_open = list(
            _objection_rows(Objection.objects.filter(notice_id__in=open_ids)).order_by(
                "-submitted_at", "-pk"
            )[:limit]
        )
    return HandlerWork(
        new_count=counts["new"],
        new=new,
        due_count=counts["due"],
        overdue_count=counts["overdue"],
        due=due,
        open_notices=notices[:limit],
        on_open_count=counts["on_open"],
        on_open=on_open,
    )


def blocking_objections(page_ref, candidate_ref):
    """The objections that keep a candidate from being approved, as a queryset
    for ``Exists``: the set form of ``notices.models.approval.may_approve``.

    An objection about the candidate or about the whole notice blocks when it
    was sustained, or while it is neither closed as 不成立, nor not accepted,
    nor withdrawn.

    Args:
        page_ref: the notice (an ``OuterRef`` or a value).
        candidate_ref: the candidate (an ``OuterRef`` or a value).
    """
    done = [ObjectionStatus.NOT_ACCEPTED, ObjectionStatus.WITHDRAWN]
    cleared = Q(status__in=done) | Q(
        status=ObjectionStatus.CLOSED, finding=Finding.NOT_SUSTAINED
    )
    return Objection.objects.filter(
        Q(candidate=candidate_ref) | Q(candidate__isnull=True), notice=page_ref
    ).filter(Q(finding=Finding.SUSTAINED) | ~cleared)


# --- pages awaiting an approver --------------------------------------------------------


@dataclass(frozen=True)
class ReviewItem:
    """A page of the publication workflow waiting for the approver."""

    task_state: TaskState
    page: object  # the page as submitted (the revision under review)
    window: Window | None = None
    problems: list[str] = field(default_factory=list)


def review_states(user):
    """The in-progress tasks of the publication workflow ``user`` may review."""
    return TaskState.objects.reviewable_by(user).filter(
        task_id__in=PublicationApprovalTask.objects.values("pk")
    )


def awaiting_review(user, limit: int = ROWS) -> tuple[int, list[ReviewItem]]:
    """The pages waiting for ``user``'s review in the publication workflow,
    oldest submission first, each with its notice period (notices) and what
    blocks its approval: publication problems of the revision under review, a
    submission of ``user``'s own, or a change after submission.

    Returns:
        The number of pages, and the first ``limit`` of them.
    """
    states = review_states(user)
    count = states.count()
    if not count:
        return 0, []
    rows = list(
        states.select_related(
            "revision", "revision__user", "workflow_state__requested_by"
        ).order_by("started_at", "pk")[:limit]
    )
    tasks = PublicationApprovalTask.objects.in_bulk({row.task_id for row in rows})
    items = []
    for state in rows:
        page = state.revision.as_object()
        problems = []
        problem = (
            page.publication_problem() if hasattr(page, "publication_problem") else None
        )
        if problem:
            problems.append(problem)
        task = tasks.get(state.task_id)
        live = state.workflow_state.content_object
        if task is not None and task.is_own_submission(live, user):
            problems.append(
                _("You submitted it (or edited it): another approver must approve it.")
            )
        if changed_since_submission(state):
            problems.append(
                _(
                    "Changed after it was submitted: it must be submitted again "
                    "before it can be approved."
                )
            )
        window = safe_window(page) if isinstance(page, NoticePage) else None
        items.append(ReviewItem(state, page, window, problems))
    return count, items
