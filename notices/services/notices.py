"""Notices: the public list, the corrections (extension, restart) and the
approval of a candidate after its notice.

The dates always come from the working-day engine (``compute_notice_window``);
nothing here types a window by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.db.models import (
    Case,
    DateTimeField,
    F,
    IntegerField,
    Prefetch,
    Q,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from notices.models import CorrectionKind, NoticeCandidate, NoticeCorrection, NoticePage
from notices.models.approval import Approvability, may_approve
from notices.models.calendars import DateOutOfRange, compute_notice_window
from notices.models.subject import get_subject_model
from notices.models.view_restrictions import exclude_restricted
from notices.models.windows import (
    STORED_WINDOW_FIELDS,
    minimum_working_days_problem,
    period_history,
    stored_window,
    window_of,
)
from notices.rules.formatting import (
    long_datetime,
    period_sentence,
    unconfirmed_year_message,
)
from notices.rules.workingdays import (
    MAX_WINDOW_DAYS,
    CalendarError,
    UnconfirmedYear,
    Window,
    WindowState,
    window_state,
)
from notices.services.windows import recompute_windows


class CorrectionRefused(Exception):
    """A correction the rules do not allow; ``str(exc)`` is the user message."""


# --- listing --------------------------------------------------------------------


@dataclass(frozen=True)
class NoticeRow:
    page: object
    window: Window
    state: WindowState


#: The list order of the states (the ``list_rank`` of ``live_notice_pages``).
RANKS = {WindowState.OPEN: 0, WindowState.UPCOMING: 1, WindowState.CLOSED: 2}
STATE_OF_RANK = {rank: state for state, rank in RANKS.items()}


def state_filter(state: WindowState, now: datetime) -> Q:
    """The stored windows in ``state`` at ``now`` (as ``window_state`` says)."""
    if state is WindowState.UPCOMING:
        return Q(opens_at__gt=now)
    if state is WindowState.OPEN:
        return Q(opens_at__lte=now, closes_at__gt=now)
    return Q(opens_at__lte=now, closes_at__lte=now)


def _computed_public_notices():
    """Live notices outside any view restriction, whose window computes."""
    return exclude_restricted(NoticePage.objects.live().filter(closes_at__isnull=False))


def live_notice_pages(
    now: datetime | None = None,
    *,
    state: WindowState | None = None,
    year: int | None = None,
    site=None,
    under=None,
):
    """Live public notices in list order, as a query on their stored windows.

    Open ones first (soonest closing first), then upcoming ones (soonest opening
    first), then closed ones (newest first); notices whose window cannot be
    computed are left out. The database orders, filters and pages them; each
    page carries ``list_rank`` (see ``RANKS``).

    Args:
        now: the moment the states are taken at (default: now).
        state: only the notices in this state.
        year: only the notices whose period starts or ends in this year.
        site: only the notices of this Wagtail site.
        under: only the notices under this page (an index).

    Returns:
        A ``NoticePage`` queryset.
    """
    now = now or timezone.now()
    pages = _computed_public_notices().annotate(
        list_rank=Case(
            When(opens_at__gt=now, then=Value(RANKS[WindowState.UPCOMING])),
            When(closes_at__gt=now, then=Value(RANKS[WindowState.OPEN])),
            default=Value(RANKS[WindowState.CLOSED]),
            output_field=IntegerField(),
        ),
        list_moment=Case(
            When(opens_at__gt=now, then=F("opens_at")),
            When(closes_at__gt=now, then=F("closes_at")),
            default=None,
            output_field=DateTimeField(),
        ),
    )
    if state is not None:
        pages = pages.filter(state_filter(state, now))
    if year:
        pages = pages.filter(Q(window_start__year=year) | Q(window_end__year=year))
    if site is not None:
        pages = pages.in_site(site)
    if under is not None:
        pages = pages.descendant_of(under)
    return pages.order_by(
        "list_rank",
        F("list_moment").asc(nulls_last=True),
        F("closes_at").desc(),
        "path",
    )


def notice_rows(pages, now: datetime | None = None) -> list[NoticeRow]:
    """The rows shown: each page with its window and state at ``now``.

    Only these rows are computed: the engine works from each page's stored period
    with the request's memoised holiday calendar (no query, no cache read per
    row). A page whose stored window no longer computes is left out.
    """
    now = now or timezone.now()
    rows = []
    for page in pages:
        window = stored_window(page)
        if window is not None:
            rows.append(NoticeRow(page, window, window_state(window, now)))
    return rows


def live_notices(
    now: datetime | None = None,
    *,
    state=None,
    year=None,
    site=None,
    with_candidates: bool = False,
) -> list[NoticeRow]:
    """Every live public notice with its window, in list order (``live_notice_pages``)."""
    now = now or timezone.now()
    pages = live_notice_pages(now, state=state, year=year, site=site)
    if with_candidates:
        pages = pages.prefetch_related(
            Prefetch("candidates", queryset=candidate_names())
        )
    return notice_rows(pages, now)


def candidate_names():
    """The candidates of listed notices with their names only, not whole subjects."""
    name_fields = [f"subject__{f}" for f in get_subject_model().notice_name_fields]
    names = NoticeCandidate.objects.select_related("subject")
    if name_fields:
        names = names.only("id", "page_id", "sort_order", "subject__id", *name_fields)
    return names


def notice_years() -> list[int]:
    """Every year a live public notice's period starts or ends in, latest first."""
    pairs = (
        _computed_public_notices()
        .order_by()
        .values_list("window_start__year", "window_end__year")
        .distinct()
    )
    return sorted({year for pair in pairs for year in pair}, reverse=True)


