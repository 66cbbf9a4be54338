"""GET /api/notices: the live notices with their computed windows.

No personal data: titles, URLs, dates, state and candidate (park) names only.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from wagtail.models import Site

from notices.rules.workingdays import SHANGHAI, WindowState
from notices.services.built import json_answer, state_token
from notices.services.notices import (
    STATE_OF_RANK,
    absolute_url,
    candidate_names,
    live_notice_pages,
)

router = Router(tags=["notices"])

STATES = {s.value: s for s in WindowState}


class NoticeErrorOut(Schema):
    error: str


class NoticeOut(Schema):
    title: str
    url: str
    start: date
    end: date
    closes_at: str
    working_days: int
    state: str
    candidates: list[str]
    objection_url: str | None


def notice_payload(request, page) -> dict:
    """One notice from its stored window (``live_notice_pages`` gives its rank)."""
    url = absolute_url(request, page)
    state = STATE_OF_RANK[page.list_rank]
    return {
        "title": page.title,
        "url": url,
        "start": page.window_start,
        "end": page.window_end,
        "closes_at": page.closes_at.astimezone(SHANGHAI).isoformat(timespec="seconds"),
        "working_days": page.window_working_days,
        "state": state.value,
        "candidates": [c.subject.notice_name for c in page.candidates.all()],
        "objection_url": url + "objection/"
        if url and state is WindowState.OPEN
        else None,
    }


@router.get(
    "/notices",
    response={200: list[NoticeOut], 400: NoticeErrorOut},
    summary="Candidate notices with their windows",
)
def notices(request, state: str | None = None):
    """Live notices: open first, then upcoming, then closed.

    ``state`` filters by ``open``, ``upcoming`` or ``closed``; the dates are those
    of the working-day engine, corrections applied; ``closes_at`` is Beijing time.
    """
    wanted = None
    if state is not None and state != "":
        wanted = STATES.get(state)
        if wanted is None:
            return Status(
                400,
                {"error": _("Parameter state must be one of open, upcoming, closed.")},
            )
    now = timezone.now()

    def build() -> list[dict]:
        pages = live_notice_pages(
            now, state=wanted, site=Site.find_for_request(request)
        ).prefetch_related(Prefetch("candidates", queryset=candidate_names()))
        return [notice_payload(request, page) for page in pages]

    # Built once per content generation and window transition (states change then).
    return json_answer(request, build, extra=state_token(now))
