"""Views behind the registry pages: the list, a park's detail, decision pages."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from notices import conf as notices_conf
from notices.rules.formatting import long_date
from notices.rules.paging import page_number
from notices.services.built import generation_memo
from parkregistry.models import (
    County,
    DecisionPage,
    Evaluation,
    Grade,
    Park,
    ParkStatus,
    RecognitionAward,
    Rectification,
    RegistryIndexPage,
    Revocation,
    RevocationStatus,
    SubsidyRecord,
)
from parkregistry.rules import consequences
from parkregistry.rules import registry as registry_rules
from parkregistry.services.registry_query import (
    FilterError,
    as_of_rows,
    counts,
    counts_for,
    current_queryset,
    dated_after,
    end_of_day,
    evaluations_as_of,
    latest_records,
    parks_as_of,
    parse_as_of,
    parse_filters,
    row_from_values,
    status_labels,
)

#: Parks per page of the public registry list.
REGISTRY_PAGE_SIZE = 50

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
    # The counties change only with a record: kept for the content generation.
    counties = generation_memo("registry-counties", lambda: list(County.objects.all()))
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
    if filters.as_of:
        every_row = as_of_rows(filters)
        page_of_rows = Paginator(every_row, REGISTRY_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        rows, totals = list(page_of_rows.object_list), counts(every_row)
    else:
        totals, rows, number = _current_listing(filters, request.GET.get("page"))
        # The page links need only the numbers: a paginator over the count.
        page_of_rows = Paginator(range(totals["total"]), REGISTRY_PAGE_SIZE).page(
            number
        )
    context.update(
        filters=filters,
        rows=rows,
        counts=totals,
        page_of_rows=page_of_rows,
        # One reverse for the page, not one per row: /registry/park/<id>/.
        park_url_prefix=page.url + page.reverse_subpage("park", args=[0])[: -len("0/")],
    )
    return TemplateResponse(request, "parkregistry/registry_index_page.html", context)


def _current_listing(filters, page_param: str | None) -> tuple[dict, list, int]:
    """The totals of today's registry under the filters, one page of its rows
    and that page's number.

    The registry changes only with a record: both are kept for the content
    generation, per filters (and page) and language.
    """
    kept = "|".join(
        [
            "registry-list",
            filters.county.code if filters.county else "",
            filters.status,
            filters.grade,
            str(filters.year or ""),
            get_language(),
        ]
    )
    totals = generation_memo(f"{kept}|counts", lambda: counts_for(filters))
    number = page_number(page_param, totals["total"], REGISTRY_PAGE_SIZE)

    def rows() -> list[dict[str, Any]]:
        labels = status_labels()
        start = (number - 1) * REGISTRY_PAGE_SIZE
        shown = current_queryset(filters)[start : start + REGISTRY_PAGE_SIZE]
        return [row_from_values(r, labels) for r in shown]

    return totals, generation_memo(f"{kept}|page|{number}", rows), number


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


def change_log(park: Park, as_of: date | None = None) -> list[dict[str, Any]]:
    """The park's public change log, newest first, from its history.

    With ``as_of``, only what was recorded by the end of that day and is not
    dated after it (a revocation dated later, an evaluation held later).
    """
    entries: list[dict[str, Any]] = []
    history = park.history.select_related(
        "history_user", "history_user__county_membership__county"
    )
    withdrawals = SubsidyRecord.history.filter(park_id=park.pk, withdrawn=True)
    evaluations = Evaluation.history.filter(park_id=park.pk, history_type="+")
    if as_of is not None:
        moment = end_of_day(as_of)
        history = history.filter(history_date__lt=moment)
        withdrawals = withdrawals.filter(history_date__lt=moment)
        evaluations = evaluations.filter(history_date__lt=moment, held_on__lte=as_of)
    records = [
        record
        for record in history.order_by("history_date", "history_id")
        if as_of is None or not dated_after(record, as_of)
    ]
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
    withdrawals = withdrawals.select_related(
        "history_user", "history_user__county_membership__county"
    ).order_by("history_date", "history_id")
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
    evaluations = evaluations.select_related(
        "history_user", "history_user__county_membership__county"
    )
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


def _decision_shown(decision, as_of: date | None):
    """A linked decision, if it is public and (as of a day) dated by then."""
    if decision is None or not decision.live:
        return None
    if as_of is not None and decision.decision_date > as_of:
        return None
    return decision


def _evaluation_rows(
    evaluations,
    rectifications: dict[int, Any],
    current: dict[int, Evaluation],
    *,
    day: date,
    as_of: date | None,
    revoked: bool,
) -> list[dict[str, Any]]:
    """The rows of the evaluations table, newest year first.

    Args:
        evaluations: the evaluations shown (records or historical records).
        rectifications: their rectifications (records or historical records)
            by evaluation id.
        current: today's evaluations by id (the decisions they link to).
        day: the day of reference for 逾期未整改 (today or the "as of" day).
        as_of: the "as of" day, or None for today's registry.
        revoked: the park (as shown) has been revoked.
    """
    rows = []
    for ev in sorted(evaluations, key=lambda e: -e.year):
        live = current.get(ev.id)
        rect = rectifications.get(ev.id)
        rectification = None
        if rect is not None:
            result, decided_on = rect.result, rect.decided_on
            if as_of is not None and decided_on is not None and decided_on > as_of:
                result, decided_on = "", None  # not yet decided on that day
            rectification = {
                "deadline": rect.deadline,
                "result": result,
                "decided_on": decided_on,
                "overdue": registry_rules.rectification_overdue(
                    rect.deadline, result, day, revoked=revoked
                ),
            }
        rows.append(
            {
                "year": ev.year,
                "grade": ev.grade,
                "commended": ev.grade == Grade.EXCELLENT,
                "economic_development": ev.economic_development,
                "role_played": ev.role_played,
                "operation_management": ev.operation_management,
                "rectification": rectification,
                "result_decision": _decision_shown(
                    live.result_decision if live else None, as_of
                ),
                "commendation_decision": _decision_shown(
                    live.commendation_decision if live else None, as_of
                ),
            }
        )
    return rows


def _subsidy_rows(subsidies) -> list[dict[str, Any]]:
    """The rows of the subsidies table; a withdrawal carries the reading of
    Art. 25(三) it applies, with the article's words."""
    rows = []
    for s in sorted(subsidies, key=lambda s: -s.year):
        reading = ""
        if s.withdrawn:
            reading = consequences.withdrawal_reading(
                s.year, s.withdrawn_in_cycle or s.year + 1
            )
        rows.append(
            {
                "year": s.year,
                "placed": s.placed,
                "amount_yuan": s.amount_yuan,
                "formula": s.formula,
                "withdrawn": s.withdrawn,
                "withdrawal_reason": s.withdrawal_reason,
                "reading": reading,
            }
        )
    return rows


