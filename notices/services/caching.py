"""When does a public page about notices next change by itself (for the page cache)?"""

from __future__ import annotations

from datetime import datetime

from notices.models import NoticePage
from notices.rules.workingdays import CalendarError


def next_transition(now: datetime) -> datetime | None:
    """The next moment a live notice's window opens or closes, after ``now``."""
    upcoming: list[datetime] = []
    pages = (
        NoticePage.objects.live()
        .only("start_date", "working_days", "closing_time", "first_published_at")
        .prefetch_related("corrections")
    )
    for page in pages:
        try:
            window = page.window()
        except (CalendarError, ValueError):
            continue
        upcoming.extend(m for m in (window.opens_at, window.closes_at) if m > now)
    return min(upcoming) if upcoming else None
