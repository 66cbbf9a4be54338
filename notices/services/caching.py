"""When does a public page about notices next change by itself (for the page cache)?"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Min, Q

from notices.models import NoticePage


def next_transition(now: datetime) -> datetime | None:
    """The next moment a live notice's window opens or closes, after ``now``.

    One query on the stored windows.
    """
    found = NoticePage.objects.live().aggregate(
        opens=Min("opens_at", filter=Q(opens_at__gt=now)),
        closes=Min("closes_at", filter=Q(closes_at__gt=now)),
    )
    moments = [m for m in found.values() if m is not None]
    return min(moments) if moments else None