def _not_in_registry(request, page, context, park: Park, as_of: date):
    """The park as of a day before it was in the registry: a 200 page that says so."""
    facts = {
        "day": long_date(as_of),
        "park": park.name,
        "approved": long_date(park.approved_on),
        "doc_no": park.approval_doc_no,
    }
    if as_of < park.approved_on:
        sentence = (
            _(
                "On %(day)s, “%(park)s” had not yet been recognised as a "
                "municipal-level HR service industrial park: it was recognised "
                "on %(approved)s (%(doc_no)s)."
            )
            % facts
        )
    else:
        sentence = (
            _(
                "On %(day)s, “%(park)s” was not yet in the registry: it was "
                "recognised on %(approved)s (%(doc_no)s) and entered in the "
                "registry later."
            )
            % facts
        )
    context.update(park=park, as_of=as_of, sentence=sentence)
    return TemplateResponse(request, "parkregistry/park_not_in_registry.html", context)


def _records_today(park: Park) -> dict[str, Any]:
    """The park's records as they stand today (prefetched with the park)."""
    evaluations = list(park.evaluations.all())
    return {
        "shown": park,
        "day": timezone.localdate(),
        "evaluations": evaluations,
        "rectifications": {
            e.pk: e.rectification
            for e in evaluations
            if hasattr(e, "rectification")  # only a fail grade has one
        },
        "subsidies": list(park.subsidies.all()),
        "award": getattr(park, "recognition_award", None),
        "revocation": getattr(park, "revocation", None),
        "log": change_log(park),
    }


def _records_as_of(park: Park, as_of: date) -> dict[str, Any] | None:
    """The park's records as the registry stood at the end of ``as_of``: each
    as its history had it then, and nothing dated after that day. None when
    the park was not in the registry that day."""
    record = parks_as_of(as_of, park.pk).get(park.pk)
    if record is None:
        return None
    shown = record.instance
    shown.county = park.county
    shown.notice = park.notice
    moment = end_of_day(as_of)
    evaluations = evaluations_as_of(as_of, park.pk)

    def latest(history, **filters):
        return latest_records(
            history.filter(history_date__lt=moment, **filters).order_by(
                "history_date", "history_id"
            )
        ).values()

    awards = latest(RecognitionAward.history, park_id=park.pk, awarded_on__lte=as_of)
    return {
        "shown": shown,
        "day": as_of,
        "evaluations": evaluations,
        "rectifications": {
            r.evaluation_id: r
            for r in latest(
                Rectification.history,
                evaluation_id__in=[e.id for e in evaluations],
            )
        },
        "subsidies": list(latest(SubsidyRecord.history, park_id=park.pk)),
        "award": next(iter(awards), None),
        "revocation": _revocation_as_of(park, as_of, moment),
        "log": change_log(park, as_of),
    }


