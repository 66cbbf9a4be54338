"""JSON endpoints of the park registry (mounted under /api/ by the site).

The inputs are django-ninja Schemas. Two things are done here that ninja does
not do by itself:

- the JSON body is read with ``json.loads(parse_float=Decimal)``, so numbers
  stay exact ``Decimal`` (0.1 is ``Decimal("0.1")``, never a float) and NaN /
  Infinity are refused;
- every invalid input is answered 400 ``{"error": "..."}`` with a Chinese
  message naming the field (``sites[0].area_m2``), never a 500 and never
  pydantic's English error list.
"""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, Literal

import pydantic
from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Router, Schema, Status
from ninja.params.models import Body, BodyModel, Query, QueryModel
from pydantic import BeforeValidator, Field, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from notices.rules.formatting import long_date
from parkregistry.models.in_force import policy_for_year, policy_in_force
from parkregistry.rules import eligibility, money
from parkregistry.rules.terms import NoPolicyInForce

if TYPE_CHECKING:
    from ninja import NinjaAPI

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
    """The request is malformed; the message says what is wrong (in Chinese).

    The site's NinjaAPI answers it with 400 ``{"error": message}``
    (``site/demosite/api.py``): a ninja Router has no exception handlers.
    """


# --- Reading the input --------------------------------------------------------
#
# The validators below raise PydanticCustomError with a short error type; the
# Chinese message is made afterwards from the type and the error's location,
# which only then is known (``sites[3].area_m2``). Pydantic's own types for the
# constraints (missing, greater_than, ...) are mapped the same way.

BODY_MESSAGES: dict[str, Promise] = {
    "missing": gettext_lazy("The field %(field)s is missing."),
    "object_type": gettext_lazy("%(field)s must be an object."),
    "list_type": gettext_lazy("%(field)s must be a list."),
    "too_many": gettext_lazy("%(field)s has more than %(max)s entries."),
    "number_type": gettext_lazy("%(field)s must be a number."),
    "greater_than": gettext_lazy("%(field)s must be greater than 0."),
    "greater_than_equal": gettext_lazy("%(field)s cannot be negative."),
    "less_than": gettext_lazy("%(field)s is implausibly large."),
    "string_type": gettext_lazy("%(field)s must be a string."),
    "blank": gettext_lazy("%(field)s cannot be blank."),
    "bool_type": gettext_lazy("%(field)s must be true or false."),
    "date_format": gettext_lazy("%(field)s must be a date in the form YYYY-MM-DD."),
    "date_invalid": gettext_lazy("%(field)s is not a real calendar date: %(value)s."),
    "literal_error": gettext_lazy(
        "public_services[%(n)s] “%(value)s” is not a public-service "
        "function; use %(allowed)s."
    ),
}

QUERY_MESSAGES: dict[str, Promise] = {
    "missing": gettext_lazy("Parameter %(field)s is required."),
    "whole_number": gettext_lazy(
        "Parameter %(field)s must be a whole number, not “%(value)s”."
    ),
    "greater_than_equal": gettext_lazy("Parameter %(field)s cannot be negative."),
    "less_than_equal": gettext_lazy("Parameter %(field)s is implausibly large."),
    "year_format": gettext_lazy(
        "Parameter year must be a four-digit year, not “%(value)s”."
    ),
    "no_tasks": gettext_lazy(
        "urban_task and rural_task cannot both be 0: enter the city's "
        "tasks for the year."
    ),
}


def _field_name(loc: tuple[int | str, ...]) -> str:
    """``("sites", 0, "area_m2")`` → ``sites[0].area_m2``; ``()`` → the body."""
    name = ""
    for part in loc:
        if isinstance(part, int):
            name += f"[{part}]"
        else:
            name += f".{part}" if name else part
    return name or _("The request body")


