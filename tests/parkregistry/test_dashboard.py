"""The admin home of county and city editors: their panels, links and queries."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext

from notices.models import Objection
from parkregistry.models import DecisionIndexPage, Stage
from parkregistry.models.procedure import move
from parkregistry.models.registry import Rectification, Revocation
from parkregistry.models.stages import ExpertConclusion
from parkregistry.services.approvals import draft_approval_decision
from parkregistry.services.evaluations import record_evaluation
from parkregistry.services.revocations import confirm_revocation
from tests.conftest import TEST_NOW
from tests.factories_applications import (
    make_application,
    make_city_approver,
    make_city_editor,
    make_county_editor,
    make_user,
)
from tests.factories_registry import add_page, home_page, make_closed_notice, make_park

pytestmark = pytest.mark.django_db


def body_of(client) -> str:
    response = client.get("/admin/")
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def section(body: str, section_id: str) -> str:
    match = re.search(
        rf'<section class="w-mb-8" id="{section_id}".*?</section>', body, re.S
    )
    return match.group(0) if match else ""


def count_of(body: str, section_id: str) -> int | None:
    match = re.search(rf'id="{section_id}"[^>]*data-count="(\d+)"', body)
    return int(match.group(1)) if match else None


def inspect(app) -> str:
    return f'href="{reverse("applications:inspect", args=[app.pk])}"'


def edit(app) -> str:
    return f'href="{reverse("applications:edit", args=[app.pk])}"'


def submitted(app, county_user, note="经初审，同意上报。"):
    return move(app, Stage.COUNTY_REVIEWED, county_user, note=note)


# --- county editors ---------------------------------------------------------------------


@pytest.fixture
def county_world():
    yuci = make_county_editor("yuci_ed", "yuci")
    jiexiu = make_county_editor("jiexiu_ed", "jiexiu")
    city = make_city_editor()
    fresh = make_application("yuci", name="榆次新草稿园")
    returned = submitted(make_application("yuci", name="榆次退回园"), yuci)
    move(returned, Stage.DRAFT, city, note="请补充可行性研究报告后重新上报。")
    refused = submitted(make_application("yuci", name="榆次不予认定园"), yuci)
    move(refused, Stage.REJECTED, city, note="建筑面积未达到第九条规定。")
    with time_machine.travel(TEST_NOW - timedelta(days=120), tick=False):
        old = submitted(make_application("yuci", name="榆次早已不予认定园"), yuci)
        move(old, Stage.REJECTED, city, note="很久以前的理由。")
    waiting = submitted(make_application("yuci", name="榆次初审园"), yuci)
    noticed = make_application(
        "yuci",
        name="榆次公示园",
        stage=Stage.IN_NOTICE,
        expert_conclusion="recommended",
    )
    notice = make_closed_notice(noticed).page
    others = [
        make_application("jiexiu", name="介休草稿园"),
        submitted(make_application("jiexiu", name="介休初审园"), jiexiu),
    ]
    return {
        "yuci": yuci,
        "jiexiu": jiexiu,
        "fresh": fresh,
        "returned": returned,
        "refused": refused,
        "old": old,
        "waiting": waiting,
        "noticed": noticed,
        "notice": notice,
        "others": others,
    }


def test_county_editor_sees_drafts_returns_and_progress_with_links(
    client, county_world
):
    w = county_world
    client.force_login(w["yuci"])
    body = body_of(client)
    assert gettext("Applications of %(county)s") % {"county": "榆次区"} in body

    drafts = section(body, "county-drafts")
    assert count_of(body, "county-drafts") == 1
    assert edit(w["fresh"]) in drafts and edit(w["returned"]) not in drafts

    returned = section(body, "county-returned")
    assert count_of(body, "county-returned") == 2
    assert edit(w["returned"]) in returned
    assert "请补充可行性研究报告后重新上报。" in returned
    assert inspect(w["refused"]) in returned
    assert "建筑面积未达到第九条规定。" in returned
    # A refusal of long ago no longer waits on the dashboard.
    assert "榆次早已不予认定园" not in body

    under_way = section(body, "county-under-way")
    assert count_of(body, "county-under-way") == 2
    assert inspect(w["waiting"]) in under_way and inspect(w["noticed"]) in under_way
    assert w["notice"].title in under_way
    assert gettext("Submitted: the city reviews it next.") in under_way


def test_county_editor_never_sees_another_county(client, county_world):
    w = county_world
    client.force_login(w["yuci"])
    body = body_of(client)
    for other in w["others"]:
        assert other.name not in body
        assert inspect(other) not in body and edit(other) not in body
    # …and the other county's editor sees none of Yuci's.
    client.force_login(w["jiexiu"])
    body = body_of(client)
    assert "介休初审园" in body and "介休草稿园" in body
    for name in ("榆次新草稿园", "榆次退回园", "榆次不予认定园", "榆次公示园"):
        assert name not in body


def test_county_editor_without_county_or_work_is_told_so(client):
    lost = make_user("lost", groups=["县级编辑"])
    client.force_login(lost)
    body = body_of(client)
    assert 'id="county-applications-section"' in body
    assert (
        gettext(
            "You are not assigned to a county yet, so you see no application. "
            "Ask the city's administrator to add you under Settings → County "
            "memberships."
        )
        in body
    )
    assert "county-drafts" not in body

    idle = make_county_editor("idle", "heshun")
    client.force_login(idle)
    body = body_of(client)
    assert gettext("No application of your county is waiting for anything.") in body


def test_county_editor_queries_do_not_grow_with_applications(client):
    yuci = make_county_editor("yuci_ed", "yuci")
    city = make_city_editor()
    client.force_login(yuci)

    def add(n, first):
        for i in range(first, first + n):
            make_application("yuci", name=f"草稿{i}")
            back = submitted(make_application("yuci", name=f"退回{i}"), yuci)
            move(back, Stage.DRAFT, city, note="补充材料")
            submitted(make_application("yuci", name=f"初审{i}"), yuci)
            make_application("jiexiu", name=f"介休{i}")

    def queries() -> int:
        client.get("/admin/")
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/admin/").status_code == 200
        return len(ctx.captured_queries)

    add(3, 0)
    few = queries()
    add(27, 3)
    assert queries() == few
    assert few <= 30  # Wagtail's own home takes 15 of them
    body = body_of(client)
    assert count_of(body, "county-drafts") == 30
    assert section(body, "county-drafts").count("<tr>") == 10 + 1


# --- city editors ---------------------------------------------------------------------


def _decision_index():
    return DecisionIndexPage.objects.first() or add_page(
        home_page(), DecisionIndexPage(title="决定公告", slug="decisions")
    )


@pytest.fixture
def city_world(today):
    city = make_city_editor()
    county_user = make_county_editor("yuci_ed", "yuci")
    to_review = submitted(make_application("yuci", name="待审核园"), county_user)
    to_experts = make_application("taigu", name="待评估园", stage=Stage.CITY_REVIEWED)
    recommended = make_application(
        "pingyao",
        name="待公示园",
        stage=Stage.EXPERT_REVIEWED,
        expert_review_date=date(2026, 10, 1),
        expert_conclusion=ExpertConclusion.RECOMMENDED,
    )
    not_recommended = make_application(
        "qixian",
        name="不推荐园",
        stage=Stage.EXPERT_REVIEWED,
        expert_review_date=date(2026, 10, 1),
        expert_conclusion=ExpertConclusion.NOT_RECOMMENDED,
    )
    ready = make_closed_notice(
        make_application("lingshi", name="可认定园", stage=Stage.IN_NOTICE)
    )
    blocked = make_closed_notice(
        make_application("shouyang", name="有异议园", stage=Stage.IN_NOTICE),
        start=date(2024, 4, 8),
    )
    Objection.objects.create(
        notice=blocked.page,
        candidate=blocked,
        receipt_no="YY2024-000001",
        code_hash="x",
        kind="individual",
        name="王五",
        phone="13900000000",
        content="异议内容异议内容",
        submitted_at=TEST_NOW,
    )
    drafted = make_closed_notice(
        make_application("xiyang", name="已起草园", stage=Stage.IN_NOTICE),
        start=date(2024, 5, 6),
    )
    _decision_index()
    draft = draft_approval_decision(
        drafted,
        official_name="晋中已起草园",
        doc_no="市人社发〔2026〕1号",
        decision_date=today,
        user=city,
    )
    graded = make_park(name="晋中已考核园", approved_on=date(2023, 6, 1))
    record_evaluation(graded, 2025, "合格", date(2026, 2, 20))
    failing = make_park(name="晋中整改园", approved_on=date(2023, 6, 1))
    record_evaluation(
        failing,
        2024,
        "不合格",
        date(2025, 2, 20),
        rectification_deadline=date(2025, 5, 31),
    )
    twice = make_park(name="晋中两次不合格园", approved_on=date(2023, 6, 1))
    revoked = make_park(name="晋中已取消园", approved_on=date(2023, 6, 1))
    for park in (twice, revoked):
        for year in (2023, 2024):
            record_evaluation(
                park,
                year,
                "不合格",
                date(year + 1, 2, 20),
                rectification_deadline=date(year + 1, 5, 31),
            )
    confirm_revocation(revoked, date(2025, 7, 1), "市人社发〔2025〕3号")
    return {
        "city": city,
        "to_review": to_review,
        "to_experts": to_experts,
        "recommended": recommended,
        "not_recommended": not_recommended,
        "ready": ready,
        "blocked": blocked,
        "drafted": drafted,
        "draft": draft,
        "graded": graded,
        "failing": failing,
        "twice": twice,
        "revoked": revoked,
    }


def test_city_editor_sees_the_procedure_with_links(client, city_world):
    w = city_world
    client.force_login(w["city"])
    body = body_of(client)

    review = section(body, "city-review")
    assert count_of(body, "city-review") == 1 and inspect(w["to_review"]) in review
    assert f"?stage={Stage.COUNTY_REVIEWED}" in review
    experts = section(body, "city-expert-review")
    assert inspect(w["to_experts"]) in experts

    done = section(body, "city-expert-done")
    assert count_of(body, "city-expert-done") == 2
    assert inspect(w["recommended"]) in done
    move_url = reverse("applications:move", args=[w["not_recommended"].pk])
    assert f'href="{move_url}"' in done
    assert "/admin/pages/add/notices/noticepage/" in done

    approvals = section(body, "city-approvals")
    assert count_of(body, "city-approvals") == 2
    assert "可认定园" in approvals and "有异议园" not in approvals
    assert f'href="{reverse("parkregistry_approve")}"' in approvals
    draft_edit = reverse("wagtailadmin_pages:edit", args=[w["draft"].pk])
    assert f'href="{draft_edit}"' in approvals
    assert w["ready"].page.title in approvals


def test_city_editor_sees_the_registry_work_with_links(client, city_world):
    w = city_world
    client.force_login(w["city"])
    body = body_of(client)

    # Today is 10 November 2026: the evaluations of 2025 were due in Q1 2026.
    grades = section(body, "city-evaluations")
    assert "2025" in grades
    for park in (w["failing"], w["twice"]):
        url = reverse("wagtailsnippets_parkregistry_park:inspect", args=[park.pk])
        assert f'href="{url}"' in grades
    assert "晋中已考核园" not in grades and "晋中已取消园" not in grades
    assert "/admin/snippets/parkregistry/evaluation/add/" in grades

    rectifications = section(body, "city-rectifications")
    rect = Rectification.objects.get(evaluation__park=w["failing"])
    url = reverse("wagtailsnippets_parkregistry_rectification:edit", args=[rect.pk])
    assert f'href="{url}"' in rectifications
    assert "晋中已取消园" not in rectifications  # moot once revoked

    revocations = section(body, "city-revocations")
    proposal = Revocation.objects.get(park=w["twice"])
    url = reverse("wagtailsnippets_parkregistry_revocation:edit", args=[proposal.pk])
    assert count_of(body, "city-revocations") == 1 and f'href="{url}"' in revocations

    decisions = section(body, "city-decisions")
    for year in (2023, 2024, 2025):
        assert str(year) in decisions
    assert "/admin/pages/add/parkregistry/decisionpage/" in decisions


def test_approver_and_handler_get_no_editor_panel(client, city_world):
    client.force_login(make_city_approver())
    body = body_of(client)
    assert "city-work-section" not in body and "county-applications" not in body
    assert 'id="publication-review-section"' in body


def test_superuser_sees_city_review_and_objection_panels(client, city_world):
    admin = make_user("root", is_superuser=True, is_staff=True)
    client.force_login(admin)
    body = body_of(client)
    for panel in (
        "city-work-section",
        "publication-review-section",
        "objections-dashboard-section",
    ):
        assert f'id="{panel}"' in body
    assert "county-applications-section" not in body


def test_city_editor_queries_do_not_grow_with_applications(client, today):
    city = make_city_editor()
    county_user = make_county_editor("yuci_ed", "yuci")
    client.force_login(city)
    starts = iter(date(2024, 3, 4) + timedelta(weeks=n) for n in range(100))

    def add(n, first):
        for i in range(first, first + n):
            submitted(make_application("yuci", name=f"审核{i}"), county_user)
            make_application("yuci", name=f"评估{i}", stage=Stage.CITY_REVIEWED)
            make_application(
                "yuci",
                name=f"专家{i}",
                stage=Stage.EXPERT_REVIEWED,
                expert_review_date=date(2026, 10, 1),
                expert_conclusion=ExpertConclusion.RECOMMENDED,
            )
            make_closed_notice(
                make_application("yuci", name=f"公示{i}", stage=Stage.IN_NOTICE),
                start=next(starts),
            )
            make_park(name=f"晋中园{i}", approved_on=date(2023, 6, 1))

    def queries() -> int:
        client.get("/admin/")
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/admin/").status_code == 200
        return len(ctx.captured_queries)

    add(3, 0)
    few = queries()
    add(27, 3)
    assert queries() == few
    assert few <= 45  # Wagtail's own home takes 15 of them
    body = body_of(client)
    assert count_of(body, "city-approvals") == 30
    assert count_of(body, "city-evaluations") == 30


def test_city_editor_follows_drafts_into_the_workflow(client, today):
    from notices.services.workflow import ensure_publication_workflow
    from tests.factories_notices import make_notice_page, notice_index

    city = make_city_editor()
    ensure_publication_workflow(notice_index(), _decision_index())

    def recommended(name):
        return make_application(
            "yuci",
            name=name,
            stage=Stage.EXPERT_REVIEWED,
            expert_review_date=date(2026, 10, 1),
            expert_conclusion=ExpertConclusion.RECOMMENDED,
        )

    waiting = make_notice_page(publish=False, applications=[recommended("草稿公示园")])
    submitted_notice = make_notice_page(
        publish=False, applications=[recommended("已提交公示园")]
    )
    submitted_notice.save_revision(user=city)
    submitted_notice.get_workflow().start(submitted_notice, city)
    candidate = make_closed_notice(
        make_application("lingshi", name="批复已提交园", stage=Stage.IN_NOTICE)
    )
    decision = draft_approval_decision(
        candidate,
        official_name="晋中批复已提交园",
        doc_no="市人社发〔2026〕2号",
        decision_date=today,
        user=city,
    )
    decision.get_workflow().start(decision, city)

    client.force_login(city)
    body = body_of(client)
    done = section(body, "city-expert-done")
    for page in (waiting, submitted_notice):
        assert f'href="{reverse("wagtailadmin_pages:edit", args=[page.pk])}"' in done
    assert (
        gettext("On the draft notice “%(title)s”: submit the notice for approval.")
        % {"title": waiting.title}
        in done
    )
    assert (
        gettext("On the notice “%(title)s”, submitted: awaiting its approval.")
        % {"title": submitted_notice.title}
        in done
    )
    approvals = section(body, "city-approvals")
    assert gettext("Approval decision submitted: awaiting its approval.") in approvals
    assert (
        f'href="{reverse("wagtailadmin_pages:edit", args=[decision.pk])}"' in approvals
    )
