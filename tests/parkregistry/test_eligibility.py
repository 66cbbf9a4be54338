"""Art. 9 eligibility: pure checks at every boundary of the 2022 thresholds."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from parkregistry.rules.eligibility import (
    PUBLIC_SERVICES,
    Facts,
    InstitutionFact,
    SiteFact,
    check,
    format_number,
    format_wan,
)
from parkregistry.rules.terms import PolicyTerms

# The 2022 trial measures; test_terms_match_the_seeded_2022_version keeps this
# in step with the migration.
TERMS_2022 = PolicyTerms(
    title="市级人力资源服务产业园管理办法（试行）",
    doc_no="",
    effective_from=date(2022, 12, 1),
    effective_to=date(2024, 11, 30),
    notice_min_working_days=5,
    single_site_min_m2=3000,
    core_site_min_m2=2000,
    total_min_m2=4000,
    max_sub_parks=3,
    min_institutions=10,
    revenue_total_min_yuan=30_000_000,
    revenue_tiers=((5_000_000, 3), (3_000_000, 5), (10_000_000, 1)),
    recognition_award_yuan=600_000,
    subsidy_base_yuan=200_000,
    subsidy_per_person_yuan=20,
    subsidy_cap_yuan=500_000,
    employment_ratio_percent=Decimal("10.00"),
    name_prefix="晋中",
)

D = Decimal


def site(area: str | int, core: bool = False, name: str = "") -> SiteFact:
    return SiteFact(name=name or f"园区{area}", area_m2=D(area), core=core)


def roster(*revenues: str | int, licensed: bool = True) -> tuple[InstitutionFact, ...]:
    """Institutions with the given revenues, padded to 10 with zero revenue."""
    values = list(revenues) + [0] * max(0, 10 - len(revenues))
    return tuple(
        InstitutionFact(
            name=f"机构{n + 1}",
            licence_no=f"（晋）人服证字〔2023〕第{n + 1:03d}号" if licensed else "",
            revenue_yuan=D(value),
        )
        for n, value in enumerate(values)
    )


def facts(
    sites: tuple[SiteFact, ...] = (SiteFact("主园区", D(3000), True),),
    institutions: tuple[InstitutionFact, ...] | None = None,
    services: frozenset[str] = frozenset(PUBLIC_SERVICES),
) -> Facts:
    if institutions is None:
        institutions = roster(*([3_000_000] * 10))  # 30,000,000 in total
    return Facts(sites=sites, institutions=institutions, public_services=services)


def result(report, key: str) -> str:
    return report.criterion(key).result


def test_a_complete_application_is_eligible():
    report = check(facts(), TERMS_2022)
    assert report.eligible is True
    assert report.policy is TERMS_2022
    assert [c.key for c in report.criteria] == [
        "sites",
        "institutions",
        "revenue",
        "public_services",
        "planning",
        "management",
        "policies",
        "social_benefit",
    ]
    assert [c.article for c in report.criteria] == [
        "第九条第（二）项",
        "第九条第（三）项",
        "第九条第（三）项",
        "第九条第（三）项",
        "第九条第（一）项",
        "第九条第（四）项",
        "第九条第（五）项",
        "第九条第（六）项",
    ]
    assert [c.result for c in report.criteria] == ["pass"] * 4 + ["judgement"] * 4


def test_qualitative_items_stay_judgement_when_computed_ones_fail():
    report = check(facts(sites=(), institutions=(), services=frozenset()), TERMS_2022)
    assert report.eligible is False
    assert [c.result for c in report.criteria] == ["fail"] * 4 + ["judgement"] * 4
    assert len(report.failed) == 4


# --- sites: 不少于 includes the number, 不超过 includes the number ---------------


@pytest.mark.parametrize(
    ("sites", "expected"),
    [
        ((site(2999, core=True),), "fail"),
        ((site("2999.99", core=True),), "fail"),
        ((site(3000, core=True),), "pass"),
        ((site("3000.01"),), "pass"),  # a single site needs no core flag
        ((site(3000),), "pass"),
        ((site(100000),), "pass"),
        # several sites: core >= 2000, total >= 4000, sub-parks <= 3
        ((site(1999, True), site(2001)), "fail"),
        ((site("1999.99", True), site(3000)), "fail"),
        ((site(2000, True), site(2000)), "pass"),
        ((site(2000, True), site(1999)), "fail"),  # total 3999
        ((site(2000, True), site("1999.99")), "fail"),  # total 3999.99
        ((site(2500, True), site(1500)), "pass"),
        # a core of 3000 with a small sub-park is judged by the several-site rule
        ((site(3500, True), site(400)), "fail"),
        ((site(2000, True), site(1000), site(500), site(500)), "pass"),  # 3 subs
        (
            (site(2000, True), site(1000), site(500), site(400), site(100)),
            "fail",
        ),  # 4 sub-parks
        ((site(5000, True),) + tuple(site(1000) for _ in range(4)), "fail"),
        # several sites need exactly one core site
        ((site(3000), site(3000)), "fail"),
        ((site(3000, True), site(3000, True)), "fail"),
        # no site, or a site without a positive area
        ((), "fail"),
        ((site(0),), "fail"),
        ((site(3000, True), site(-5)), "fail"),
    ],
)
def test_sites_boundaries(sites, expected):
    report = check(facts(sites=sites), TERMS_2022)
    assert result(report, "sites") == expected
    assert report.eligible is (expected == "pass")


def test_sites_detail_shows_the_figures():
    single = check(facts(sites=(site(3000, True),)), TERMS_2022)
    assert single.criterion("sites").detail == (
        "单一园区建筑面积3000平方米（要求不少于3000平方米）"
    )
    several = check(
        facts(
            sites=(
                site(2000, True, "核心园区"),
                site("1000.5", name="东区"),
                site("999.5", name="西区"),
                site(100, name="北区"),
            )
        ),
        TERMS_2022,
    )
    assert several.criterion("sites").detail == (
        "设立4个园区：核心园区“核心园区”建筑面积2000平方米（要求不少于2000平方米）；"
        "园区总面积4100平方米（要求不少于4000平方米）；分园区3个（要求不超过3个）"
    )


def test_sites_detail_explains_missing_or_double_core():
    none = check(facts(sites=(site(3000), site(3000))), TERMS_2022)
    assert "未指定核心园区" in none.criterion("sites").detail
    two = check(
        facts(sites=(site(3000, True, "甲"), site(3000, True, "乙"))), TERMS_2022
    )
    assert "其中2个被指定为核心园区" in two.criterion("sites").detail
    assert "甲、乙" in two.criterion("sites").detail
    empty = check(facts(sites=()), TERMS_2022)
    assert empty.criterion("sites").detail == "未填报任何园区。"
    zero = check(facts(sites=(site(0, name="空园区"),)), TERMS_2022)
    assert "空园区" in zero.criterion("sites").detail


# --- institutions: 不少于10家, each with a licence/filing number -------------------


@pytest.mark.parametrize(
    ("licensed", "unlicensed", "expected"),
    [
        (9, 0, "fail"),
        (10, 0, "pass"),
        (11, 0, "pass"),
        (9, 1, "fail"),  # ten on the roster, one without a number
        (10, 5, "pass"),
        (0, 12, "fail"),
    ],
)
def test_institution_count_boundaries(licensed, unlicensed, expected):
    institutions = tuple(
        InstitutionFact(f"有证{n}", f"L{n}", D(5_000_000)) for n in range(licensed)
    ) + tuple(InstitutionFact(f"无证{n}", "", D(5_000_000)) for n in range(unlicensed))
    report = check(facts(institutions=institutions), TERMS_2022)
    assert result(report, "institutions") == expected


def test_blank_licence_numbers_do_not_count_and_are_named():
    institutions = roster(*([3_000_000] * 9)) + (
        InstitutionFact("空白证号", "   ", D(3_000_000)),
    )
    report = check(facts(institutions=institutions[-10:]), TERMS_2022)
    detail = report.criterion("institutions").detail
    assert result(report, "institutions") == "fail"
    assert detail.startswith(
        "持有人力资源服务许可证或备案凭证的入驻机构9家（要求不少于10家）"
    )
    assert "空白证号" in detail


def test_institutions_not_operating_still_count_on_the_roster():
    institutions = tuple(
        InstitutionFact(f"机构{n}", f"L{n}", D(0), operating=False) for n in range(10)
    )
    report = check(facts(institutions=institutions), TERMS_2022)
    assert result(report, "institutions") == "pass"
    assert result(report, "revenue") == "fail"


# --- revenue: 达3000万元以上 (>=), 超过 (>) ---------------------------------------


@pytest.mark.parametrize(
    ("revenues", "expected"),
    [
        # total: 29,999,999.99 vs 30,000,000 (no institution over 3,000,000)
        ([3_000_000] * 9 + ["2999999.99"], "fail"),
        ([3_000_000] * 10, "pass"),
        ([3_000_000] * 9 + ["3000000.00"], "pass"),
        # >= 3 institutions over 5,000,000: exactly 5,000,000 does not count
        ([5_000_000] * 3, "fail"),
        (["5000000.01"] * 2 + [5_000_000], "fail"),
        (["5000000.01"] * 3, "pass"),
        # >= 5 institutions over 3,000,000
        (["3000000.01"] * 4 + [3_000_000], "fail"),
        (["3000000.01"] * 5, "pass"),
        # >= 1 institution over 10,000,000
        ([10_000_000], "fail"),
        (["10000000.01"], "pass"),
        # nothing at all
        ([], "fail"),
    ],
)
def test_revenue_boundaries(revenues, expected):
    report = check(facts(institutions=roster(*revenues)), TERMS_2022)
    assert result(report, "revenue") == expected
    assert report.eligible is (expected == "pass")


def test_revenue_detail_shows_every_alternative():
    report = check(
        facts(institutions=roster("5000000.01", "5000000.01", "5000000.01")),
        TERMS_2022,
    )
    detail = report.criterion("revenue").detail
    assert result(report, "revenue") == "pass"
    assert "合计1500.000003万元（要求达3000万元以上）" in detail
    assert "营业收入超过500万元的机构3家（要求不少于3家）" in detail
    assert "营业收入超过300万元的机构3家（要求不少于5家）" in detail
    assert "营业收入超过1000万元的机构0家（要求不少于1家）" in detail


def test_revenue_counts_only_operating_licensed_institutions():
    institutions = (
        InstitutionFact("停业机构", "L1", D(20_000_000), operating=False),
        InstitutionFact("无证机构", "", D(20_000_000)),
    ) + roster(*([0] * 10))
    report = check(facts(institutions=institutions), TERMS_2022)
    detail = report.criterion("revenue").detail
    assert result(report, "revenue") == "fail"
    assert "合计0万元" in detail
    assert "停业机构" in detail
    assert "无证机构" in detail


def test_negative_revenue_is_a_data_error():
    institutions = roster(*([3_000_000] * 10)) + (
        InstitutionFact("亏损机构", "L99", D(-1)),
    )
    report = check(facts(institutions=institutions), TERMS_2022)
    assert result(report, "revenue") == "fail"
    assert "亏损机构" in report.criterion("revenue").detail


def test_revenue_tiers_come_from_the_terms():
    from dataclasses import replace

    stricter = replace(
        TERMS_2022,
        revenue_total_min_yuan=50_000_000,
        revenue_tiers=((6_000_000, 3), (3_000_000, 6), (20_000_000, 1)),
    )
    revenues = ["5000000.01"] * 3  # passes under 2022, not under the stricter one
    assert (
        result(check(facts(institutions=roster(*revenues)), TERMS_2022), "revenue")
        == "pass"
    )
    report = check(facts(institutions=roster(*revenues)), stricter)
    assert result(report, "revenue") == "fail"
    assert "营业收入超过600万元的机构0家（要求不少于3家）" in (
        report.criterion("revenue").detail
    )


# --- public services -------------------------------------------------------


@pytest.mark.parametrize(
    ("services", "expected"),
    [
        (PUBLIC_SERVICES, "pass"),
        (PUBLIC_SERVICES + ("其他",), "pass"),
        (PUBLIC_SERVICES[:3], "fail"),
        (PUBLIC_SERVICES[1:], "fail"),
        ((), "fail"),
    ],
)
def test_public_services_must_all_be_present(services, expected):
    report = check(facts(services=frozenset(services)), TERMS_2022)
    assert result(report, "public_services") == expected


def test_public_services_detail_names_the_missing_ones():
    report = check(facts(services=frozenset(PUBLIC_SERVICES[:2])), TERMS_2022)
    assert report.criterion("public_services").detail.startswith(
        "缺少公共服务功能：社会保障、人事人才"
    )


# --- formatting --------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (D("3000"), "3000"),
        (D("3000.00"), "3000"),
        (D("3E+3"), "3000"),
        (D("2999.50"), "2999.5"),
        (3000, "3000"),
    ],
)
def test_format_number(value, text):
    assert format_number(value) == text


@pytest.mark.parametrize(
    ("yuan", "text"),
    [
        (30_000_000, "3000"),
        (D("29999999.99"), "2999.999999"),
        (D("5000000.01"), "500.000001"),
        (0, "0"),
    ],
)
def test_format_wan_is_exact(yuan, text):
    assert format_wan(yuan) == text


@pytest.mark.django_db
def test_terms_match_the_seeded_2022_version():
    from parkregistry.models.in_force import policy_in_force

    assert policy_in_force(date(2023, 6, 1)) == TERMS_2022