def input_error_message(
    exc: pydantic.ValidationError, messages: dict[str, Promise], *, skip: int = 0
) -> str:
    """The Chinese message for the first error of ``exc``.

    Args:
        exc: the validation error.
        messages: message per error type (``BODY_MESSAGES``, ``QUERY_MESSAGES``).
        skip: leading location parts to leave out (ninja's parameter name).

    Returns:
        The message, naming the field; the first error is the first wrong
        field in the order of the schema, as a reader checks them.
    """
    error = exc.errors(include_url=False)[0]
    loc = tuple(error["loc"])[skip:]
    context = error.get("ctx") or {}
    params = {
        "field": _field_name(loc),
        "value": context.get("value", error.get("input")),
        "max": context.get("max", MAX_ITEMS),
        "n": loc[-1] if loc else 0,
        "allowed": "、".join(eligibility.PUBLIC_SERVICES),
    }
    template = messages.get(error["type"])
    if template is None:  # a check without its own message: still name the field
        return _("%(field)s is invalid.") % params
    return str(template) % params


def _reject_constant(name: str) -> Any:
    raise BadInput(_("The number %(value)s is not allowed.") % {"value": name})


class ExactJsonBodyModel(BodyModel):
    """The JSON body read with exact Decimal numbers; bad input → BadInput."""

    @classmethod
    def get_request_data(
        cls, request: HttpRequest, api: NinjaAPI, path_params: dict[str, Any]
    ) -> dict[str, Any] | None:
        try:
            data = json.loads(
                request.body.decode("utf-8"),
                parse_float=Decimal,
                parse_constant=_reject_constant,
            )
        except BadInput:
            raise
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise BadInput(_("The request body is not valid JSON.")) from None
        varname = getattr(cls, "__read_from_single_attr__", None)
        return {varname: data} if varname else data

    @classmethod
    def resolve(
        cls, request: HttpRequest, api: NinjaAPI, path_params: dict[str, Any]
    ) -> Any:
        try:
            return super().resolve(request, api, path_params)
        except BadInput:
            raise
        except pydantic.ValidationError as exc:
            skip = 1 if getattr(cls, "__read_from_single_attr__", None) else 0
            message = input_error_message(exc, BODY_MESSAGES, skip=skip)
            raise BadInput(message) from None


class QueryInputModel(QueryModel):
    """Query parameters; bad input → BadInput naming the parameter."""

    @classmethod
    def resolve(
        cls, request: HttpRequest, api: NinjaAPI, path_params: dict[str, Any]
    ) -> Any:
        try:
            return super().resolve(request, api, path_params)
        except pydantic.ValidationError as exc:
            message = input_error_message(exc, QUERY_MESSAGES, skip=1)
            raise BadInput(message) from None


class ExactJsonBody(Body):  # type: ignore[misc]
    """``payload: Annotated[SomeSchema, ExactJsonBody(...)]``: see the models."""

    _model = ExactJsonBodyModel

    @classmethod
    def _param_source(cls) -> str:
        return "body"


class QueryInput(Query):  # type: ignore[misc]
    """``params: Annotated[SomeSchema, QueryInput(...)]``: see the models."""

    _model = QueryInputModel

    @classmethod
    def _param_source(cls) -> str:
        return "query"


class InputSchema(Schema):
    """A Schema read from JSON or a query string: a mapping, nothing else."""

    # Replaces Schema's validator of the same name, which wraps the input in a
    # DjangoGetter to read model instances: here a string or a list where an
    # object belongs must be an error naming the field, not "fields missing".
    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(
        cls, values: Any, handler: pydantic.ModelWrapValidatorHandler[Any]
    ) -> Any:
        if not isinstance(values, dict):
            raise PydanticCustomError("object_type", "Input should be an object")
        return handler(values)


def _json_number(value: Any) -> Decimal:
    # bool is an int in Python; true/false are not numbers in JSON. A float
    # never comes from the body (read with parse_float=Decimal) and is refused
    # so that nothing can slip in inexact.
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise PydanticCustomError("number_type", "Input should be a number")
    return Decimal(value)


def _required_text(value: Any) -> str:
    if not isinstance(value, str):
        raise PydanticCustomError("string_type", "Input should be a string")
    if not value.strip():
        raise PydanticCustomError("blank", "Input should not be blank")
    return value.strip()


