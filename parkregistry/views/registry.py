"""Views behind the registry pages: the list, a park's detail, decision pages."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from notices.rules.formatting import long_date
from parkregistry.models import (
    County,
    DecisionPage,
    Evaluation,
    Grade,
    Park,
    ParkStatus,
    RegistryIndexPage,
    SubsidyRecord,
)
from parkregistry.services.registry_query import (
    FilterError,
    counts,
    end_of_day,
    parse_as_of,
    parse_filters,
    rows_for,
)

# Fields of a park whose changes the public change log shows.
PUBLIC_LOG_FIELDS = (
    "name",
    "status",
    "address",
    "operator",
    "services",
    "approval_doc_no",
    "approved_on",
    "rectification_deadline",
    "revoked_on",
    "revocation_reason",
    "revocation_decision",
)


def registry_list(request, page):
    counties = list(County.objects.all())
    context: dict[str, Any] = page.get_context(request)
    context.update(
        counties=counties,
        statuses=ParkStatus.choices,
        grades=Grade.choices,
        params={
            k: request.GET.get(k, "")
            for k in ("county", "status", "grade", "year", "as_of")
        },
    )
    try:
        filters = parse_filters(request.GET, counties)
    except FilterError as exc:
        context["error"] = str(exc)
        return TemplateResponse(
            request, "parkregistry/registry_index_page.html", context, status=400
        )
    rows = rows_for(filters)
    context.update(filters=filters, rows=rows, counts=counts(rows))
    return TemplateResponse(request, "parkregistry/registry_index_page.html", context)


def actor_label(user, park: Park) -> str:
    """Who acted, as the public sees it: the city bureau or the county bureau."""
    # A county editor belongs to exactly one county (CountyMembership); anyone
    # else acts for the city bureau.
    membership = getattr(user, "county_membership", None) if user else None
    if membership is not None and not user.is_superuser:
        return _("%(county)s HR and Social Security Bureau") % {
            "county": membership.county.name
        }
    return _("Jinzhong Municipal HR and Social Security Bureau")


def _display(field, value) -> str:
    if value in (None, ""):
        return "—"
    if field == "status":
        return str(ParkStatus(value).label)
    if hasattr(value, "year") and hasattr(value, "month"):
        return long_date(value)
    return str(value)


def change_log(park: Park) -> list[dict[str, Any]]:
    """The park's public change log, newest first, from its history."""
    entries: list[dict[str, Any]] = []
    records = list(
        park.history.select_related(
            "history_user", "history_user__county_membership__county"
        ).order_by("history_date", "history_id")
    )
    previous = None
    for record in records:
        if previous is None:
            text = _("Entered in the registry (approval %(doc)s).") % {
                "doc": record.approval_doc_no
            }
        else:
            delta = record.diff_against(previous, included_fields=PUBLIC_LOG_FIELDS)
            parts = [
                _("%(field)s: %(old)s → %(new)s")
                % {
                    "field": Park._meta.get_field(c.field).verbose_name,
                    "old": _display(c.field, c.old),
                    "new": _display(c.field, c.new),
                }
                for c in delta.changes
            ]
            if not parts:
                previous = record
                continue
            text = "；".join(parts)
        reason = (record.history_change_reason or "").strip()
        if reason and previous is not None:
            text = f"{reason}（{text}）"
        entries.append(
            {
                "when": record.history_date,
                "actor": actor_label(record.history_user, park),
                "text": text,
            }
        )
        previous = record
    withdrawn_years: set[int] = set()
    withdrawals = (
        SubsidyRecord.history.filter(park_id=park.pk, withdrawn=True)
        .select_related("history_user", "history_user__county_membership__county")
        .order_by("history_date", "history_id")
    )
    for record in withdrawals:
        if record.year in withdrawn_years:
            continue
        withdrawn_years.add(record.year)
        entries.append(
            {
                "when": record.history_date,
                "actor": actor_label(record.history_user, park),
                "text": _("Operating subsidy of %(year)s withdrawn: %(reason)s")
                % {"year": record.year, "reason": record.withdrawal_reason},
            }
        )
    evaluations = Evaluation.history.filter(
        park_id=park.pk, history_type="+"
    ).select_related("history_user", "history_user__county_membership__county")
    for record in evaluations:
        entries.append(
            {
                "when": record.history_date,
                "actor": actor_label(record.history_user, park),
                "text": _("Evaluation of %(year)s recorded: %(grade)s.")
                % {"year": record.year, "grade": record.grade},
            }
        )
    entries.sort(key=lambda e: e["when"], reverse=True)
    return entries


