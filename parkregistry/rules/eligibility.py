"""Eligibility of an application under Art. 9 of the measures (pure, no ORM).

``check(facts, terms)`` reports every criterion of Art. 9 with its article, the
figures used and ``pass`` / ``fail`` / ``judgement``. The number words follow
《民法典》第1259条: 以上、以下、不少于、不超过 include the number itself; 超过、不满
exclude it. So "不少于3000平方米" is ``area >= 3000`` and "超过500万元" is
``revenue > 5_000_000``.

Choices where the measures are silent (also in the README):

* **Sites.** No site at all fails. A site whose area is zero or negative is a
  data error: the criterion fails and names the site. With one site its ``core``
  flag is irrelevant. With several sites exactly one must be marked core; none or
  more than one fails (the reviewers must say which site is the core one, the
  system does not guess). Sub-parks are all sites other than the core site; the
  total area includes the core site.
* **Institutions.** An institution counts only with a non-blank licence/filing
  number (许可证/备案凭证); those without one are named in the detail. Operating
  or not does not matter for the roster count.
* **Revenue.** Only operating (经营性, ``operating=True``) institutions that count
  on the roster (have a licence/filing number) enter the revenue figures; the
  others are named in the detail. A negative revenue is a data error: the
  criterion fails and names the institution.
* **Eligible** is true when every computed criterion passes. The "原则上" of
  Art. 9 means a failed criterion does not block the procedure: the city may
  proceed with a recorded reason; that is the caller's business.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from django.utils.translation import gettext as _

from parkregistry.rules.terms import PolicyTerms

PUBLIC_SERVICES = ("就业创业", "职业培训", "社会保障", "人事人才")

PASS: Literal["pass"] = "pass"  # noqa: S105 (a result, not a password)
FAIL: Literal["fail"] = "fail"
JUDGEMENT: Literal["judgement"] = "judgement"

ARTICLE_PLANNING = "第九条第（一）项"
ARTICLE_SITES = "第九条第（二）项"
ARTICLE_AGGLOMERATION = "第九条第（三）项"
ARTICLE_MANAGEMENT = "第九条第（四）项"
ARTICLE_POLICIES = "第九条第（五）项"
ARTICLE_SOCIAL_BENEFIT = "第九条第（六）项"

COMPUTED_KEYS = ("sites", "institutions", "revenue", "public_services")
JUDGEMENT_KEYS = ("planning", "management", "policies", "social_benefit")

TEN_THOUSAND = Decimal(10_000)


@dataclass(frozen=True)
class SiteFact:
    """One site (园区) of the park: the core site or a sub-park."""

    name: str
    area_m2: Decimal
    core: bool


@dataclass(frozen=True)
class InstitutionFact:
    """One HR service institution on the roster with its prior-year revenue."""

    name: str
    licence_no: str
    revenue_yuan: Decimal
    operating: bool = True


@dataclass(frozen=True)
class Facts:
    """The facts of an application that Art. 9 can check by computation."""

    sites: tuple[SiteFact, ...]
    institutions: tuple[InstitutionFact, ...]
    public_services: frozenset[str]


@dataclass(frozen=True)
class Criterion:
    """One line of the report: ``result`` is "pass", "fail" or "judgement"."""

    key: str
    article: str
    result: str
    detail: str


@dataclass(frozen=True)
class Report:
    """The eligibility report under one policy version."""

    policy: PolicyTerms
    eligible: bool
    criteria: tuple[Criterion, ...]

    def criterion(self, key: str) -> Criterion:
        """The criterion with ``key``.

        Raises:
            KeyError: no criterion has that key.
        """
        for item in self.criteria:
            if item.key == key:
                return item
        raise KeyError(key)

    @property
    def failed(self) -> tuple[Criterion, ...]:
        """The computed criteria that did not pass."""
        return tuple(c for c in self.criteria if c.result == FAIL)


def format_number(value: Decimal | int) -> str:
    """A number as written in the measures: no exponent, no trailing zeros.

    Args:
        value: an exact amount or area.

    Returns:
        ``Decimal("3000.00")`` → "3000", ``Decimal("2999.5")`` → "2999.5".
    """
    number = Decimal(value)
    if number == number.to_integral_value():
        return f"{number.quantize(Decimal(1)):f}"
    return f"{number.normalize():f}"


def format_wan(yuan: Decimal | int) -> str:
    """Yuan as 万元, exact: 5,000,000.01 元 → "500.000001" (never rounded up)."""
    return format_number(Decimal(yuan) / TEN_THOUSAND)


def _names(items: Iterable[str]) -> str:
    return "、".join(items)


def _has_licence(institution: InstitutionFact) -> bool:
    return bool((institution.licence_no or "").strip())


def _check_sites(sites: tuple[SiteFact, ...], terms: PolicyTerms) -> Criterion:
    if not sites:
        return Criterion("sites", ARTICLE_SITES, FAIL, _("No site has been reported."))
    invalid = [s for s in sites if s.area_m2 <= 0]
    if invalid:
        return Criterion(
            "sites",
            ARTICLE_SITES,
            FAIL,
            _("The building area must be greater than 0 m² for: %(names)s.")
            % {"names": _names(s.name for s in invalid)},
        )
    if len(sites) == 1:
        site = sites[0]
        ok = site.area_m2 >= terms.single_site_min_m2
        return Criterion(
            "sites",
            ARTICLE_SITES,
            PASS if ok else FAIL,
            _("Single site building area %(area)s m² (required: at least %(min)s m²)")
            % {
                "area": format_number(site.area_m2),
                "min": format_number(terms.single_site_min_m2),
            },
        )

    cores = [s for s in sites if s.core]
    total = sum((s.area_m2 for s in sites), Decimal(0))
    sub_parks = len(sites) - 1
    parts = []
    ok = True
    if len(cores) == 1:
        core = cores[0]
        core_ok = core.area_m2 >= terms.core_site_min_m2
        ok = ok and core_ok
        parts.append(
            _(
                "%(count)s sites: core site “%(name)s” building area %(area)s m² "
                "(required: at least %(min)s m²)"
            )
            % {
                "count": len(sites),
                "name": core.name,
                "area": format_number(core.area_m2),
                "min": format_number(terms.core_site_min_m2),
            }
        )
    else:
        ok = False
        if not cores:
            parts.append(
                _(
                    "%(count)s sites, but none is marked as the core site "
                    "(exactly one must be)"
                )
                % {"count": len(sites)}
            )
        else:
            parts.append(
                _(
                    "%(count)s sites, of which %(cores)s are marked as the core site "
                    "(exactly one must be): %(names)s"
                )
                % {
                    "count": len(sites),
                    "cores": len(cores),
                    "names": _names(s.name for s in cores),
                }
            )
        # Without a single core site the number of sub-parks is still all
        # sites but one: that is how many sub-parks there would be.
    total_ok = total >= terms.total_min_m2
    subs_ok = sub_parks <= terms.max_sub_parks
    ok = ok and total_ok and subs_ok
    parts.append(
        _("total building area %(total)s m² (required: at least %(min)s m²)")
        % {"total": format_number(total), "min": format_number(terms.total_min_m2)}
    )
    parts.append(
        _("%(count)s sub-parks (required: no more than %(max)s)")
        % {"count": sub_parks, "max": terms.max_sub_parks}
    )
    return Criterion("sites", ARTICLE_SITES, PASS if ok else FAIL, "；".join(parts))


def _check_institutions(
    institutions: tuple[InstitutionFact, ...], terms: PolicyTerms
) -> Criterion:
    counted = [i for i in institutions if _has_licence(i)]
    ok = len(counted) >= terms.min_institutions
    detail = _(
        "%(count)s institutions with a licence or filing number "
        "(required: at least %(min)s)"
    ) % {"count": len(counted), "min": terms.min_institutions}
    missing = [i for i in institutions if not _has_licence(i)]
    if missing:
        detail += "；" + _("not counted, no licence or filing number: %(names)s") % {
            "names": _names(i.name for i in missing)
        }
    return Criterion(
        "institutions", ARTICLE_AGGLOMERATION, PASS if ok else FAIL, detail
    )


def _check_revenue(
    institutions: tuple[InstitutionFact, ...], terms: PolicyTerms
) -> Criterion:
    counted = [i for i in institutions if i.operating and _has_licence(i)]
    negative = [i for i in counted if i.revenue_yuan < 0]
    total = sum((i.revenue_yuan for i in counted), Decimal(0))

    parts = []
    total_ok = total >= terms.revenue_total_min_yuan
    parts.append(
        _(
            "prior-year revenue of operating institutions (including amounts "
            "collected and paid on behalf of others) %(total)s 10k yuan in total "
            "(required: %(min)s 10k yuan or more)"
        )
        % {"total": format_wan(total), "min": format_wan(terms.revenue_total_min_yuan)}
    )
    any_ok = total_ok
    for over_yuan, min_count in terms.revenue_tiers:
        count = sum(1 for i in counted if i.revenue_yuan > over_yuan)
        any_ok = any_ok or count >= min_count
        parts.append(
            _(
                "%(count)s institutions with revenue over %(over)s 10k yuan "
                "(required: at least %(min)s)"
            )
            % {"count": count, "over": format_wan(over_yuan), "min": min_count}
        )
    parts.append(_("any one of these suffices"))

    not_operating = [i for i in institutions if not i.operating]
    if not_operating:
        parts.append(
            _("not counted, not operating: %(names)s")
            % {"names": _names(i.name for i in not_operating)}
        )
    unlicensed = [i for i in institutions if i.operating and not _has_licence(i)]
    if unlicensed:
        parts.append(
            _("not counted, no licence or filing number: %(names)s")
            % {"names": _names(i.name for i in unlicensed)}
        )
    if negative:
        parts.append(
            _("revenue cannot be negative, please correct: %(names)s")
            % {"names": _names(i.name for i in negative)}
        )
        any_ok = False
    return Criterion(
        "revenue", ARTICLE_AGGLOMERATION, PASS if any_ok else FAIL, "；".join(parts)
    )


def _check_public_services(services: frozenset[str]) -> Criterion:
    missing = [s for s in PUBLIC_SERVICES if s not in services]
    if missing:
        detail = _(
            "missing public-service functions: %(missing)s (required: all of %(all)s)"
        ) % {"missing": _names(missing), "all": _names(PUBLIC_SERVICES)}
        return Criterion("public_services", ARTICLE_AGGLOMERATION, FAIL, detail)
    return Criterion(
        "public_services",
        ARTICLE_AGGLOMERATION,
        PASS,
        _("all %(n)s public-service functions present: %(all)s")
        % {"n": len(PUBLIC_SERVICES), "all": _names(PUBLIC_SERVICES)},
    )


def _judgement_criteria() -> tuple[Criterion, ...]:
    return (
        Criterion(
            "planning",
            ARTICLE_PLANNING,
            JUDGEMENT,
            _(
                "Scientific planning: a planning report on positioning, layout, "
                "service system, operating model and development plan; judged by "
                "the reviewers."
            ),
        ),
        Criterion(
            "management",
            ARTICLE_MANAGEMENT,
            JUDGEMENT,
            _(
                "Proper management: management rules, a park committee or a "
                "professional operator, full-time staff and supporting services; "
                "judged by the reviewers."
            ),
        ),
        Criterion(
            "policies",
            ARTICLE_POLICIES,
            JUDGEMENT,
            _(
                "Support policies of the local government or HR and social "
                "security department (rent, training, talent, purchase of "
                "services); judged by the reviewers."
            ),
        ),
        Criterion(
            "social_benefit",
            ARTICLE_SOCIAL_BENEFIT,
            JUDGEMENT,
            _(
                "Notable social benefits: public-interest HR service activities "
                "for employment, talent, industry and rural revitalisation; "
                "judged by the reviewers."
            ),
        ),
    )


def check(facts: Facts, terms: PolicyTerms) -> Report:
    """Check an application's facts against Art. 9 under one policy version.

    Args:
        facts: the sites, the institution roster and the public-service
            functions of the application.
        terms: the thresholds of the policy version in force on the date of
            the check (see ``parkregistry.models.in_force.policy_in_force``).

    Returns:
        A report with the criteria ``sites``, ``institutions``, ``revenue``,
        ``public_services`` (computed: "pass" or "fail") followed by
        ``planning``, ``management``, ``policies``, ``social_benefit`` (always
        "judgement"). ``eligible`` is true when every computed criterion passes.
    """
    computed = (
        _check_sites(tuple(facts.sites), terms),
        _check_institutions(tuple(facts.institutions), terms),
        _check_revenue(tuple(facts.institutions), terms),
        _check_public_services(frozenset(facts.public_services)),
    )
    eligible = all(c.result == PASS for c in computed)
    return Report(
        policy=terms, eligible=eligible, criteria=computed + _judgement_criteria()
    )
