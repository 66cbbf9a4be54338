"""Template helpers for notices on other pages (the home page section)."""

from django import template
from django.utils import timezone
from wagtail.models import Site

from notices.models import NoticeIndexPage
from notices.models.windows import state_label
from notices.rules.formatting import long_date, period_sentence
from notices.rules.workingdays import WindowState
from notices.services.built import window_memo
from notices.services.notices import live_notice_pages, notice_rows

register = template.Library()

HOME_LIMIT = 5


@register.simple_tag(takes_context=True)
def home_notices(context) -> dict:
    """For the home page: the notices open now, and apart from them the upcoming ones.

    Kept until a window opens or closes or the day changes (``window_memo``),
    per host.
    """
    request = context.get("request")
    now = timezone.now()
    host = request.get_host() if request else ""
    return window_memo(f"home-notices:{host}", lambda: _home_notices(request, now), now)


def _home_notices(request, now) -> dict:
    site = Site.find_for_request(request) if request else None
    index = NoticeIndexPage.objects.live().first()

    def items(state: WindowState) -> list[dict]:
        # The database picks the first few; only those are computed.
        pages = live_notice_pages(now, state=state, site=site)[:HOME_LIMIT]
        return [
            {
                "title": r.page.title,
                "url": r.page.get_url(request),
                "sentence": period_sentence(r.window),
                "state": r.state.value,
                "state_label": state_label(r.window, now),
            }
            for r in notice_rows(pages, now)
            if r.state is state
        ]

    return {
        "index": index,
        "index_url": index.get_url(request) if index else "",
        "items": items(WindowState.OPEN),
        "upcoming": items(WindowState.UPCOMING),
    }


@register.filter
def cn_date(value):
    """2026年9月30日."""
    return long_date(value) if value else ""
