"""Registry admin: viewsets, hooks that apply the services, the approval helper
(it drafts a 认定批复, it never enters a park) and 历史认定 parks added by hand."""

from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from home.roles import CITY_EDITOR, COUNTY_EDITOR
from parkregistry.models import (
    AnnualTask,
    Evaluation,
    Park,
    ParkStatus,
    Rectification,
    SubsidyRecord,
)
from tests.factories_registry import make_application, make_closed_notice, make_park

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client, django_user_model):
    user = django_user_model.objects.create_superuser("root", "r@example.com", "pw")
    client.force_login(user)
    return client


def test_viewsets_list(admin):
    make_park()
    for model in (
        "park",
        "evaluation",
        "rectification",
        "annualtask",
        "subsidyrecord",
        "revocation",
    ):
        url = reverse(f"wagtailsnippets_parkregistry_{model}:list")
        assert admin.get(url).status_code == 200, model


def test_the_approve_helper_drafts_a_decision_and_enters_no_park(admin):
    from parkregistry.models import DecisionIndexPage, DecisionPage
    from tests.factories_registry import add_page, home_page

    add_page(home_page(), DecisionIndexPage(title="决定公告", slug="decisions"))
    app = make_application(name="灵石人力资源服务产业园")
    candidate = make_closed_notice(app)  # closed on 2024-03-08
    url = reverse("parkregistry_approve")
    page = admin.get(url)
    assert "晋中灵石人力资源服务产业园" in page.content.decode()
    prefix = f"c{candidate.pk}"
    data = {
        "candidate": candidate.pk,
        f"{prefix}-official_name": "晋中灵石人力资源服务产业园",
        f"{prefix}-doc_no": "市人社发〔2024〕3号",
        f"{prefix}-decision_date": "2024-04-01",
    }
    bad = admin.post(url, {**data, f"{prefix}-official_name": "灵石园"})
    assert bad.status_code == 400
    assert "晋中" in bad.content.decode()
    early = admin.post(url, {**data, f"{prefix}-decision_date": "2024-03-08"})
    assert early.status_code == 400
    assert "2024年3月9日" in early.content.decode()
    assert not DecisionPage.objects.exists()
    ok = admin.post(url, data)
    decision = DecisionPage.objects.get()
    assert ok.status_code == 302
    assert ok["Location"] == reverse("wagtailadmin_pages:edit", args=[decision.pk])
    assert not decision.live
    assert decision.official_name == "晋中灵石人力资源服务产业园"
    assert decision.decision_date == date(2024, 4, 1)
    # Nothing enters the registry until the decision is published.
    assert not Park.objects.exists()
    app.refresh_from_db()
    assert app.stage == "in_notice"
    # Posting again leads to the same draft.
    again = admin.post(url, data)
    assert again["Location"] == ok["Location"]
    assert DecisionPage.objects.count() == 1


def test_county_editor_cannot_approve(client, django_user_model):
    user = django_user_model.objects.create_user("county", password="pw")
    user.groups.add(Group.objects.get(name=COUNTY_EDITOR))
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get(reverse("parkregistry_approve")).status_code in (302, 403)


def test_city_editor_has_registry_permissions(django_user_model):
    from wagtail.permissions import policy_registry

    user = django_user_model.objects.create_user("city", password="pw")
    user.groups.add(Group.objects.get(name=CITY_EDITOR))
    assert user.has_perm("parkregistry.add_evaluation")
    # The model permission stays; the park's policy keeps "add" (历史认定) for
    # superusers: parks enter through published approval decisions.
    policy = policy_registry.get_by_type(Park)
    assert policy.user_has_permission(user, "change")
    assert not policy.user_has_permission(user, "add")


