"""JSON endpoints of the park registry (mounted under /api/ by the site).

The eligibility endpoint reads its JSON body itself (numbers as exact
``Decimal``, never ``float``) so that every malformed body gets a 400 with a
Chinese message saying what is wrong, never a 500.
"""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema

from notices.rules.formatting import long_date
from parkregistry.models.in_force import policy_in_force
from parkregistry.rules import eligibility, money
from parkregistry.rules.terms import NoPolicyInForce, PolicyTerms

router = Router(tags=["parkregistry"])

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
WHOLE_NUMBER = re.compile(r"^[+-]?\d+$")
YEAR = re.compile(r"^\d{4}$")
# Persons placed and the city's tasks: more than this is certainly a typing error.
MAX_PERSONS = 100_000_000
# Areas and amounts beyond this are certainly typing errors (1e12 m² / 元).
MAX_NUMBER = Decimal(10) ** 12
MAX_ITEMS = 1000


class BadInput(ValueError):
    """The request is malformed; the message says what is wrong (in Chinese)."""


class ErrorOut(Schema):
    error: str


class PolicyRef(Schema):
    title: str
    doc_no: str


class CriterionOut(Schema):
    key: str
    article: str
    result: str
    detail: str


class EligibilityOut(Schema):
    policy: PolicyRef
    eligible: bool
    criteria: list[CriterionOut]


ELIGIBILITY_BODY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["date", "sites", "institutions", "public_services"],
    "properties": {
        "date": {
            "type": "string",
            "format": "date",
            "description": "The policy version in force on this date applies.",
        },
        "sites": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["name", "area_m2"],
                "properties": {
                    "name": {"type": "string"},
                    "area_m2": {"type": "number", "exclusiveMinimum": 0},
                    "core": {"type": "boolean", "default": False},
                },
            },
        },
        "institutions": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["name", "revenue_yuan"],
                "properties": {
                    "name": {"type": "string"},
                    "licence_no": {
                        "type": "string",
                        "description": "许可证/备案凭证 number; blank or absent: "
                        "the institution does not count.",
                    },
                    "revenue_yuan": {"type": "number", "minimum": 0},
                    "operating": {"type": "boolean", "default": True},
                },
            },
        },
        "public_services": {
            "type": "array",
            "items": {"type": "string", "enum": list(eligibility.PUBLIC_SERVICES)},
        },
    },
}


def no_policy_message(day: date) -> str:
    """409 text naming the date, in the long and the ISO form."""
    return _(
        "No version of the measures is in force on %(date)s (%(iso)s), so nothing "
        "can be computed for it. Editors must first register the renewed or new "
        "version."
    ) % {"date": long_date(day), "iso": day.isoformat()}


def _reject_constant(name: str) -> Any:
    raise BadInput(_("The number %(value)s is not allowed.") % {"value": name})


def parse_date_value(value: Any, field: str) -> date:
    """A strict YYYY-MM-DD date, or BadInput naming the field."""
    if not isinstance(value, str) or not ISO_DATE.match(value):
        raise BadInput(
            _("%(field)s must be a date in the form YYYY-MM-DD.") % {"field": field}
        )
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise BadInput(
            _("%(field)s is not a real calendar date: %(value)s.")
            % {"field": field, "value": value}
        ) from None


def _number(value: Any, field: str, *, positive: bool) -> Decimal:
    # bool is an int in Python; true/false are not numbers in JSON.
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise BadInput(_("%(field)s must be a number.") % {"field": field})
    number = Decimal(value)
    if positive and number <= 0:
        raise BadInput(_("%(field)s must be greater than 0.") % {"field": field})
    if number < 0:
        raise BadInput(_("%(field)s cannot be negative.") % {"field": field})
    if number >= MAX_NUMBER:
        raise BadInput(_("%(field)s is implausibly large.") % {"field": field})
    return number


def _text(value: Any, field: str, *, required: bool) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise BadInput(_("%(field)s must be a string.") % {"field": field})
    if required and not value.strip():
        raise BadInput(_("%(field)s cannot be blank.") % {"field": field})
    return value.strip()


def _flag(value: Any, field: str, default: bool) -> bool:
    if value is None:
        return default
    if not isinstance(value, bool):
        raise BadInput(_("%(field)s must be true or false.") % {"field": field})
    return value


