"""What the public sees of a candidate: its facts, never the Art. 9 breakdown.

The notice page, the JSON API, the decision that approves the candidate and the
park page show who, where, how large and how many institutions; which
institutions the eligibility check did not count, and under which policy
version, stay in the admin.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from home.demo_bench import ensure_demo_policy
from parkregistry.models import (
    DecisionIndexPage,
    DecisionKind,
    DecisionPage,
    Park,
    PolicyVersion,
    RegistryIndexPage,
    RosterInstitution,
)
from tests.factories_applications import make_city_editor
from tests.factories_notices import make_application, make_notice_page
from tests.factories_registry import add_page, home_page

pytestmark = pytest.mark.django_db

NAME = "晋中市榆次区公开事实人力资源服务产业园"
ADDRESS = "晋中市榆次区公开路8号"
OPERATOR = "晋中市榆次区公开运营有限公司"
UNLICENSED = "无许可证的甲人力资源公司"
NOT_OPERATING = "非经营性的乙人才服务中心"
POLICY_LABEL = "产业园管理办法（内部版本标签）"
# The wording of the Art. 9 summary the notice used to show.
SUMMARY_WORDS = ("第九条", "可量化条件")


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def application():
    """A recommended candidate whose roster has one institution without a
    licence and one not operating: the Art. 9 check leaves both out, and names
    them with the policy version it applied."""
    policy = ensure_demo_policy(lambda *args: None)
    PolicyVersion.objects.filter(pk=policy.pk).update(title=POLICY_LABEL)
    app = make_application(name=NAME, address=ADDRESS, applicant_unit=OPERATOR)
    RosterInstitution.objects.create(
        application=app, name=UNLICENSED, licence_no="", revenue_yuan=Decimal("1")
    )
    RosterInstitution.objects.create(
        application=app,
        name=NOT_OPERATING,
        licence_no="晋人服证9999",
        revenue_yuan=Decimal("0"),
        operating=False,
    )
    return app


def assert_no_breakdown(text: str) -> None:
    for secret in (UNLICENSED, NOT_OPERATING, POLICY_LABEL, *SUMMARY_WORDS):
        assert secret not in text, secret


def candidate_facts(html: str) -> dict[str, str]:
    """The first candidate's facts on a notice page, label → value."""
    block = re.search(r'<article class="candidate">(.*?)</article>', html, re.S)
    assert block, "no candidate on the page"
    pairs = re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", block.group(1), re.S)
    return dict(pairs)


def test_notice_shows_the_candidate_facts(client, application, today):
    page = make_notice_page(applications=[application], start_date=today)
    html = client.get(page.url).content.decode()
    assert f"<h3>1. {NAME}</h3>" in html
    facts = candidate_facts(html)
    assert facts["县（市、区）"] == str(application.county)
    assert facts["地址"] == ADDRESS
    assert facts["运营机构"] == OPERATOR
    assert facts["总建筑面积"] == "3500 m²"
    # The size of the roster: the 10 licensed institutions and the two left out.
    assert facts["入驻人力资源服务机构"] == "12"
    assert "核心园区" in html
    assert len(facts) == 6


def test_notice_hides_the_eligibility_breakdown(client, application, today):
    page = make_notice_page(applications=[application], start_date=today)
    html = client.get(page.url).content.decode()
    assert NAME in html
    assert_no_breakdown(html)
    assert "eligib" not in html


def test_notice_facts_carry_no_eligibility_data(application):
    facts = application.notice_facts()
    assert set(facts) == {
        "county",
        "address",
        "operator",
        "total_area",
        "sites",
        "institutions",
    }
    assert facts["operator"] == OPERATOR
    assert facts["institutions"] == 12
    assert facts["total_area"] == Decimal("3500")


def test_admin_inspect_keeps_the_breakdown(client, application):
    client.force_login(make_city_editor())
    html = client.get(
        reverse("applications:inspect", args=[application.pk])
    ).content.decode()
    assert POLICY_LABEL in html
    assert UNLICENSED in html and NOT_OPERATING in html
    # Named by the report as left out, not only listed in the roster table.
    report = html[html.index("eligibility-report") :]
    report = report[: report.index("</table>")]
    assert UNLICENSED in report and NOT_OPERATING in report


def test_api_lists_the_candidate_by_name_only(client, application, today):
    make_notice_page(applications=[application], start_date=today)
    response = client.get("/api/notices")
    assert response.status_code == 200
    notices = response.json()
    assert [n["candidates"] for n in notices] == [[NAME]]
    assert_no_breakdown(response.content.decode())


def test_decision_and_park_pages_show_no_breakdown(client, application):
    notice = make_notice_page(applications=[application], start_date=date(2026, 9, 28))
    assert notice.state().value == "closed"
    add_page(home_page(), RegistryIndexPage(title="园区名录", slug="registry"))
    index = add_page(home_page(), DecisionIndexPage(title="决定公告", slug="decisions"))
    decision = add_page(
        index,
        DecisionPage(
            title=f"关于认定{NAME}的批复",
            slug="approval",
            kind=DecisionKind.APPROVAL,
            doc_no="晋市人社发〔2026〕30号",
            decision_date=date(2026, 11, 2),
            candidate=notice.candidates.get(),
            official_name=NAME,
        ),
    )
    park = Park.objects.get(application=application)

    html = client.get(decision.url).content.decode()
    assert NAME in html
    assert_no_breakdown(html)

    html = client.get(f"/registry/park/{park.pk}/").content.decode()
    assert NAME in html and OPERATOR in html
    # The park page lists the park's roster (the registry's record), but no
    # policy version and nothing of the Art. 9 check.
    for secret in (POLICY_LABEL, *SUMMARY_WORDS):
        assert secret not in html, secret
