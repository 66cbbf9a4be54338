"""What the admin dashboard shows county and city editors.

A county editor sees their own county's applications (属地管理): the drafts,
those returned by the city or refused with the reason, and those in review or in
a notice. A city editor sees the work of the procedure and of the registry:
applications awaiting the city's review or the expert review, expert-reviewed
ones to list on a notice (or to decide), candidates whose notice has closed and
that may be approved, the evaluations of the last operating year not yet
recorded (Art. 23), rectifications past their deadline, proposed revocations
and the result notices still to publish.

Each function answers with counts and at most ``limit`` rows, in a fixed number
of queries: counts come from one aggregate per model, rows from sliced
querysets annotated with what they show (the latest move's note, the notice),
and windows are computed once per notice that still has candidates in notice.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
)
from django.utils import timezone
from wagtail.models import WorkflowState, get_default_page_content_type

from notices.models import NoticeCandidate, NoticePage
from notices.models.windows import safe_window
from notices.services.dashboard import ROWS, UNREAD_PAGE_FIELDS, blocking_objections
from parkregistry.models import (
    DecisionKind,
    DecisionPage,
    Evaluation,
    Grade,
    Park,
    ParkStatus,
    Rectification,
    RectificationResult,
    Revocation,
    RevocationStatus,
    Stage,
)
from parkregistry.models.applications import Application, StageMove

#: A refusal stays on the county's dashboard this many days after it was made.
RECENT_REFUSAL_DAYS = 90

#: The stages of an application on its way (in review or in a notice).
UNDER_WAY = (
    Stage.COUNTY_REVIEWED,
    Stage.CITY_REVIEWED,
    Stage.EXPERT_REVIEWED,
    Stage.IN_NOTICE,
)


# The same order on every database (PostgreSQL and SQLite sort NULL apart):
# an application with no recorded move counts as waiting longest.
LATEST_FIRST = F("last_moved_at").desc(nulls_last=True)
WAITING_LONGEST = F("last_moved_at").asc(nulls_first=True)


@dataclass(frozen=True)
class Listing:
    """How many there are, and the first rows."""

    count: int = 0
    rows: list = field(default_factory=list)


def _with_progress(queryset):
    """Annotate what a dashboard row says of an application: the latest move
    (its note and when it was made) and the live notice listing it."""
    last = StageMove.objects.filter(application=OuterRef("pk")).order_by(
        "-moved_at", "-pk"
    )
    notice = NoticeCandidate.objects.filter(
        subject=OuterRef("pk"), page__live=True
    ).order_by("-page_id")
    return queryset.select_related("county").annotate(
        last_note=Subquery(last.values("opinion")[:1]),
        last_moved_at=Subquery(last.values("moved_at")[:1]),
        notice_title=Subquery(notice.values("page__title")[:1]),
    )


def _returned():
    """A draft that has been moved back to 草稿 (a draft is reached no other way)."""
    return Exists(
        StageMove.objects.filter(application=OuterRef("pk"), to_stage=Stage.DRAFT)
    )


def _refused_since(day: date):
    moved = StageMove.objects.filter(
        application=OuterRef("pk"),
        to_stage=Stage.REJECTED,
        moved_at__date__gte=day,
    )
    return Exists(moved)


@dataclass(frozen=True)
class CountyWork:
    """A county editor's applications, by what they wait for."""

    drafts: Listing
    returned: Listing
    under_way: Listing


def county_work(county, today: date | None = None, limit: int = ROWS) -> CountyWork:
    """The applications of ``county`` that its editor acts on or follows.

    Args:
        county: the editor's county (from their ``CountyMembership``).
        today: the local date (default: today).
        limit: rows per list.

    Returns:
        Drafts (never returned); drafts returned by the city and applications
        refused in the last ``RECENT_REFUSAL_DAYS`` days, with the latest note;
        and applications in review or in a notice.
    """
    today = today or timezone.localdate()
    since = today - timedelta(days=RECENT_REFUSAL_DAYS)
    mine = Application.objects.filter(county=county).annotate(
        was_returned=_returned(), refused_recently=_refused_since(since)
    )
    returned_q = Q(stage=Stage.DRAFT, was_returned=True) | Q(
        stage=Stage.REJECTED, refused_recently=True
    )
    counts = mine.aggregate(
        drafts=Count("pk", filter=Q(stage=Stage.DRAFT, was_returned=False)),
        returned=Count("pk", filter=returned_q),
        under_way=Count("pk", filter=Q(stage__in=UNDER_WAY)),
    )
    rows = _with_progress(mine)
    return CountyWork(
        drafts=Listing(
            counts["drafts"],
            list(
                rows.filter(stage=Stage.DRAFT, was_returned=False).order_by(
                    "-updated_at", "-pk"
                )[:limit]
            )
            if counts["drafts"]
            else [],
        ),
        returned=Listing(
            counts["returned"],
            list(rows.filter(returned_q).order_by(LATEST_FIRST, "-pk")[:limit])
            if counts["returned"]
            else [],
        ),
        under_way=Listing(
            counts["under_way"],
            list(rows.filter(stage__in=UNDER_WAY).order_by(LATEST_FIRST, "-pk")[:limit])
            if counts["under_way"]
            else [],
        ),
    )


