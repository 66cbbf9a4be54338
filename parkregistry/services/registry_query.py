"""Reading the public registry: filters, rows, counts, and the registry "as of" a day.

One query for the rows whatever the number of parks (annotations instead of
per-park lookups). The same rows feed the list page, the exports and the API, so
they never disagree. Internal notes are never read here.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from parkregistry.models import County, Evaluation, Grade, Park, ParkStatus

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
YEAR = re.compile(r"^\d{4}$")
GRADE_ALIASES = {"excellent": Grade.EXCELLENT, "pass": Grade.PASS, "fail": Grade.FAIL}


class FilterError(ValueError):
    """A filter value is not valid; ``str(exc)`` is the Chinese message."""


@dataclass(frozen=True)
class Filters:
    county: County | None = None
    status: str = ""
    grade: str = ""
    year: int | None = None
    as_of: date | None = None

    @property
    def active(self) -> bool:
        return bool(self.county or self.status or self.grade or self.year)


def _clean(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def parse_as_of(value: str, today: date | None = None) -> date | None:
    """A past or present YYYY-MM-DD day, or None when blank."""
    value = _clean(value)
    if not value:
        return None
    if not ISO_DATE.match(value):
        raise FilterError(
            _("as_of must be a date in the form YYYY-MM-DD, not “%(value)s”.")
            % {"value": value[:20]}
        )
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise FilterError(
            _("as_of is not a real calendar date: %(value)s.") % {"value": value}
        ) from None
    if day > (today or timezone.localdate()):
        raise FilterError(_("as_of cannot be a future date."))
    return day


def parse_filters(params, counties: list[County] | None = None) -> Filters:
    """The filters of a query string (county, status, grade, year, as_of).

    ``county`` is a county's code or name; ``status`` normal / rectifying /
    revoked or its Chinese label; ``grade`` 优秀 / 合格 / 不合格 (or excellent /
    pass / fail); ``year`` the year of approval.

    Raises:
        FilterError: a value is not one of the allowed ones.
    """
    county = None
    value = _clean(params.get("county"))
    if value:
        counties = counties if counties is not None else list(County.objects.all())
        county = next(
            (c for c in counties if value in (c.code, c.name, str(c.pk))), None
        )
        if county is None:
            raise FilterError(_("Unknown county “%(value)s”.") % {"value": value[:50]})
    status = _clean(params.get("status"))
    if status:
        by_label = {str(label): val for val, label in ParkStatus.choices}
        if status in by_label:
            status = by_label[status]
        if status not in ParkStatus.values:
            raise FilterError(
                _("Unknown status “%(value)s”; use %(allowed)s.")
                % {"value": status[:50], "allowed": "normal、rectifying、revoked"}
            )
    grade = _clean(params.get("grade"))
    if grade:
        grade = GRADE_ALIASES.get(grade.lower(), grade)
        if grade not in Grade.values:
            raise FilterError(
                _("Unknown grade “%(value)s”; use %(allowed)s.")
                % {"value": grade[:50], "allowed": "优秀、合格、不合格"}
            )
    year = None
    value = _clean(params.get("year"))
    if value:
        if not YEAR.match(value):
            raise FilterError(
                _("year must be a four-digit year, not “%(value)s”.")
                % {"value": value[:20]}
            )
        year = int(value)
    return Filters(
        county=county,
        status=str(status),
        grade=str(grade),
        year=year,
        as_of=parse_as_of(params.get("as_of")),
    )


#: The columns a current row is read with: plain values, no model instance.
VALUE_FIELDS = (
    "id",
    "name",
    "county_name",
    "status",
    "address",
    "operator",
    "approval_doc_no",
    "approved_on",
    "latest_grade",
    "latest_year",
    "revoked_on",
    "revocation_reason",
    "revocation_decision",
    "site_count",
    "total_area",
    "institution_count",
)


def _row(park, county_name: str, grade, grade_year) -> dict[str, Any]:
    return {
        "id": park.pk,
        "name": park.name,
        "county": county_name,
        "status": str(ParkStatus(park.status).label),
        "status_code": park.status,
        "address": park.address,
        "operator": park.operator,
        "approval_doc_no": park.approval_doc_no,
        "approved_on": park.approved_on,
        "latest_grade": grade or "",
        "latest_grade_year": grade_year,
        "revoked_on": park.revoked_on,
        "revocation_reason": park.revocation_reason,
        "revocation_decision": park.revocation_decision,
    }


def current_queryset(filters: Filters):
    """The public registry's current parks, filtered and ordered, as ``.values()``."""
    qs = Park.objects.public_values()
    if filters.county:
        qs = qs.filter(county=filters.county)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.grade:
        qs = qs.filter(latest_grade=filters.grade)
    if filters.year:
        qs = qs.filter(approved_on__year=filters.year)
    return qs.values(*VALUE_FIELDS)


def row_from_values(values: dict[str, Any], labels: dict[str, str]) -> dict[str, Any]:
    """A row of the list, the exports and the API from one ``.values()`` dict."""
    status = values["status"]
    return {
        "id": values["id"],
        "name": values["name"],
        "county": values["county_name"],
        "status": labels[status],
        "status_code": status,
        "address": values["address"],
        "operator": values["operator"],
        "approval_doc_no": values["approval_doc_no"],
        "approved_on": values["approved_on"],
        "latest_grade": values["latest_grade"] or "",
        "latest_grade_year": values["latest_year"],
        "revoked_on": values["revoked_on"],
        "revocation_reason": values["revocation_reason"],
        "revocation_decision": values["revocation_decision"],
        "site_count": values["site_count"],
        "total_area_m2": values["total_area"],
        "institution_count": values["institution_count"],
    }