def _list(body: dict[str, Any], field: str) -> list[Any]:
    if field not in body:
        raise BadInput(_("The field %(field)s is missing.") % {"field": field})
    value = body[field]
    if not isinstance(value, list):
        raise BadInput(_("%(field)s must be a list.") % {"field": field})
    if len(value) > MAX_ITEMS:
        raise BadInput(
            _("%(field)s has more than %(max)s entries.")
            % {"field": field, "max": MAX_ITEMS}
        )
    return value


def _object(value: Any, field: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise BadInput(_("%(field)s must be an object.") % {"field": field})
    return value


def _required(item: dict[str, Any], key: str, field: str) -> Any:
    if key not in item:
        raise BadInput(_("The field %(field)s is missing.") % {"field": field})
    return item[key]


def parse_eligibility_body(raw: bytes) -> tuple[date, eligibility.Facts]:
    """Parse and validate the body of ``POST /api/eligibility``.

    Args:
        raw: the request body.

    Returns:
        The date of the check and the facts.

    Raises:
        BadInput: with a Chinese message naming the field and what is wrong.
    """
    try:
        body = json.loads(
            raw.decode("utf-8"),
            parse_float=Decimal,
            parse_constant=_reject_constant,
        )
    except BadInput:
        raise
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise BadInput(_("The request body is not valid JSON.")) from None
    body = _object(body, _("The request body"))
    day = parse_date_value(_required(body, "date", "date"), "date")

    sites = []
    for n, item in enumerate(_list(body, "sites")):
        where = f"sites[{n}]"
        item = _object(item, where)
        sites.append(
            eligibility.SiteFact(
                name=_text(
                    _required(item, "name", f"{where}.name"),
                    f"{where}.name",
                    required=True,
                ),
                area_m2=_number(
                    _required(item, "area_m2", f"{where}.area_m2"),
                    f"{where}.area_m2",
                    positive=True,
                ),
                core=_flag(item.get("core"), f"{where}.core", False),
            )
        )

    institutions = []
    for n, item in enumerate(_list(body, "institutions")):
        where = f"institutions[{n}]"
        item = _object(item, where)
        institutions.append(
            eligibility.InstitutionFact(
                name=_text(
                    _required(item, "name", f"{where}.name"),
                    f"{where}.name",
                    required=True,
                ),
                licence_no=_text(
                    item.get("licence_no"), f"{where}.licence_no", required=False
                ),
                revenue_yuan=_number(
                    _required(item, "revenue_yuan", f"{where}.revenue_yuan"),
                    f"{where}.revenue_yuan",
                    positive=False,
                ),
                operating=_flag(item.get("operating"), f"{where}.operating", True),
            )
        )

    services = []
    for n, value in enumerate(_list(body, "public_services")):
        name = _text(value, f"public_services[{n}]", required=True)
        if name not in eligibility.PUBLIC_SERVICES:
            raise BadInput(
                _(
                    "public_services[%(n)s] “%(value)s” is not a public-service "
                    "function; use %(allowed)s."
                )
                % {
                    "n": n,
                    "value": name,
                    "allowed": "、".join(eligibility.PUBLIC_SERVICES),
                }
            )
        services.append(name)

    return day, eligibility.Facts(
        sites=tuple(sites),
        institutions=tuple(institutions),
        public_services=frozenset(services),
    )


@router.post(
    "/eligibility",
    response={200: EligibilityOut, 400: ErrorOut, 409: ErrorOut},
    summary="Eligibility of an application under Art. 9",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": ELIGIBILITY_BODY_SCHEMA}},
        }
    },
)
def eligibility_check(request: HttpRequest) -> tuple[int, dict[str, Any]]:
    """Check the facts of an application against Art. 9.

    Uses the policy version in force on ``date``. Each criterion comes with its
    article, the figures used and pass / fail / judgement; the four qualitative
    items are always "judgement". 409 when no version is in force on ``date``.
    """
    try:
        day, facts = parse_eligibility_body(request.body)
    except BadInput as exc:
        return 400, {"error": str(exc)}
    try:
        terms = policy_in_force(day)
    except NoPolicyInForce:
        return 409, {"error": no_policy_message(day)}
    report = eligibility.check(facts, terms)
    return 200, {
        "policy": terms.as_reference(),
        "eligible": report.eligible,
        "criteria": [
            {
                "key": c.key,
                "article": c.article,
                "result": c.result,
                "detail": c.detail,
            }
            for c in report.criteria
        ],
    }


