"""Template tags of the registry: the home-page section."""

from __future__ import annotations

from collections import Counter

from django import template
from django.db.models import Count
from django.utils.translation import get_language

from notices.services.built import generation_memo
from parkregistry.models import (
    DecisionIndexPage,
    DecisionPage,
    Park,
    ParkStatus,
    RegistryIndexPage,
)

register = template.Library()


@register.simple_tag
def registry_home(limit: int = 5) -> dict:
    """Latest decisions, counts by county and status, and the registry page.

    A fixed handful of queries, whatever the number of parks, and kept for the
    content generation (it changes only with a publication or a record).
    """
    return generation_memo(
        f"registry-home:{limit}:{get_language()}", lambda: _registry_home(limit)
    )


def _registry_home(limit: int) -> dict:
    rows = list(
        Park.objects.values("county__name", "county__sort_order", "status")
        .annotate(n=Count("pk"))
        .order_by("county__sort_order")
    )
    by_status = Counter()
    counties: dict[str, dict[str, int]] = {}
    for row in rows:
        by_status[row["status"]] += row["n"]
        counts = counties.setdefault(row["county__name"], {})
        counts[row["status"]] = row["n"]
    statuses = list(ParkStatus.choices)
    table = [
        {
            "county": name,
            "counts": [counts.get(value, 0) for value, _label in statuses],
            "total": sum(counts.values()),
        }
        for name, counts in counties.items()
    ]
    return {
        "registry_page": RegistryIndexPage.objects.live().first(),
        "decision_index": DecisionIndexPage.objects.live().first(),
        "decisions": list(
            DecisionPage.objects.live().order_by("-decision_date", "-pk")[:limit]
        ),
        "statuses": [str(label) for _value, label in statuses],
        "status_totals": [by_status.get(value, 0) for value, _label in statuses],
        "total": sum(by_status.values()),
        "table": table,
    }
