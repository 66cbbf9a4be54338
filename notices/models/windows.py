"""The notice period as the records say it: corrections folded in, the window
computed by the working-day engine, the checks before publication and the
objection outcome. Model-level facts the page types and every layer above share.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from notices import request_memo
from notices.models.calendars import DateOutOfRange, compute_notice_window
from notices.models.objections import Finding, ObjectionStatus
from notices.models.subject import NoticeRuleUnavailable, get_subject_model
from notices.rules.formatting import period_sentence, unconfirmed_year_message
from notices.rules.workingdays import (
    MAX_WINDOW_DAYS,
    CalendarError,
    UnconfirmedYear,
    Window,
    WindowState,
    remaining_working_days,
    window_state,
)

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


# --- the stored window -----------------------------------------------------------

#: The columns of ``NoticePage`` that keep the computed window (see
#: ``stored_window_values``); null when the window cannot be computed.
STORED_WINDOW_FIELDS = (
    "window_start",
    "window_working_days",
    "window_first_day",
    "window_end",
    "opens_at",
    "closes_at",
)
#: The page's own fields the window is computed from (its corrections and the
#: holiday data are the other inputs).
WINDOW_INPUT_FIELDS = frozenset(
    {"start_date", "working_days", "closing_time", "first_published_at"}
)


def stored_window_values(page) -> dict[str, object]:
    """The stored window columns of ``page`` as the engine computes them now.

    The current period (corrections applied) and its window: start, working days,
    first and last counted day, opening and closing moment. All None when the
    window cannot be computed (a year without confirmed holiday data).
    """
    empty = dict.fromkeys(STORED_WINDOW_FIELDS)
    if page.start_date is None or page.working_days is None:
        return empty  # a page being built, not yet valid
    try:
        window = effective_window(page)
    except (CalendarError, DateOutOfRange, ValueError):
        return empty
    return {
        "window_start": window.start,
        "window_working_days": window.working_days,
        "window_first_day": window.first_working_day,
        "window_end": window.end,
        "opens_at": window.opens_at,
        "closes_at": window.closes_at,
    }


def apply_stored_window(page) -> bool:
    """Set ``page``'s stored window columns afresh; True if any changed."""
    changed = False
    for name, value in stored_window_values(page).items():
        if getattr(page, name) != value:
            setattr(page, name, value)
            changed = True
    return changed


#: Moves on whenever a stored window changes (see ``store_windows``).
WINDOWS_VERSION = request_memo.register_version("notices:stored-windows")


def store_windows(pages) -> int:
    """Compute and save the stored window of every page of the queryset ``pages``.

    Only changed rows are written (one bulk update). Returns how many changed.
    """
    fields = (*WINDOW_INPUT_FIELDS, *STORED_WINDOW_FIELDS)
    rows = list(pages.only(*fields).prefetch_related("corrections"))
    # The holiday calendar is read once for the whole batch.
    with request_memo.batch_scope():
        changed = [page for page in rows if apply_stored_window(page)]
    if changed:
        pages.model._base_manager.bulk_update(changed, STORED_WINDOW_FIELDS)
        # Whatever is keyed by the windows' transitions is out of date, even
        # when no record save announced the change (a queryset update).
        request_memo.bump(WINDOWS_VERSION)
    return len(changed)


def stored_window(page) -> Window | None:
    """The window of a listed page, from its stored period, without its corrections.

    The engine computes it again from the stored current period (start, working
    days, opening moment), so the counted days and any demo-year mark come with
    it; the holiday calendar is the request's memoised one. None when the stored
    window is empty or no longer computes.
    """
    if page.closes_at is None or page.window_start is None:
        return None
    try:
        return compute_notice_window(
            page.window_start,
            page.window_working_days,
            closing_time=page.closing_time,
            published_at=page.opens_at,
        )
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
    """Why ``days`` is not an acceptable notice length on ``start`` (None when it is).

    The least length comes from the subject model (``NoticeSubjectMixin.notice_minimum``).
    """
    if start is None or days is None:
        return None
    if days > MAX_WINDOW_DAYS:
        return _("A notice may run for at most %(max)s working days.") % {
            "max": MAX_WINDOW_DAYS
        }
    try:
        minimum = get_subject_model().notice_minimum(start)
    except NoticeRuleUnavailable as exc:
        return str(exc)
    if days < minimum.working_days:
        if minimum.source:
            return _(
                "A notice must run for at least %(min)s working days (%(policy)s)."
            ) % {"min": minimum.working_days, "policy": minimum.source}
        return _("A notice must run for at least %(min)s working days.") % {
            "min": minimum.working_days
        }
    return None


def publication_problem(page, now: datetime | None = None) -> str | None:
    """Why this notice (as it would be published) may not go live; None if it may."""
    problem = minimum_working_days_problem(page.start_date, page.working_days)
    if problem:
        return problem
    candidates = list(page.candidates.all())
    if not candidates:
        return _("A notice must list at least one candidate.")
    for candidate in candidates:
        subject = getattr(candidate, "subject", None)
        if subject is None:
            continue
        # Checked again at publication: two notices submitted side by side must
        # not both list a subject that may be on one notice at a time.
        problem = subject.notice_publication_problem() or (
            subject.notice_candidate_problem(page.pk)
        )
        if problem:
            return problem
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
    """Why ``candidate``'s subject may not be listed on its notice (None if it may)."""
    subject = getattr(candidate, "subject", None)
    if subject is None:
        return None
    return subject.notice_candidate_problem(candidate.page_id)


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


def objection_window(page, now: datetime | None = None) -> tuple[str, Window | None]:
    """(state, window) for objections: "upcoming", "open", "closed", or
    "unavailable" when the page is not live or its window cannot be computed (no
    confirmed holiday data): no objection is accepted then."""
    if not page.live:
        return "unavailable", None
    window = safe_window(page)
    if window is None:
        return "unavailable", None
    return window_state(window, now or timezone.now()).value, window