def _park_with_records(park_id: int) -> Park | None:
    return (
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


def park_detail(request, page, park_id: int):
    context = page.get_context(request)
    try:
        as_of = parse_as_of(request.GET.get("as_of", ""))
    except FilterError as exc:
        park = Park.objects.select_related("county").filter(pk=park_id).first()
        if park is None:
            raise Http404(_("No such park in the registry.")) from None
        context.update(park=park, error=str(exc))
        return TemplateResponse(
            request, "parkregistry/park_as_of_error.html", context, status=400
        )
    if as_of is None:
        # Today's page changes only with a record (and, for 逾期未整改, with the
        # day): kept for the content generation, per day and language.
        day = timezone.localdate()
        facts = generation_memo(
            f"park-page:{park_id}:{day.isoformat()}:{get_language()}",
            lambda: _park_facts_today(park_id),
            keep_none=False,
        )
        if facts is None:
            raise Http404(_("No such park in the registry."))
    else:
        park = _park_with_records(park_id)
        if park is None:
            raise Http404(_("No such park in the registry."))
        records = _records_as_of(park, as_of)
        if records is None:
            return _not_in_registry(request, page, context, park, as_of)
        facts = _park_facts(park, records, as_of)
    context.update(facts)
    return TemplateResponse(request, "parkregistry/park_detail.html", context)


def _park_facts_today(park_id: int) -> dict[str, Any] | None:
    park = _park_with_records(park_id)
    return None if park is None else _park_facts(park, _records_today(park), None)


def _park_facts(park: Park, records: dict[str, Any], as_of: date | None) -> dict:
    """What the park page shows, from the park's records (today's or as of a day)."""
    decisions = (
        DecisionPage.objects.live().filter(parks=park).order_by("-decision_date")
    )
    if as_of is not None:
        decisions = decisions.filter(decision_date__lte=as_of)
    shown = records["shown"]
    rows = _evaluation_rows(
        records["evaluations"],
        records["rectifications"],
        {e.pk: e for e in park.evaluations.all()},  # the decisions they link to
        day=records["day"],
        as_of=as_of,
        revoked=shown.status == ParkStatus.REVOKED,
    )
    # The status follows the latest evaluation: its rectification is the open one.
    latest_rectification = rows[0]["rectification"] if rows else None
    return {
        "park": shown,
        "as_of": as_of,
        "sites": list(park.sites.all()),
        "institutions": list(park.institutions.all()),
        "evaluations": rows,
        "current_rectification": latest_rectification,
        "rectification_overdue": bool(
            shown.status == ParkStatus.RECTIFYING
            and latest_rectification
            and latest_rectification["overdue"]
        ),
        "subsidies": _subsidy_rows(records["subsidies"]),
        "award": records["award"],
        "revocation": records["revocation"],
        "decisions": list(decisions),
        "change_log": records["log"],
        "services": [s for s in shown.services.splitlines() if s.strip()],
        "total_area": sum((s.area_m2 for s in park.sites.all()), start=0),
    }


def _revocation_as_of(park: Park, as_of: date, moment) -> dict[str, Any] | None:
    """The park's revocation as it stood at the end of ``as_of``: a proposal
    made by then, confirmed only if the decision was dated by then."""
    records = latest_records(
        Revocation.history.filter(
            park_id=park.pk, history_date__lt=moment, proposed_on__lte=as_of
        ).order_by("history_date", "history_id")
    )
    record = next(iter(records.values()), None)
    if record is None:
        return None
    confirmed = record.status == RevocationStatus.CONFIRMED and (
        record.revoked_on is None or record.revoked_on <= as_of
    )
    current = getattr(park, "revocation", None)
    decision = current.decision if confirmed and current is not None else None
    return {
        "status": RevocationStatus.CONFIRMED
        if confirmed
        else RevocationStatus.PROPOSED,
        "decision": _decision_shown(decision, as_of),
    }


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
        # The 落款: the issuing authority and the date of the decision.
        "issuer": notices_conf.NOTICES_PUBLISHER,
        "issued_on": page.decision_date,
    }
