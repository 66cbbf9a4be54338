"""Public notice views: the index and page context, and the .ics files."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Site

from notices import conf
from notices.models import NoticePage
from notices.models.subject import get_subject_model
from notices.models.windows import (
    outcome,
    period_history,
    safe_window,
    state_label,
    window_of,
)
from notices.rules.formatting import long_date, long_datetime, period_sentence
from notices.rules.paging import page_number
from notices.rules.workingdays import WindowState, window_state
from notices.services.built import generation_memo, window_memo
from notices.services.notices import (
    absolute_url,
    live_notice_pages,
    live_notices,
    notice_rows,
    notice_years,
)
from notices.views import ical

PAGE_SIZE = 10

STATE_CHOICES = (
    ("open", WindowState.OPEN),
    ("upcoming", WindowState.UPCOMING),
    ("closed", WindowState.CLOSED),
)


def state_names() -> dict[str, str]:
    return {
        "open": _("Open"),
        "upcoming": _("Upcoming"),
        "closed": _("Ended"),
    }


def _int_or_none(value: str | None) -> int | None:
    try:
        number = int(value or "")
    except ValueError:
        return None
    return number if 1900 < number < 2200 else None


def index_context(request, index_page) -> dict:
    """The filtered, paginated list of notices under the index.

    Kept until a window opens or closes or the day changes (``window_memo``),
    per index, filters and page.
    """
    now = timezone.now()
    state_param = request.GET.get("state", "")
    state = dict(STATE_CHOICES).get(state_param)
    year = _int_or_none(request.GET.get("year"))
    kept = f"notice-index:{index_page.pk}:{state_param if state else ''}:{year or ''}"

    def pages():
        return live_notice_pages(now, state=state, year=year, under=index_page)

    count = window_memo(f"{kept}:count", lambda: pages().count(), now)
    number = page_number(request.GET.get("page"), count, PAGE_SIZE)
    items = window_memo(
        f"{kept}:page:{number}", lambda: _index_items(pages(), number, now), now
    )
    # The page links need only the numbers: a paginator over the count.
    paginator = Paginator(range(count), PAGE_SIZE)
    query = {}
    if state:
        query["state"] = state_param
    if year:
        query["year"] = str(year)
    return {
        "items": items,
        "page_obj": paginator.page(number),
        "paginator": paginator,
        "years": generation_memo("notice-years", notice_years),
        "selected_year": year,
        "selected_state": state_param if state else "",
        "state_options": state_names(),
        "filter_query": "&".join(f"{k}={v}" for k, v in query.items()),
        "feed_url": reverse("notices:feed"),
        "calendar_url": reverse("notices:calendar"),
    }


def _index_items(pages, number: int, now) -> list[dict]:
    # Ordered, filtered and paged by the database from the stored windows; only
    # the notices of the page shown are computed.
    shown = pages[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
    return [
        {
            "page": row.page,
            "sentence": period_sentence(row.window),
            "state": row.state.value,
            "state_label": state_label(row.window, now),
            "closes_at": long_datetime(row.window.closes_at),
        }
        for row in notice_rows(shown, now)
    ]


# --- the notice page ------------------------------------------------------------


def candidate_rows(page) -> list[dict]:
    """Each candidate's name and its facts, rendered by the subject's own template
    (given ``subject`` and ``facts``, without the request)."""
    if page.pk:  # a new page's preview has its candidates in memory only
        prefetch_related_objects(
            [page],
            "candidates__subject",
            *(f"candidates__subject__{p}" for p in get_subject_model().notice_prefetch),
        )
    rows = []
    for c in page.candidates.all():
        subject = c.subject
        facts = {"subject": subject, "facts": subject.notice_facts()}
        rows.append(
            {
                "name": subject.notice_name,
                "facts_html": render_to_string(subject.notice_facts_template, facts),
            }
        )
    return rows


def live_candidate_rows(request, page) -> list[dict]:
    """``candidate_rows`` of a live notice, kept for the content generation: the
    candidates and their facts change only with a publication or a record. A
    preview shows the draft's own candidates, never kept."""
    if not page.pk or getattr(request, "is_preview", False):
        return candidate_rows(page)
    return generation_memo(
        f"notice-candidates:{page.pk}:{get_language()}", lambda: candidate_rows(page)
    )


def notice_context(request, page) -> dict:
    now = timezone.now()
    if page.pk:
        prefetch_related_objects([page], "corrections")
    history = period_history(page)
    window = safe_window(page)
    context: dict = {
        "window": window,
        "feed_url": reverse("notices:feed"),
        "calendar_url": reverse("notices:calendar"),
        "ics_url": (page.url or "") + "notice.ics",
        # The 落款: the issuing authority and the date of issue.
        "issuer": conf.NOTICES_PUBLISHER,
        "issued_on": page.issue_date(),
    }
    context["candidate_rows"] = live_candidate_rows(request, page)
    if window is None:
        context["window_error"] = _(
            "The notice period cannot be computed yet: the holiday arrangement of a "
            "year it reaches is not confirmed."
        )
        return context
    state = window_state(window, now)
    context.update(
        {
            "sentence": period_sentence(window),
            "closes_at": long_datetime(window.closes_at),
            "opens_at": long_datetime(window.opens_at),
            "state": state.value,
            "state_label": state_label(window, now),
            "objection_url": page.url + "objection/"
            if state is WindowState.OPEN and page.url
            else "",
        }
    )
    superseded = []
    for period in history.superseded:
        try:
            superseded.append(period_sentence(window_of(period, page.closing_time)))
        except Exception:  # noqa: BLE001, S112 - an old period that no longer computes
            continue
    context["superseded"] = superseded
    context["extensions"] = [
        {
            "date": long_date(timezone.localtime(c.made_at).date()),
            "days": c.extra_working_days,
            "new_end": long_date(c.new_end),
            "reason": c.reason,
        }
        for c in history.extensions
    ]
    context["restarts"] = [
        {
            "date": long_date(timezone.localtime(c.made_at).date()),
            "new_start": long_date(c.new_start_date),
            "reason": c.reason,
        }
        for c in history.restarts
    ]
    if state is WindowState.CLOSED:
        result = outcome(page)
        context["outcome"] = {"sentence": result.sentence(), "lines": result.lines()}
    return context


# --- .ics files -------------------------------------------------------------------


def _ics_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def calendar_ics(request):
    """Every live notice's window in one calendar."""
    site = Site.find_for_request(request)
    items = [
        (row.page, row.window, absolute_url(request, row.page))
        for row in live_notices(site=site)
    ]
    body = ical.build_calendar(items, str(conf.NOTICES_CALENDAR_NAME))
    return _ics_response(body, "notices.ics")


def notice_ics(request, page_path: str):
    """``<notice url>notice.ics``: one notice's window, found by its URL path."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    components = [c for c in page_path.split("/") if c]
    url_path = site.root_page.url_path + "".join(f"{c}/" for c in components)
    page = NoticePage.objects.live().filter(url_path=url_path).first()
    if page is None:
        raise Http404
    if not isinstance(page, NoticePage) or not page.live:
        raise Http404
    if page.get_view_restrictions().exists():
        raise Http404
    window = safe_window(page)
    if window is None:
        raise Http404
    body = ical.build_calendar(
        [(page, window, absolute_url(request, page))], page.title or "notice"
    )
    return _ics_response(body, f"notice-{page.pk}.ics")