# --- the city ---------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """A candidate whose notice has closed and that may be approved now."""

    candidate: NoticeCandidate
    closes_at: datetime
    draft_id: int | None
    #: The drafted 认定批复 is in the publication workflow (submitted).
    draft_submitted: bool = False


@dataclass(frozen=True)
class YearCount:
    """Evaluations of a year not yet in a published decision of a kind."""

    year: int
    count: int
    draft_id: int | None


@dataclass(frozen=True)
class CityWork:
    """What waits for a city editor."""

    city_review: Listing
    expert_review: Listing
    expert_done: Listing
    approvable: Listing
    evaluation_year: int
    in_first_quarter: bool
    not_graded: Listing
    overdue_rectifications: Listing
    revocations: Listing
    results_due: list[YearCount]
    commendations_due: list[YearCount]


def in_workflow(page_ids) -> set[int]:
    """Which of the pages ``page_ids`` are in a workflow now (submitted and not
    yet approved or rejected); one query, none for no pages."""
    if not page_ids:
        return set()
    found = (
        WorkflowState.objects.active()
        .filter(
            base_content_type=get_default_page_content_type(),
            object_id__in=[str(pk) for pk in page_ids],
        )
        .values_list("object_id", flat=True)
    )
    return {int(pk) for pk in found}


def _applications(limit: int):
    draft_notice = NoticeCandidate.objects.filter(
        subject=OuterRef("pk"), page__live=False
    ).order_by("-page_id")
    apps = Application.objects.all()
    counts = apps.aggregate(
        city_review=Count("pk", filter=Q(stage=Stage.COUNTY_REVIEWED)),
        expert_review=Count("pk", filter=Q(stage=Stage.CITY_REVIEWED)),
        expert_done=Count("pk", filter=Q(stage=Stage.EXPERT_REVIEWED)),
    )
    rows = _with_progress(apps).annotate(
        draft_notice_id=Subquery(draft_notice.values("page_id")[:1]),
        draft_notice_title=Subquery(draft_notice.values("page__title")[:1]),
    )

    def listing(key: str, stage: str) -> Listing:
        if not counts[key]:
            return Listing()
        found = rows.filter(stage=stage).order_by(WAITING_LONGEST, "pk")[:limit]
        return Listing(counts[key], list(found))

    expert_done = listing("expert_done", Stage.EXPERT_REVIEWED)
    submitted = in_workflow([a.draft_notice_id for a in expert_done.rows])
    for application in expert_done.rows:
        application.draft_notice_submitted = application.draft_notice_id in submitted
    return (
        listing("city_review", Stage.COUNTY_REVIEWED),
        listing("expert_review", Stage.CITY_REVIEWED),
        expert_done,
    )


def approvable_candidates(now: datetime | None = None, limit: int = ROWS) -> Listing:
    """Candidates in notice that may be approved now: the notice is live and
    closed before today (the approval is dated the day after at the earliest),
    and no objection about them (or the whole notice) blocks it
    (``notices.models.approval.may_approve`` in set form). Each says whether a
    认定批复 is drafted already.

    The window is computed once per notice that still has candidates in notice,
    with its corrections prefetched: no query per candidate.
    """
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    drafts = DecisionPage.objects.filter(
        kind=DecisionKind.APPROVAL, candidate=OuterRef("pk"), live=False
    ).order_by("pk")
    candidates = list(
        NoticeCandidate.objects.filter(subject__stage=Stage.IN_NOTICE, page__live=True)
        .annotate(
            blocked=Exists(blocking_objections(OuterRef("page_id"), OuterRef("pk"))),
            draft_id=Subquery(drafts.values("pk")[:1]),
        )
        .filter(blocked=False)
        .select_related("subject", "subject__county")
        .only(
            "pk",
            "page_id",
            "sort_order",
            "subject__id",
            "subject__name",
            "subject__park",
            "subject__county",
            "subject__county__name",
        )
        .order_by("page_id", "sort_order", "pk")
    )
    pages = NoticePage.objects.filter(
        pk__in={c.page_id for c in candidates}
    ).prefetch_related("corrections")
    closed = {}
    for page in pages.defer(*UNREAD_PAGE_FIELDS):
        window = safe_window(page)
        if window is None or now <= window.closes_at:
            continue
        if timezone.localtime(window.closes_at).date() + timedelta(days=1) > today:
            continue
        closed[page.pk] = (page, window)
    ready = []
    for candidate in candidates:
        if candidate.page_id not in closed:
            continue
        page, window = closed[candidate.page_id]
        candidate.page = page
        ready.append(Candidate(candidate, window.closes_at, candidate.draft_id))
    ready.sort(key=lambda c: (c.closes_at, c.candidate.pk))
    shown = ready[:limit]
    submitted = in_workflow([c.draft_id for c in shown if c.draft_id])
    shown = [replace(c, draft_submitted=c.draft_id in submitted) for c in shown]
    return Listing(len(ready), shown)


