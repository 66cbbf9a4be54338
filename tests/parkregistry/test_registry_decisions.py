"""Decision pages: publishing one applies it; problems surface before publishing."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from parkregistry.models import (
    DecisionIndexPage,
    DecisionKind,
    DecisionPage,
    Evaluation,
    Park,
    ParkStatus,
)
from parkregistry.services.evaluations import record_evaluation
from tests.factories_registry import (
    add_page,
    home_page,
    make_application,
    make_closed_notice,
    make_park,
)

pytestmark = pytest.mark.django_db

# A revocation states the facts and the basis (parkregistry.rules.decisions).
REVOCATION_TEXT = (
    "<p>该园区2023年度、2024年度考核评估结果均为不合格等次，连续两次考核评估不合格。"
    "依据《市级人力资源服务产业园管理办法（试行）》第二十五条第（三）项，"
    "决定取消其市级人力资源服务产业园资格。</p>"
)


@pytest.fixture
def index():
    return add_page(home_page(), DecisionIndexPage(title="决定公告", slug="decisions"))


def decision(index, **kwargs):
    kwargs.setdefault("title", "决定")
    kwargs.setdefault("slug", f"d-{DecisionPage.objects.count() + 1}")
    kwargs.setdefault("doc_no", "市人社发〔2024〕5号")
    kwargs.setdefault("decision_date", date(2024, 4, 1))
    parks = kwargs.pop("parks", [])
    page = DecisionPage(**kwargs)
    page.parks = parks
    return add_page(index, page)


def test_feed_flag():
    assert DecisionPage.in_notice_feed is True


def test_publishing_an_approval_creates_the_park(index, client):
    app = make_application(name="祁县人力资源服务产业园")
    candidate = make_closed_notice(app)
    page = decision(
        index,
        kind=DecisionKind.APPROVAL,
        candidate=candidate,
        official_name="晋中祁县人力资源服务产业园",
    )
    park = Park.objects.get(application=app)
    assert park.name == "晋中祁县人力资源服务产业园"
    assert park.approval_doc_no == "市人社发〔2024〕5号"
    assert list(page.parks.all()) == [park]
    # Publishing again is harmless.
    page.save_revision().publish()
    assert Park.objects.count() == 1
    text = client.get(page.url).content.decode()
    assert "晋中祁县人力资源服务产业园" in text


def test_an_approval_without_the_prefix_is_refused_before_publishing(index):
    app = make_application(name="祁县园")
    candidate = make_closed_notice(app)
    page = DecisionPage(
        title="认定",
        slug="a",
        kind=DecisionKind.APPROVAL,
        doc_no="号",
        decision_date=date(2024, 4, 1),
        candidate=candidate,
        official_name="祁县园",
    )
    with pytest.raises(ValidationError) as exc:
        index.add_child(instance=page)
    assert "official_name" in exc.value.message_dict
    assert not Park.objects.exists()


def test_results_and_commendation_link_the_year(index, client):
    good = make_park(name="晋中甲园")
    other = make_park(name="晋中乙园")
    record_evaluation(good, 2023, "优秀", date(2024, 2, 1))
    record_evaluation(other, 2023, "合格", date(2024, 2, 1))
    results = decision(
        index, kind=DecisionKind.RESULTS, year=2023, title="2023年度考核结果通报"
    )
    praise = decision(
        index, kind=DecisionKind.COMMENDATION, year=2023, title="通报表扬"
    )
    assert Evaluation.objects.filter(result_decision=results).count() == 2
    assert list(Evaluation.objects.filter(commendation_decision=praise)) == [
        good.evaluations.get()
    ]
    text = client.get(praise.url).content.decode()
    assert "晋中甲园" in text and "晋中乙园" not in text


def test_commendation_without_excellent_is_refused(index):
    park = make_park()
    record_evaluation(park, 2023, "合格", date(2024, 2, 1))
    with pytest.raises(ValidationError):
        decision(index, kind=DecisionKind.COMMENDATION, year=2023)


def test_revocation_decision_revokes(index):
    park = make_park()
    for year in (2023, 2024):
        record_evaluation(
            park,
            year,
            "不合格",
            date(year + 1, 2, 1),
            rectification_deadline=date(year + 1, 5, 1),
        )
    decision(
        index,
        kind=DecisionKind.REVOCATION,
        parks=[park],
        doc_no="市人社发〔2025〕20号",
        decision_date=date(2025, 3, 10),
        body=REVOCATION_TEXT,
    )
    park.refresh_from_db()
    assert park.status == ParkStatus.REVOKED
    assert park.revocation_decision == "市人社发〔2025〕20号"


def test_revocation_without_proposal_is_refused(index):
    park = make_park()
    with pytest.raises(ValidationError):
        decision(index, kind=DecisionKind.REVOCATION, parks=[park])
    park.refresh_from_db()
    assert park.status == ParkStatus.NORMAL


def test_editor_sees_the_problem_in_the_page_form(index, client, django_user_model):
    from django.urls import reverse
    from wagtail.test.utils.form_data import (
        inline_formset,
        nested_form_data,
        rich_text,
    )

    user = django_user_model.objects.create_superuser("root", "r@example.com", "pw")
    client.force_login(user)
    park = make_park()
    url = reverse(
        "wagtailadmin_pages:add", args=("parkregistry", "decisionpage", index.pk)
    )
    data = nested_form_data(
        {
            "title": "取消资格决定",
            "slug": "revoke",
            "kind": "revocation",
            "doc_no": "市人社发〔2025〕20号",
            "decision_date": "2025-03-10",
            "body": rich_text(""),
            "comments": inline_formset([]),
            "action-publish": "publish",
        }
    )
    data["parks"] = [str(park.pk)]
    response = client.post(url, data)
    assert response.status_code == 200
    assert "没有取消资格的提议" in str(response.context["form"].errors), (
        response.context["form"].errors
    )
    assert not DecisionPage.objects.exists()
    park.refresh_from_db()
    assert park.status == ParkStatus.NORMAL


def test_editor_publishes_a_revocation_in_the_admin(index, client, django_user_model):
    from django.urls import reverse
    from wagtail.test.utils.form_data import (
        inline_formset,
        nested_form_data,
        rich_text,
    )

    user = django_user_model.objects.create_superuser("root", "r@example.com", "pw")
    client.force_login(user)
    park = make_park()
    for year in (2023, 2024):
        record_evaluation(
            park,
            year,
            "不合格",
            date(year + 1, 2, 1),
            rectification_deadline=date(year + 1, 5, 1),
        )
    url = reverse(
        "wagtailadmin_pages:add", args=("parkregistry", "decisionpage", index.pk)
    )
    data = nested_form_data(
        {
            "title": "取消资格决定",
            "slug": "revoke",
            "kind": "revocation",
            "doc_no": "市人社发〔2025〕20号",
            "decision_date": "2025-03-10",
            "body": rich_text(REVOCATION_TEXT),
            "comments": inline_formset([]),
            "action-publish": "publish",
        }
    )
    data["parks"] = [str(park.pk)]
    response = client.post(url, data)
    assert response.status_code == 302
    park.refresh_from_db()
    assert park.status == ParkStatus.REVOKED
    assert park.revoked_on == date(2025, 3, 10)
    assert park.history.first().history_user == user


def test_an_approver_cannot_publish_a_revocation_directly(index, client):
    """Publishing a decision applies it: no path but the workflow may do that."""
    import json

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from notices.services.workflow import ensure_publication_workflow

    ensure_publication_workflow(index)
    park = make_park()
    for year in (2023, 2024):
        record_evaluation(
            park,
            year,
            "不合格",
            date(year + 1, 2, 1),
            rectification_deadline=date(year + 1, 5, 1),
        )
    page = DecisionPage(
        title="取消资格",
        slug="revoke",
        kind=DecisionKind.REVOCATION,
        doc_no="市人社发〔2025〕20号",
        decision_date=date(2025, 3, 10),
        live=False,
    )
    page.parks = [park]
    index.add_child(instance=page)
    page.save_revision()
    approver = get_user_model().objects.create_user("approver", password="pw")
    approver.groups.add(Group.objects.get(name="市局审核"))
    client.force_login(approver)
    response = client.post(
        f"/admin/api/main/pages/{page.pk}/action/publish/",
        json.dumps({}),
        content_type="application/json",
    )
    assert response.status_code in (400, 403)
    assert not DecisionPage.objects.get(pk=page.pk).live
    park.refresh_from_db()
    assert park.status != ParkStatus.REVOKED
    assert not park.revocation_decision