def park_detail(request, page, park_id: int):
    park = (
        Park.objects.select_related(
            "county",
            "notice",
            "recognition_award",
            "revocation",
            "revocation__decision",
        )
        .prefetch_related(
            "sites",
            "institutions",
            Prefetch(
                "evaluations",
                queryset=Evaluation.objects.select_related(
                    "rectification", "result_decision", "commendation_decision"
                ).order_by("-year"),
            ),
            Prefetch("subsidies", queryset=SubsidyRecord.objects.order_by("-year")),
        )
        .filter(pk=park_id)
        .first()
    )
    if park is None:
        raise Http404(_("No such park in the registry."))
    revocation = getattr(park, "revocation", None)
    award = getattr(park, "recognition_award", None)
    decisions = (
        DecisionPage.objects.live().filter(parks=park).order_by("-decision_date")
    )
    context = page.get_context(request)
    try:
        as_of = parse_as_of(request.GET.get("as_of", ""))
    except FilterError as exc:
        context.update(park=park, error=str(exc))
        return TemplateResponse(
            request, "parkregistry/park_as_of_error.html", context, status=400
        )
    evaluations = list(park.evaluations.all())
    subsidies = list(park.subsidies.all())
    log = change_log(park)
    shown = park
    if as_of is not None:
        moment = end_of_day(as_of)
        shown = Park.history.as_of(moment).filter(id=park.pk).first()
        if shown is None:
            raise Http404(_("The park was not in the registry on that date."))
        shown.county = park.county
        shown.notice = park.notice
        known = {e.pk for e in Evaluation.history.as_of(moment).filter(park_id=park.pk)}
        evaluations = [e for e in evaluations if e.pk in known]
        kept = {
            r.pk: r for r in SubsidyRecord.history.as_of(moment).filter(park_id=park.pk)
        }
        subsidies = [kept[s.pk] for s in subsidies if s.pk in kept]
        log = [entry for entry in log if entry["when"] < moment]
        if revocation is not None and shown.status != "revoked":
            revocation = None
        decisions = decisions.filter(decision_date__lte=as_of)
    context.update(
        park=shown,
        as_of=as_of,
        sites=list(park.sites.all()),
        institutions=list(park.institutions.all()),
        evaluations=evaluations,
        subsidies=subsidies,
        award=award,
        revocation=revocation,
        decisions=list(decisions),
        change_log=log,
        services=[s for s in shown.services.splitlines() if s.strip()],
        total_area=sum((s.area_m2 for s in park.sites.all()), start=0),
    )
    return TemplateResponse(request, "parkregistry/park_detail.html", context)


def decision_context(page: DecisionPage) -> dict[str, Any]:
    parks = list(
        page.parks.select_related("county").order_by("county__sort_order", "name")
    )
    evaluations = []
    if page.year:
        evaluations = list(
            Evaluation.objects.filter(year=page.year)
            .select_related("park", "park__county")
            .order_by("park__county__sort_order", "park__name")
        )
        if page.kind == "commendation":
            evaluations = [e for e in evaluations if e.grade == Grade.EXCELLENT]
    index = RegistryIndexPage.objects.live().first()
    return {
        "decision_parks": parks,
        "decision_evaluations": evaluations,
        "registry_page": index,
    }