def test_evaluation_created_in_admin_applies_consequences(admin):
    park = make_park()
    url = reverse("wagtailsnippets_parkregistry_evaluation:add")
    response = admin.post(
        url,
        {
            "park": park.pk,
            "year": 2023,
            "held_on": "2024-02-01",
            "grade": "不合格",
            "rectification_deadline": "2024-05-01",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    park.refresh_from_db()
    assert park.status == ParkStatus.RECTIFYING
    rect = Rectification.objects.get()
    twice = admin.post(
        url,
        {"park": park.pk, "year": 2023, "held_on": "2024-02-02", "grade": "合格"},
    )
    assert twice.status_code == 200
    assert Evaluation.objects.count() == 1
    edit = reverse("wagtailsnippets_parkregistry_rectification:edit", args=[rect.pk])
    response = admin.post(
        edit,
        {"deadline": "2024-05-01", "result": "整改合格", "decided_on": "2024-05-01"},
    )
    assert response.status_code == 302
    park.refresh_from_db()
    assert park.status == ParkStatus.NORMAL


def test_subsidy_in_admin_is_computed(admin):
    park = make_park()
    url = reverse("wagtailsnippets_parkregistry_subsidyrecord:add")
    refused = admin.post(url, {"park": park.pk, "year": 2023, "placed": 6000})
    assert refused.status_code == 200  # no annual tasks yet
    AnnualTask.objects.create(
        year=2023, urban_new_employment=30000, rural_labour_transfer=20000
    )
    response = admin.post(url, {"park": park.pk, "year": 2023, "placed": 6000})
    assert response.status_code == 302
    assert SubsidyRecord.objects.get().amount_yuan == 220_000
    assert date


def test_a_recorded_grade_cannot_be_changed_in_the_admin(admin):
    from parkregistry.services.evaluations import record_evaluation

    park = make_park()
    ev = record_evaluation(park, 2023, "合格", date(2024, 2, 1))
    url = reverse("wagtailsnippets_parkregistry_evaluation:edit", args=[ev.pk])
    base = {"park": park.pk, "year": 2023, "held_on": "2024-02-01"}
    refused = admin.post(url, {**base, "grade": "优秀"})
    assert refused.status_code == 200
    ev.refresh_from_db()
    assert ev.grade == "合格"
    ok = admin.post(url, {**base, "grade": "合格", "role_played": "促进就业明显"})
    assert ok.status_code == 302
    ev.refresh_from_db()
    assert ev.role_played == "促进就业明显"


def test_a_park_added_in_the_admin_gets_its_award_once(admin):
    from parkregistry.models import County, RecognitionAward

    url = reverse("wagtailsnippets_parkregistry_park:add")
    data = {
        "name": "晋中昔阳人力资源服务产业园",
        "county": County.objects.get(code="xiyang").pk,
        "address": "",
        "operator": "",
        "services": "",
        "approval_doc_no": "市人社发〔2024〕2号",
        "approved_on": "2024-03-01",
        "internal_notes": "",
        "sites-TOTAL_FORMS": 0,
        "sites-INITIAL_FORMS": 0,
        "sites-MIN_NUM_FORMS": 0,
        "sites-MAX_NUM_FORMS": 1000,
        "institutions-TOTAL_FORMS": 0,
        "institutions-INITIAL_FORMS": 0,
        "institutions-MIN_NUM_FORMS": 0,
        "institutions-MAX_NUM_FORMS": 1000,
    }
    refused = admin.post(url, {**data, "name": "昔阳园"})
    assert refused.status_code == 200
    assert not Park.objects.exists()
    assert "历史认定" in admin.get(url).content.decode()
    response = admin.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    park = Park.objects.get()
    assert RecognitionAward.objects.get(park=park).amount_yuan == 600_000
    record = park.history.get()
    assert record.history_change_reason == "历史认定，市人社发〔2024〕2号"


def park_form(**overrides) -> dict:
    from parkregistry.models import County

    data = {
        "name": "晋中昔阳人力资源服务产业园",
        "county": County.objects.get(code="xiyang").pk,
        "address": "",
        "operator": "",
        "services": "",
        "approval_doc_no": "市人社发〔2024〕2号",
        "approved_on": "2024-03-01",
        "internal_notes": "",
    }
    for inline in ("sites", "institutions"):
        data.update(
            {
                f"{inline}-TOTAL_FORMS": 0,
                f"{inline}-INITIAL_FORMS": 0,
                f"{inline}-MIN_NUM_FORMS": 0,
                f"{inline}-MAX_NUM_FORMS": 1000,
            }
        )
    data.update(overrides)
    return data


def test_a_historical_park_needs_its_number_and_a_past_date(admin, today):
    from datetime import timedelta

    url = reverse("wagtailsnippets_parkregistry_park:add")
    no_number = admin.post(url, park_form(approval_doc_no=""))
    assert no_number.status_code == 200
    assert "approval_doc_no" in no_number.context["form"].errors
    tomorrow = (today + timedelta(days=1)).isoformat()
    future = admin.post(url, park_form(approved_on=tomorrow))
    assert future.status_code == 200
    assert "approved_on" in future.context["form"].errors
    assert not Park.objects.exists()
    ok = admin.post(url, park_form(approved_on=today.isoformat()))
    assert ok.status_code == 302
    assert Park.objects.get().approved_on == today


def test_only_superusers_add_parks_by_hand(client):
    from tests.factories_applications import make_city_editor

    make_park(name="晋中已认定园")
    client.force_login(make_city_editor())
    add_url = reverse("wagtailsnippets_parkregistry_park:add")
    listing = client.get(reverse("wagtailsnippets_parkregistry_park:list"))
    assert listing.status_code == 200
    assert "晋中已认定园" in listing.content.decode()
    assert add_url not in listing.content.decode()
    refused = client.get(add_url)
    assert refused.status_code == 403
    assert "历史认定" in refused.content.decode()
    assert reverse("parkregistry_approve") in refused.content.decode()
    response = client.post(add_url, park_form())
    assert response.status_code == 403
    assert not Park.objects.filter(name="晋中昔阳人力资源服务产业园").exists()


def test_a_revoked_park_cannot_be_graded_in_the_admin(admin):
    from parkregistry.services.evaluations import record_evaluation
    from parkregistry.services.revocations import confirm_revocation

    park = make_park()
    for year in (2023, 2024):
        record_evaluation(
            park,
            year,
            "不合格",
            date(year + 1, 2, 1),
            rectification_deadline=date(year + 1, 5, 1),
        )
    confirm_revocation(park, date(2025, 3, 10), "号")
    url = reverse("wagtailsnippets_parkregistry_evaluation:add")
    response = admin.post(
        url, {"park": park.pk, "year": 2025, "held_on": "2026-02-01", "grade": "合格"}
    )
    assert response.status_code == 200
    assert Evaluation.objects.filter(year=2025).count() == 0