def absolute_url(request, page) -> str:
    """The full URL of ``page`` at the host that serves ``request``.

    Every absolute link of the feeds, calendars and the JSON API comes from here.
    A page of the request's own site gets the request's scheme, host and port,
    whatever hostname its Wagtail ``Site`` record holds (``get_full_url`` would
    use that record's); a page of another site keeps that site's root URL.

    Returns:
        The URL, or "" when no site serves the page.
    """
    url = page.get_url(request)
    return request.build_absolute_uri(url) if url else ""


# --- publication and corrections -------------------------------------------------


def _log(page, action: str, user, data: dict) -> None:
    log(instance=page, action=action, user=user, data=data)


def _record(page, kind, action, before, after, reason, user, now, **fields):
    """Store a correction (before → after) and write it to the page's history."""
    with transaction.atomic():
        correction = NoticeCorrection(
            page=page,
            kind=kind,
            made_at=now,
            made_by=user,
            reason=reason.strip(),
            previous_start=before.start,
            previous_end=before.end,
            previous_working_days=before.working_days,
            new_end=after.end,
            **fields,
        )
        correction._history_user = user
        correction.save()
        # The correction is an input of the stored window: store it afresh.
        recompute_windows(NoticePage.objects.filter(pk=page.pk))
        page.refresh_from_db(fields=STORED_WINDOW_FIELDS)
        _log(
            page,
            action,
            user,
            {
                "previous": period_sentence(before),
                "current": period_sentence(after),
                "reason": correction.reason,
            },
        )
    return correction