def evaluation_year(today: date) -> int:
    """The operating year evaluated in the first quarter of this year (Art. 23)."""
    return today.year - 1


def parks_not_graded(year: int, limit: int = ROWS) -> Listing:
    """Parks in the registry for ``year`` (approved by its end, not revoked)
    without an evaluation of ``year``."""
    parks = (
        Park.objects.exclude(status=ParkStatus.REVOKED)
        .filter(approved_on__lte=date(year, 12, 31))
        .exclude(Exists(Evaluation.objects.filter(park=OuterRef("pk"), year=year)))
    )
    count = parks.count()
    if not count:
        return Listing()
    rows = parks.select_related("county").order_by("county__sort_order", "name")
    return Listing(count, list(rows[:limit]))


def overdue_rectifications(today: date, limit: int = ROWS) -> Listing:
    """Rectifications with no result after their deadline (逾期未整改), the park
    not revoked (``parkregistry.rules.registry.rectification_overdue``)."""
    found = Rectification.objects.filter(
        result=RectificationResult.PENDING, deadline__lt=today
    ).exclude(evaluation__park__status=ParkStatus.REVOKED)
    count = found.count()
    if not count:
        return Listing()
    rows = found.select_related("evaluation__park__county").order_by("deadline", "pk")
    return Listing(count, list(rows[:limit]))


def proposed_revocations(limit: int = ROWS) -> Listing:
    """Revocations the system proposed, to confirm with a 取消资格 decision."""
    found = Revocation.objects.filter(status=RevocationStatus.PROPOSED)
    count = found.count()
    if not count:
        return Listing()
    rows = found.select_related("park__county").order_by("proposed_on", "pk")
    return Listing(count, list(rows[:limit]))


def decisions_due() -> tuple[list[YearCount], list[YearCount]]:
    """Years with evaluations not yet in a published result notice (考核结果通报),
    and years with 优秀 grades not yet in a commendation (通报表扬), each with
    the unpublished draft of that decision when there is one."""
    results = dict(
        Evaluation.objects.filter(result_decision__isnull=True)
        .values_list("year")
        .annotate(n=Count("pk"))
        .order_by()
    )
    commended = dict(
        Evaluation.objects.filter(
            grade=Grade.EXCELLENT, commendation_decision__isnull=True
        )
        .values_list("year")
        .annotate(n=Count("pk"))
        .order_by()
    )
    drafts: dict[tuple[str, int], int] = {}
    if results or commended:
        for kind, year, pk in (
            DecisionPage.objects.filter(
                live=False,
                kind__in=[DecisionKind.RESULTS, DecisionKind.COMMENDATION],
                year__in={*results, *commended},
            )
            .order_by("-pk")
            .values_list("kind", "year", "pk")
        ):
            drafts[(kind, year)] = pk

    def years(counts: dict, kind: str) -> list[YearCount]:
        return [
            YearCount(year, n, drafts.get((kind, year)))
            for year, n in sorted(counts.items())
        ]

    return years(results, DecisionKind.RESULTS), years(
        commended, DecisionKind.COMMENDATION
    )


def city_work(now: datetime | None = None, limit: int = ROWS) -> CityWork:
    """Everything a city editor acts on next, as counts and first rows.

    Args:
        now: the moment of the dashboard (default: now).
        limit: rows per list.
    """
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    city_review, expert_review, expert_done = _applications(limit)
    year = evaluation_year(today)
    results, commendations = decisions_due()
    return CityWork(
        city_review=city_review,
        expert_review=expert_review,
        expert_done=expert_done,
        approvable=approvable_candidates(now, limit),
        evaluation_year=year,
        in_first_quarter=today.month <= 3,
        not_graded=parks_not_graded(year, limit),
        overdue_rectifications=overdue_rectifications(today, limit),
        revocations=proposed_revocations(limit),
        results_due=results,
        commendations_due=commendations,
    )