def status_labels() -> dict[str, str]:
    """Status code → label in the active language."""
    return {value: str(label) for value, label in ParkStatus.choices}


def current_rows(filters: Filters) -> list[dict[str, Any]]:
    labels = status_labels()
    return [row_from_values(v, labels) for v in current_queryset(filters)]


def iter_rows(filters: Filters) -> Iterator[dict[str, Any]]:
    """Rows one by one, for streamed exports (as of a day: from history)."""
    if filters.as_of:
        yield from as_of_rows(filters)
        return
    labels = status_labels()
    for values in current_queryset(filters).iterator(chunk_size=500):
        yield row_from_values(values, labels)


def end_of_day(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def latest_records(records: Iterable[Any]) -> dict[int, Any]:
    """The latest of each object's historical records, by object id.

    ``records`` come oldest first; an object whose latest record is a deletion
    is left out.
    """
    latest: dict[int, Any] = {}
    for record in records:
        if record.history_type == "-":
            latest.pop(record.id, None)
        else:
            latest[record.id] = record
    return latest


def dated_after(record: Any, day: date) -> bool:
    """A park's historical record that states a revocation dated after ``day``
    (recorded before its date): on ``day`` it was not yet in force."""
    return (
        record.status == ParkStatus.REVOKED
        and record.revoked_on is not None
        and record.revoked_on > day
    )


def parks_as_of(day: date, park_id: int | None = None) -> dict[int, Any]:
    """Each park's historical record as the registry stood at the end of ``day``.

    The latest record saved before the end of the day, and nothing dated after
    it: a park recognised after ``day`` is left out, and a revocation dated
    after ``day`` is not yet in force (the record before it is used).

    Args:
        day: the registry's "as of" day.
        park_id: only this park.

    Returns:
        The historical records (``HistoricalPark``) by park id.
    """
    records = Park.history.filter(history_date__lt=end_of_day(day))
    if park_id is not None:
        records = records.filter(id=park_id)
    kept = (
        record
        for record in records.order_by("history_date", "history_id")
        if record.history_type == "-" or not dated_after(record, day)
    )
    return {
        pk: record
        for pk, record in latest_records(kept).items()
        if record.approved_on <= day
    }


def evaluations_as_of(day: date, park_id: int | None = None) -> list[Any]:
    """The evaluations (historical records) in the registry at the end of
    ``day``, leaving out any held after it."""
    records = Evaluation.history.filter(
        history_date__lt=end_of_day(day), held_on__lte=day
    )
    if park_id is not None:
        records = records.filter(park_id=park_id)
    return list(latest_records(records.order_by("history_date", "history_id")).values())


def as_of_rows(filters: Filters) -> list[dict[str, Any]]:
    """The registry as it stood at the end of ``filters.as_of``, from history."""
    day = filters.as_of
    counties = {c.pk: c.name for c in County.objects.all()}
    latest: dict[int, tuple[int, str]] = {}
    for ev in evaluations_as_of(day):
        if ev.park_id not in latest or ev.year > latest[ev.park_id][0]:
            latest[ev.park_id] = (ev.year, ev.grade)
    rows = []
    parks = parks_as_of(day).values()
    for park in sorted(parks, key=lambda p: (p.county_id, p.name)):
        year, grade = latest.get(park.id, (None, ""))
        if filters.county and park.county_id != filters.county.pk:
            continue
        if filters.status and park.status != filters.status:
            continue
        if filters.grade and grade != filters.grade:
            continue
        if filters.year and park.approved_on.year != filters.year:
            continue
        row = _row(park, counties.get(park.county_id, ""), grade, year)
        row["id"] = park.id
        row.update(site_count=None, total_area_m2=None, institution_count=None)
        rows.append(row)
    return rows


def rows_for(filters: Filters) -> list[dict[str, Any]]:
    return as_of_rows(filters) if filters.as_of else current_rows(filters)


def counts(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Totals by status and by county of the rows shown."""
    by_status = Counter(r["status"] for r in rows)
    by_county = Counter(r["county"] for r in rows)
    return _counts(len(rows), by_status, by_county)


def counts_for(
    filters: Filters, rows: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """Totals of every park the filters select (two aggregate queries)."""
    if filters.as_of:
        return counts(rows if rows is not None else as_of_rows(filters))
    qs = current_queryset(filters).order_by()
    labels = status_labels()
    by_status = Counter(
        {
            labels[v["status"]]: v["n"]
            for v in qs.values("status").annotate(n=models.Count("id"))
        }
    )
    by_county = Counter(
        {
            v["county__name"]: v["n"]
            for v in qs.values("county__name").annotate(n=models.Count("id"))
        }
    )
    return _counts(sum(by_status.values()), by_status, by_county)


def _counts(total: int, by_status: Counter, by_county: Counter) -> dict[str, Any]:
    return {
        "total": total,
        "by_status": [
            (str(label), by_status.get(str(label), 0))
            for _v, label in ParkStatus.choices
        ],
        "by_county": sorted(by_county.items(), key=lambda kv: (-kv[1], kv[0])),
    }