def extend(page, extra_working_days: int, reason: str, user=None, now=None):
    """Extend the notice (延长公示): add working days, so the end moves later.

    Args:
        page: the live notice.
        extra_working_days: how many working days to add (at least 1).
        reason: why, shown on the page.
        user: who extends it (recorded).
        now: the current moment (for tests).

    Returns:
        The recorded ``NoticeCorrection``.

    Raises:
        CorrectionRefused: not live, already closed, nothing added, or the new end
            reaches an unconfirmed year.
    """
    now = now or timezone.now()
    if not page.live:
        raise CorrectionRefused(_("Only a published notice can be extended."))
    if not extra_working_days or extra_working_days < 1:
        raise CorrectionRefused(_("Add at least one working day."))
    if not (reason or "").strip():
        raise CorrectionRefused(_("Give the reason for the extension."))
    history = period_history(page)
    before = window_of(history.current, page.closing_time)
    if window_state(before, now) is WindowState.CLOSED:
        raise CorrectionRefused(
            _("The notice closed at %(when)s; a closed notice cannot be extended.")
            % {"when": long_datetime(before.closes_at)}
        )
    days = history.current.working_days + extra_working_days
    if days > MAX_WINDOW_DAYS:
        raise CorrectionRefused(
            _("A notice may run for at most %(max)s working days.")
            % {"max": MAX_WINDOW_DAYS}
        )
    try:
        after = compute_notice_window(
            history.current.start,
            days,
            closing_time=page.closing_time,
            published_at=history.current.published_at,
        )
    except UnconfirmedYear as exc:
        raise CorrectionRefused(unconfirmed_year_message(exc.year)) from exc
    if after.closes_at <= before.closes_at:  # pragma: no cover - engine guarantees
        raise CorrectionRefused(_("An extension may only move the end later."))
    return _record(
        page,
        CorrectionKind.EXTENSION,
        "notices.extend_notice",
        before,
        after,
        reason,
        user,
        now,
        extra_working_days=extra_working_days,
    )


def restart(page, new_start: date, reason: str, user=None, now=None):
    """Correct the notice materially (更正后重新公示): the full period restarts.

    Args:
        page: the live notice.
        new_start: the first day of the new period (today or later).
        reason: what was corrected, shown on the page.
        user: who makes it (recorded).
        now: the current moment (for tests).

    Returns:
        The recorded ``NoticeCorrection``.

    Raises:
        CorrectionRefused: not live, a start in the past, or the new period reaches
            an unconfirmed year.
    """
    now = now or timezone.now()
    if not page.live:
        raise CorrectionRefused(_("Only a published notice can be corrected."))
    if new_start is None:
        raise CorrectionRefused(_("Enter the new start date."))
    if not (reason or "").strip():
        raise CorrectionRefused(_("Say what was corrected."))
    today = timezone.localtime(now).date()
    if new_start < today:
        raise CorrectionRefused(_("The new start date cannot be in the past."))
    history = period_history(page)
    before = window_of(history.current, page.closing_time)
    problem = minimum_working_days_problem(new_start, page.working_days)
    if problem:
        raise CorrectionRefused(problem)
    try:
        after = compute_notice_window(
            new_start,
            page.working_days,
            closing_time=page.closing_time,
            published_at=now,
        )
    except UnconfirmedYear as exc:
        raise CorrectionRefused(unconfirmed_year_message(exc.year)) from exc
    return _record(
        page,
        CorrectionKind.RESTART,
        "notices.restart_notice",
        before,
        after,
        reason,
        user,
        now,
        new_start_date=new_start,
    )


# --- approval after the notice ----------------------------------------------------


class ApprovalRefused(Exception):
    """The candidate may not be approved; ``str(exc)`` is the user message."""


def check_may_approve(candidate, now: datetime | None = None) -> Approvability:
    """``may_approve``, with a window that cannot be computed (a year without
    confirmed holidays) reported as a refusal, never a crash."""
    try:
        return may_approve(candidate, now=now)
    except (CalendarError, DateOutOfRange) as exc:
        return Approvability(False, str(exc))


def approve_candidate(candidate, user=None, now: datetime | None = None):
    """Approve a candidate after its notice (no objection sustained, none pending).

    The subject's own step (``on_notice_approved``) runs in the same transaction,
    and the approval is written to the notice's history.

    Args:
        candidate: a ``NoticeCandidate`` whose notice has closed.
        user: who approves it (recorded).
        now: the moment of the check (default: now).

    Returns:
        The candidate's subject.

    Raises:
        ApprovalRefused: the notice has not ended, or an objection about the
            candidate was sustained or is still being handled.
    """
    answer = check_may_approve(candidate, now=now)
    if not answer:
        raise ApprovalRefused(answer.reason)
    with transaction.atomic():
        subject = candidate.subject
        subject.on_notice_approved(candidate, user)
        _log(
            candidate.page,
            "notices.approve_candidate",
            user,
            {"candidate": subject.notice_name},
        )
    return subject