def _optional_text(value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise PydanticCustomError("string_type", "Input should be a string")
    return value.strip()


def _flag(default: bool) -> BeforeValidator:
    def validate(value: Any) -> bool:
        if value is None:
            return default
        if not isinstance(value, bool):
            raise PydanticCustomError("bool_type", "Input should be true or false")
        return value

    return BeforeValidator(validate)


def _entries(value: Any) -> list[Any]:
    # Checked before the entries themselves, so a huge list costs nothing.
    if not isinstance(value, list):
        raise PydanticCustomError("list_type", "Input should be a list")
    if len(value) > MAX_ITEMS:
        raise PydanticCustomError(
            "too_many", "More than {max} entries", {"max": MAX_ITEMS}
        )
    return value


def _iso_date(value: Any) -> date:
    if not isinstance(value, str) or not ISO_DATE.match(value):
        raise PydanticCustomError("date_format", "Input should be YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError(
            "date_invalid", "Not a calendar date: {value}", {"value": value}
        ) from None


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
RequiredText = Annotated[str, BeforeValidator(_required_text)]
OptionalText = Annotated[str, BeforeValidator(_optional_text)]
# The constraints come first so that they are those of the Decimal (and its
# JSON schema); the before-validator wraps them and runs first. The schema says
# "number": pydantic's own for Decimal also allows a string, which is refused.
PositiveAmount = Annotated[
    Decimal,
    Field(gt=0, lt=MAX_NUMBER),
    BeforeValidator(_json_number),
    WithJsonSchema(
        {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": int(MAX_NUMBER)}
    ),
]
Amount = Annotated[
    Decimal,
    Field(ge=0, lt=MAX_NUMBER),
    BeforeValidator(_json_number),
    WithJsonSchema(
        {"type": "number", "minimum": 0, "exclusiveMaximum": int(MAX_NUMBER)}
    ),
]
# Literal[("a", "b")] is Literal["a", "b"]: the four functions of Art. 9(三).
PublicService = Annotated[
    Literal[eligibility.PUBLIC_SERVICES], BeforeValidator(_required_text)
]


class SiteIn(InputSchema):
    name: RequiredText
    area_m2: PositiveAmount
    core: Annotated[bool, _flag(False)] = False


class InstitutionIn(InputSchema):
    name: RequiredText
    licence_no: OptionalText = Field(
        default="",
        description="许可证/备案凭证 number; blank or absent: the institution "
        "does not count.",
    )
    revenue_yuan: Amount
    operating: Annotated[bool, _flag(True)] = True


class EligibilityIn(InputSchema):
    """The facts of an application that Art. 9 can check by computation."""

    date: IsoDate = Field(
        description="The policy version in force on this date applies."
    )
    sites: Annotated[
        list[SiteIn], Field(max_length=MAX_ITEMS), BeforeValidator(_entries)
    ]
    institutions: Annotated[
        list[InstitutionIn], Field(max_length=MAX_ITEMS), BeforeValidator(_entries)
    ]
    public_services: Annotated[
        list[PublicService], Field(max_length=MAX_ITEMS), BeforeValidator(_entries)
    ]

    def facts(self) -> eligibility.Facts:
        return eligibility.Facts(
            sites=tuple(
                eligibility.SiteFact(name=s.name, area_m2=s.area_m2, core=s.core)
                for s in self.sites
            ),
            institutions=tuple(
                eligibility.InstitutionFact(
                    name=i.name,
                    licence_no=i.licence_no,
                    revenue_yuan=i.revenue_yuan,
                    operating=i.operating,
                )
                for i in self.institutions
            ),
            public_services=frozenset(self.public_services),
        )


def _person_count(value: Any) -> int:
    """A whole number of persons, as typed in the query string."""
    text = str(value).strip() if value is not None else ""
    if not text:  # ?placed= is as good as no placed at all
        raise PydanticCustomError("missing", "Field required")
    if not WHOLE_NUMBER.match(text):
        raise PydanticCustomError(
            "whole_number", "Not a whole number: {value}", {"value": text}
        )
    # Far beyond MAX_PERSONS, and possibly beyond what int() parses at all.
    if len(text.lstrip("+-").lstrip("0")) > 15:
        negative = text.startswith("-")
        raise PydanticCustomError(
            "greater_than_equal" if negative else "less_than_equal",
            "Out of range",
        )
    return int(text)


def _year(value: Any) -> int:
    text = str(value).strip() if value is not None else ""
    if not text:
        raise PydanticCustomError("missing", "Field required")
    if not YEAR.match(text) or int(text) < 1000:
        raise PydanticCustomError(
            "year_format", "Not a four-digit year: {value}", {"value": text}
        )
    return int(text)


PersonCount = Annotated[
    int, Field(ge=0, le=MAX_PERSONS), BeforeValidator(_person_count)
]


class SubsidyQuery(InputSchema):
    """Query of ``GET /api/subsidy/operating``."""

    placed: PersonCount = Field(description="Persons placed in the year.")
    urban_task: PersonCount = Field(
        description="The city's urban new-employment task for the year."
    )
    rural_task: PersonCount = Field(
        description="The city's rural labour-transfer task for the year."
    )
    year: Annotated[int, Field(ge=1000, le=9999), BeforeValidator(_year)] = Field(
        description="The operating year."
    )

    @model_validator(mode="after")
    def _some_task(self) -> SubsidyQuery:
        if self.urban_task + self.rural_task == 0:
            raise PydanticCustomError("no_tasks", "Both tasks are 0")
        return self


# --- Output --------------------------------------------------------------------


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


class SubsidyOut(Schema):
    policy: PolicyRef
    threshold: int
    eligible: bool
    amount_yuan: int
    formula: str


class YearErrorOut(Schema):
    error: str
    year: int


def no_policy_message(day: date) -> str:
    """409 text naming the date, in the long and the ISO form."""
    return _(
        "No version of the measures is in force on %(date)s (%(iso)s), so nothing "
        "can be computed for it. Editors must first register the renewed or new "
        "version."
    ) % {"date": long_date(day), "iso": day.isoformat()}


# --- Endpoints -------------------------------------------------------------------


@router.post(
    "/eligibility",
    response={200: EligibilityOut, 400: ErrorOut, 409: ErrorOut},
    summary="Eligibility of an application under Art. 9",
)
def eligibility_check(
    request: HttpRequest, payload: Annotated[EligibilityIn, ExactJsonBody(...)]
) -> Status[dict[str, Any]]:
    """Check the facts of an application against Art. 9.

    Uses the policy version in force on ``date``. Each criterion comes with its
    article, the figures used and pass / fail / judgement; the four qualitative
    items are always "judgement". 400 names the first wrong field; 409 when no
    version is in force on ``date``.
    """
    try:
        terms = policy_in_force(payload.date)
    except NoPolicyInForce:
        return Status(409, {"error": no_policy_message(payload.date)})
    report = eligibility.check(payload.facts(), terms)
    return Status(
        200,
        {
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
        },
    )


@router.get(
    "/subsidy/operating",
    response={200: SubsidyOut, 400: ErrorOut, 409: YearErrorOut},
    summary="Operating subsidy of a park for one year (Art. 13)",
)
def subsidy_operating(
    request: HttpRequest, query: Annotated[SubsidyQuery, QueryInput(...)]
) -> Status[dict[str, Any]]:
    """The Art. 13 operating subsidy, with the formula used.

    T = ratio × (urban_task + rural_task), rounded up to whole persons; if
    placed ≥ T the subsidy is min(cap, base + per_person × (placed − T)), else
    0. The policy version is the one in force during ``year`` (the latest one in
    force in that year when versions change within it); 409 when none was in
    force on any day of ``year``.
    """
    try:
        terms = policy_for_year(query.year)
    except NoPolicyInForce:
        return Status(
            409,
            {
                "error": _(
                    "No version of the measures was in force in %(year)s, so the "
                    "operating subsidy for %(year)s cannot be computed. Editors "
                    "must first register the renewed or new version."
                )
                % {"year": query.year},
                "year": query.year,
            },
        )
    result = money.operating_subsidy(
        query.placed, query.urban_task, query.rural_task, terms
    )
    return Status(
        200,
        {
            "policy": terms.as_reference(),
            "threshold": result.threshold,
            "eligible": result.eligible,
            "amount_yuan": result.amount_yuan,
            "formula": result.formula,
        },
    )