class SubsidyOut(Schema):
    policy: PolicyRef
    threshold: int
    eligible: bool
    amount_yuan: int
    formula: str


class YearErrorOut(Schema):
    error: str
    year: int


def policy_for_year(year: int) -> PolicyTerms:
    """The policy version that governs the operating subsidy of ``year``.

    Art. 13 pays for the year's placements, so the version that governs year Y
    is one in force on some day of Y; when versions change within Y, the one in
    force latest in Y (on 31 December, or on its last covered day) is used. A
    version that expired before 1 January of Y never applies, so the 2022 trial
    version (2022-12-01..2024-11-30) governs 2022, 2023 and 2024 but not 2025.

    Args:
        year: the operating year.

    Returns:
        The terms of the governing version.

    Raises:
        NoPolicyInForce: no version is in force on any day of ``year``; the
            exception's ``day`` is 31 December of ``year``.
    """
    from django.db.models import Q

    from parkregistry.models import PolicyVersion

    first, last = date(year, 1, 1), date(year, 12, 31)
    version = (
        PolicyVersion.objects.filter(effective_from__lte=last)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=first))
        .order_by("-effective_from")
        .first()
    )
    if version is None:
        raise NoPolicyInForce(last)
    return version.terms()


def parse_count(value: str | None, field: str) -> int:
    """A required whole number of persons ≥ 0, or BadInput naming the field."""
    if value is None or not value.strip():
        raise BadInput(_("Parameter %(field)s is required.") % {"field": field})
    text = value.strip()
    if not WHOLE_NUMBER.match(text):
        raise BadInput(
            _("Parameter %(field)s must be a whole number, not “%(value)s”.")
            % {"field": field, "value": text}
        )
    number = int(text)
    if number < 0:
        raise BadInput(_("Parameter %(field)s cannot be negative.") % {"field": field})
    if number > MAX_PERSONS:
        raise BadInput(
            _("Parameter %(field)s is implausibly large.") % {"field": field}
        )
    return number


def parse_year(value: str | None) -> int:
    """A required four-digit year, or BadInput."""
    if value is None or not value.strip():
        raise BadInput(_("Parameter %(field)s is required.") % {"field": "year"})
    if not YEAR.match(value.strip()):
        raise BadInput(
            _("Parameter year must be a four-digit year, not “%(value)s”.")
            % {"value": value.strip()}
        )
    year = int(value)
    if year < 1000:
        raise BadInput(
            _("Parameter year must be a four-digit year, not “%(value)s”.")
            % {"value": value.strip()}
        )
    return year


@router.get(
    "/subsidy/operating",
    response={200: SubsidyOut, 400: ErrorOut, 409: YearErrorOut},
    summary="Operating subsidy of a park for one year (Art. 13)",
)
def subsidy_operating(
    request: HttpRequest,
    placed: str | None = None,
    urban_task: str | None = None,
    rural_task: str | None = None,
    year: str | None = None,
) -> tuple[int, dict[str, Any]]:
    """The Art. 13 operating subsidy, with the formula used.

    T = ratio × (urban_task + rural_task), rounded up to whole persons; if
    placed ≥ T the subsidy is min(cap, base + per_person × (placed − T)), else
    0. The policy version is the one in force during ``year`` (the latest one in
    force in that year when versions change within it); 409 when none was in
    force on any day of ``year``.
    """
    try:
        persons = parse_count(placed, "placed")
        urban = parse_count(urban_task, "urban_task")
        rural = parse_count(rural_task, "rural_task")
        operating_year = parse_year(year)
        if urban + rural == 0:
            raise BadInput(
                _(
                    "urban_task and rural_task cannot both be 0: enter the city's "
                    "tasks for the year."
                )
            )
    except BadInput as exc:
        return 400, {"error": str(exc)}
    try:
        terms = policy_for_year(operating_year)
    except NoPolicyInForce:
        return 409, {
            "error": _(
                "No version of the measures was in force in %(year)s, so the "
                "operating subsidy for %(year)s cannot be computed. Editors must "
                "first register the renewed or new version."
            )
            % {"year": operating_year},
            "year": operating_year,
        }
    result = money.operating_subsidy(persons, urban, rural, terms)
    return 200, {
        "policy": terms.as_reference(),
        "threshold": result.threshold,
        "eligible": result.eligible,
        "amount_yuan": result.amount_yuan,
        "formula": result.formula,
    }
