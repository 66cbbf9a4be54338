"""Notices: the effective window (corrections applied), state, outcome, publication
checks and the corrections themselves.

The dates always come from the working-day engine (``compute_notice_window``);
nothing here types a window by hand.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from notices.formatting import long_date, long_datetime, period_sentence
from notices.services import DateOutOfRange, compute_notice_window
from notices.workingdays import (
    MAX_WINDOW_DAYS,
    CalendarError,
    UnconfirmedYear,
    Window,
    WindowState,
    remaining_working_days,
    window_state,
)


class CorrectionRefused(Exception):
    """A correction the rules do not allow; ``str(exc)`` is the user message."""


# --- the period -------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """The parameters of one notice period: what the engine computes from."""

    start: date
    working_days: int
    published_at: datetime | None


@dataclass(frozen=True)
class PeriodHistory:
    """The current period and the ones replaced by material corrections."""

    current: Period
    superseded: tuple[Period, ...] = field(default=())
    extensions: tuple = field(default=())
    restarts: tuple = field(default=())


def _corrections(page) -> list:
    if page.pk is None:
        return []
    cache = getattr(page, "_prefetched_objects_cache", {})
    if "corrections" in cache:
        items = list(cache["corrections"])
    else:
        items = list(page.corrections.all())
    return sorted(items, key=lambda c: (c.made_at, c.pk or 0))


def period_history(page) -> PeriodHistory:
    """Fold the page's corrections into its current period.

    An extension adds working days to the current period (its end moves later); a
    material correction starts the full period (the page's working days) again
    from its new start date, opening no earlier than the moment it was made.
    """
    current = Period(page.start_date, page.working_days, page.first_published_at)
    superseded: list[Period] = []
    extensions = []
    restarts = []
    for correction in _corrections(page):
        if correction.kind == "extension":
            current = Period(
                current.start,
                current.working_days + (correction.extra_working_days or 0),
                current.published_at,
            )
            extensions.append(correction)
        elif correction.kind == "restart":
            superseded.append(current)
            current = Period(
                correction.new_start_date, page.working_days, correction.made_at
            )
            restarts.append(correction)
    return PeriodHistory(current, tuple(superseded), tuple(extensions), tuple(restarts))


def window_of(period: Period, closing_time=None) -> Window:
    return compute_notice_window(
        period.start,
        period.working_days,
        closing_time=closing_time,
        published_at=period.published_at,
    )


def effective_window(page) -> Window:
    """The notice's window now, every correction applied.

    Raises:
        UnconfirmedYear: the window reaches a year without confirmed holiday data.
        DateOutOfRange: the start lies before any stored holiday data.
    """
    return window_of(period_history(page).current, page.closing_time)


def safe_window(page) -> Window | None:
    try:
        return effective_window(page)
    except (CalendarError, DateOutOfRange, ValueError):
        return None


def notice_state(page, now: datetime | None = None) -> WindowState | None:
    window = safe_window(page)
    if window is None:
        return None
    return window_state(window, now or timezone.now())


def state_label(window: Window, now: datetime) -> str:
    """未开始 / 公示中（剩余N个工作日）/ 已结束."""
    state = window_state(window, now)
    if state is WindowState.UPCOMING:
        return _("Not started")
    if state is WindowState.OPEN:
        left = remaining_working_days(window, timezone.localtime(now).date())
        return _("Open (%(n)s working days left)") % {"n": left}
    return _("Ended")


# --- validation ---------------------------------------------------------------


def minimum_working_days_problem(start: date | None, days: int | None) -> str | None:
    """Why ``days`` is not an acceptable notice length on ``start`` (None when it is)."""
    from parkregistry.policy import policy_in_force
    from parkregistry.rules import NoPolicyInForce

    if start is None or days is None:
        return None
    if days > MAX_WINDOW_DAYS:
        return _("A notice may run for at most %(max)s working days.") % {
            "max": MAX_WINDOW_DAYS
        }
    try:
        terms = policy_in_force(start)
    except NoPolicyInForce:
        return _(
            "No policy version is in force on %(date)s: register the renewed measures first."
        ) % {"date": long_date(start)}
    if days < terms.notice_min_working_days:
        return _(
            "A notice must run for at least %(min)s working days (%(policy)s)."
        ) % {"min": terms.notice_min_working_days, "policy": terms.title}
    return None


def unconfirmed_year_message(year: int) -> str:
    return _(
        "The notice period reaches %(year)s, whose holiday arrangement is not yet "
        "confirmed. Enter and confirm the %(year)s arrangement under Settings → "
        "Holiday arrangements first."
    ) % {"year": year}


def publication_problem(page, now: datetime | None = None) -> str | None:
    """Why this notice (as it would be published) may not go live; None if it may."""
    problem = minimum_working_days_problem(page.start_date, page.working_days)
    if problem:
        return problem
    if not list(page.candidates.all()):
        return _("A notice must list at least one candidate.")
    try:
        window = effective_window(page)
    except UnconfirmedYear as exc:
        return unconfirmed_year_message(exc.year)
    except DateOutOfRange:
        return _("The start date lies before the stored holiday data.")
    if not page.first_published_at and window.closes_at <= (now or timezone.now()):
        return _(
            "The notice period would already have ended (%(sentence)s); choose a "
            "later start date."
        ) % {"sentence": period_sentence(window)}
    return None


def candidate_problem(candidate) -> str | None:
    """An application may be listed only after its expert review (or if already listed)."""
    from parkregistry.models import Stage

    application = getattr(candidate, "application", None)
    if application is None:
        return None
    if application.stage == Stage.EXPERT_REVIEWED:
        return None
    if candidate.page_id and (
        application.notice_candidates.filter(page_id=candidate.page_id).exists()
    ):
        return None
    return _(
        "Only applications whose expert review is done can be listed "
        "(this one is at stage “%(stage)s”)."
    ) % {"stage": Stage(application.stage).label}


# --- outcome ------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """Objection counts of a notice, without any personal data."""

    total: int
    sustained: int
    not_sustained: int
    not_accepted: int
    withdrawn: int
    pending: int

    def lines(self) -> list[str]:
        if not self.total:
            return []
        pairs = [
            (self.sustained, _("sustained: %(n)s")),
            (self.not_sustained, _("not sustained: %(n)s")),
            (self.not_accepted, _("not accepted: %(n)s")),
            (self.withdrawn, _("withdrawn: %(n)s")),
            (self.pending, _("still being handled: %(n)s")),
        ]
        return [text % {"n": n} for n, text in pairs if n]

    def sentence(self) -> str:
        if not self.total:
            return _("The notice period has ended with no objection.")
        return ngettext(
            "The notice period has ended; %(n)s objection was received.",
            "The notice period has ended; %(n)s objections were received.",
            self.total,
        ) % {"n": self.total}


def outcome(page) -> Outcome:
    """Count the notice's objections by how they ended (counts only)."""
    from notices.models import Finding, ObjectionStatus

    rows = Counter(page.objections.values_list("status", "finding"))
    sustained = not_sustained = not_accepted = withdrawn = pending = 0
    for (status, finding), n in rows.items():
        if finding == Finding.SUSTAINED:
            sustained += n
        elif status == ObjectionStatus.NOT_ACCEPTED:
            not_accepted += n
        elif status == ObjectionStatus.WITHDRAWN:
            withdrawn += n
        elif finding == Finding.NOT_SUSTAINED and status == ObjectionStatus.CLOSED:
            not_sustained += n
        else:
            pending += n
    return Outcome(
        sum(rows.values()), sustained, not_sustained, not_accepted, withdrawn, pending
    )


# --- listing --------------------------------------------------------------------


@dataclass(frozen=True)
class NoticeRow:
    page: object
    window: Window
    state: WindowState


_ORDER = {WindowState.OPEN: 0, WindowState.UPCOMING: 1, WindowState.CLOSED: 2}


def live_notices(
    now: datetime | None = None,
    *,
    state=None,
    year=None,
    site=None,
    with_candidates: bool = False,
):
    """Live public notices with their windows: open first, then upcoming, then closed.

    Open ones are ordered by closing moment, upcoming ones by opening moment,
    closed ones newest first. Notices whose window cannot be computed are left out.
    """
    from django.db.models import Prefetch

    from notices.models import NoticeCandidate, NoticePage

    now = now or timezone.now()
    # Lists need only the candidates' names: load those, not whole applications.
    names = NoticeCandidate.objects.select_related("application").only(
        "id", "page_id", "sort_order", "application__id", "application__name"
    )
    pages = NoticePage.objects.live().public().prefetch_related("corrections")
    if with_candidates:
        pages = pages.prefetch_related(Prefetch("candidates", queryset=names))
    if site is not None:
        pages = pages.in_site(site)
    rows = []
    for page in pages:
        window = safe_window(page)
        if window is None:
            continue
        current = window_state(window, now)
        if state and current != state:
            continue
        if year and window.start.year != year and window.end.year != year:
            continue
        rows.append(NoticeRow(page, window, current))

    def key(row: NoticeRow):
        if row.state is WindowState.OPEN:
            return (0, row.window.closes_at.timestamp())
        if row.state is WindowState.UPCOMING:
            return (1, row.window.opens_at.timestamp())
        return (2, -row.window.closes_at.timestamp())

    rows.sort(key=key)
    return rows


# --- publication and corrections -------------------------------------------------


def on_published(page, user=None) -> int:
    """Move the notice's candidates from expert review to stage in_notice.

    Idempotent: candidates already in the notice stage are left alone.

    Returns:
        How many applications were moved.
    """
    from parkregistry.applications_services import move
    from parkregistry.models import Stage

    moved = 0
    with transaction.atomic():
        for candidate in page.candidates.select_related("application"):
            if candidate.application.stage == Stage.EXPERT_REVIEWED:
                move(
                    candidate.application,
                    Stage.IN_NOTICE,
                    user,
                    note=_("Listed in notice “%(title)s”") % {"title": page.title},
                )
                moved += 1
    return moved


def _log(page, action: str, user, data: dict) -> None:
    from wagtail.log_actions import log

    log(instance=page, action=action, user=user, data=data)


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
    from notices.models import CorrectionKind, NoticeCorrection

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
    with transaction.atomic():
        correction = NoticeCorrection(
            page=page,
            kind=CorrectionKind.EXTENSION,
            made_at=now,
            made_by=user,
            reason=reason.strip(),
            extra_working_days=extra_working_days,
            previous_start=before.start,
            previous_end=before.end,
            previous_working_days=before.working_days,
            new_end=after.end,
        )
        correction._history_user = user
        correction.save()
        _log(
            page,
            "notices.extend_notice",
            user,
            {
                "previous": period_sentence(before),
                "current": period_sentence(after),
                "reason": correction.reason,
            },
        )
    return correction


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
    from notices.models import CorrectionKind, NoticeCorrection

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
    with transaction.atomic():
        correction = NoticeCorrection(
            page=page,
            kind=CorrectionKind.RESTART,
            made_at=now,
            made_by=user,
            reason=reason.strip(),
            new_start_date=new_start,
            previous_start=before.start,
            previous_end=before.end,
            previous_working_days=before.working_days,
            new_end=after.end,
        )
        correction._history_user = user
        correction.save()
        _log(
            page,
            "notices.restart_notice",
            user,
            {
                "previous": period_sentence(before),
                "current": period_sentence(after),
                "reason": correction.reason,
            },
        )
    return correction
