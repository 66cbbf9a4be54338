"""GET /api/parks: the public registry as JSON, with the list's filters.

Each park carries ``url``, its public page, absolute at the host that serves the
request (None where the site has no live registry page).
"""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from ninja import Router, Schema, Status
from wagtail.models import Site

from notices.services.built import json_answer
from notices.services.notices import absolute_url
from parkregistry.models import RegistryIndexPage
from parkregistry.services.registry_query import FilterError, parse_filters, rows_for

router = Router(tags=["registry"])


class ParkOut(Schema):
    id: int
    name: str
    county: str
    status: str
    status_code: str
    address: str
    operator: str
    approval_doc_no: str
    approved_on: date
    latest_grade: str
    latest_grade_year: int | None
    site_count: int | None
    total_area_m2: float | None
    institution_count: int | None
    revoked_on: date | None
    revocation_reason: str
    revocation_decision: str
    url: str | None


class ParksOut(Schema):
    as_of: date | None
    count: int
    parks: list[ParkOut]


class ParksErrorOut(Schema):
    error: str


def park_url_maker(request: HttpRequest):
    """``park_id -> absolute URL`` of the park's page under the site's registry."""
    site = Site.find_for_request(request)
    index = None
    if site is not None:
        index = RegistryIndexPage.objects.live().public().in_site(site).first()
    base = absolute_url(request, index) if index is not None else ""
    if not base:
        return lambda park_id: None
    return lambda park_id: (
        base + index.reverse_subpage("park", kwargs={"park_id": park_id})
    )


@router.get(
    "/parks",
    response={200: ParksOut, 400: ParksErrorOut},
    summary="The park registry (名录), with the public list's filters",
)
def parks(
    request: HttpRequest,
    county: str | None = None,
    status: str | None = None,
    grade: str | None = None,
    year: str | None = None,
    as_of: str | None = None,
) -> Status:
    """Every park in the registry, revoked ones included (as 已取消).

    Filters: ``county`` (code or name), ``status`` (normal / rectifying /
    revoked), ``grade`` (latest grade 优秀 / 合格 / 不合格), ``year`` (year of
    approval), ``as_of`` (YYYY-MM-DD: the registry as it stood that day, read
    from history). A bad value gives 400 with ``error`` in Chinese.
    """
    params = {
        "county": county,
        "status": status,
        "grade": grade,
        "year": year,
        "as_of": as_of,
    }
    try:
        filters = parse_filters(params)
    except FilterError as exc:
        return Status(400, {"error": str(exc)})

    def build() -> dict:
        rows = rows_for(filters)
        park_url = park_url_maker(request)
        for row in rows:
            if row.get("total_area_m2") is not None:
                row["total_area_m2"] = float(row["total_area_m2"])
            row["url"] = park_url(row["id"])
        return {"as_of": filters.as_of, "count": len(rows), "parks": rows}

    # The registry changes only with a record or a publication: built once per
    # content generation (the same ETag/304 as the feeds).
    return json_answer(request, build)
