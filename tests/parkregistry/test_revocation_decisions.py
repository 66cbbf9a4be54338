"""A 取消资格 decision states the facts and the basis, and is published with the
notice of remedies (行政复议 within sixty days, 行政诉讼 within six months)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from notices.services.workflow import ensure_publication_workflow
from parkregistry.models import (
    DecisionIndexPage,
    DecisionKind,
    DecisionPage,
    ParkStatus,
)
from parkregistry.rules.decisions import (
    MIN_REVOCATION_TEXT,
    revocation_text_error,
    text_length,
)
from parkregistry.services.evaluations import record_evaluation
from tests.factories_registry import add_page, home_page, make_park

REMEDIES = (
    "如不服本决定，可自收到本决定之日起六十日内依法申请行政复议，"
    "或者在六个月内依法向人民法院提起行政诉讼。"
)
TEXT = (
    "<p>该园区2023年度、2024年度考核评估结果均为不合格等次，连续两次考核评估不合格。"
    "依据《市级人力资源服务产业园管理办法（试行）》第二十五条第（三）项，"
    "决定取消其市级人力资源服务产业园资格。</p>"
)


# --- the pure rule -------------------------------------------------------------


@pytest.mark.parametrize("body", [None, "", "<p></p>", "<p> &nbsp; </p>\n"])
def test_an_empty_text_is_refused(body):
    message = revocation_text_error(body)
    assert message is not None and "正文为空" in message


def test_a_short_text_is_refused_and_says_how_long_it_must_be():
    message = revocation_text_error("<p>决定</p>")
    assert message is not None
    assert "事实和依据" in message and str(MIN_REVOCATION_TEXT) in message


def test_the_length_counts_what_a_reader_sees():
    assert text_length("<p>取消 &amp; 资格</p>") == 5
    exact = "<p>" + "字" * MIN_REVOCATION_TEXT + "</p>"
    short = "<p>" + "字" * (MIN_REVOCATION_TEXT - 1) + "</p>"
    assert revocation_text_error(exact) is None
    assert revocation_text_error(short) is not None
    assert revocation_text_error(TEXT) is None


# --- pages -----------------------------------------------------------------------


@pytest.fixture
def index():
    return add_page(home_page(), DecisionIndexPage(title="决定公告", slug="decisions"))


@pytest.fixture
def failing_park():
    park = make_park()
    for year in (2023, 2024):
        record_evaluation(
            park,
            year,
            "不合格",
            date(year + 1, 2, 1),
            rectification_deadline=date(year + 1, 5, 1),
        )
    return park


def revocation(park, **kwargs) -> DecisionPage:
    kwargs.setdefault("title", "关于取消资格的决定")
    kwargs.setdefault("slug", "revoke")
    page = DecisionPage(
        kind=DecisionKind.REVOCATION,
        doc_no="市人社发〔2025〕20号",
        decision_date=date(2025, 3, 10),
        **kwargs,
    )
    page.parks = [park]
    return page


@pytest.mark.django_db
@pytest.mark.parametrize("body", ["", "<p>决定</p>"])
def test_publishing_without_facts_and_basis_is_refused(index, failing_park, body):
    with pytest.raises(ValidationError) as exc:
        add_page(index, revocation(failing_park, body=body))
    assert "body" in exc.value.message_dict
    assert "事实和依据" in exc.value.message_dict["body"][0]
    failing_park.refresh_from_db()
    assert failing_park.status != ParkStatus.REVOKED


@pytest.mark.django_db
def test_a_draft_may_wait_for_its_text_but_is_not_published_without_it(
    index, failing_park
):
    page = revocation(failing_park, body="", live=False)
    index.add_child(instance=page)  # a draft: no text yet
    with pytest.raises(ValidationError):
        page.save_revision().publish()  # the system's own publication
    page.refresh_from_db()
    assert not page.live
    failing_park.refresh_from_db()
    assert failing_park.status != ParkStatus.REVOKED


@pytest.mark.django_db
def test_the_public_page_of_a_revocation_carries_the_remedies(
    index, failing_park, client
):
    page = add_page(index, revocation(failing_park, body=TEXT))
    failing_park.refresh_from_db()
    assert failing_park.status == ParkStatus.REVOKED
    text = client.get(page.url).content.decode()
    assert REMEDIES in text
    assert "连续两次考核评估不合格" in text
    # Other decisions carry no notice of remedies.
    park = make_park(name="晋中另一园")
    record_evaluation(park, 2023, "合格", date(2024, 2, 1))
    results = add_page(
        index,
        DecisionPage(
            title="2023年度考核结果通报",
            slug="results",
            kind=DecisionKind.RESULTS,
            doc_no="市人社函〔2024〕1号",
            decision_date=date(2024, 3, 1),
            year=2023,
        ),
    )
    assert "行政复议" not in client.get(results.url).content.decode()


# --- the editor's form -----------------------------------------------------------


def form_data(park, body: str, **actions) -> dict:
    data = nested_form_data(
        {
            "title": "取消资格决定",
            "slug": "revoke",
            "kind": "revocation",
            "doc_no": "市人社发〔2025〕20号",
            "decision_date": "2025-03-10",
            "body": rich_text(body),
            "comments": inline_formset([]),
            **actions,
        }
    )
    data["parks"] = [str(park.pk)]
    return data


@pytest.fixture
def admin(client, django_user_model):
    user = django_user_model.objects.create_superuser("root", "r@example.com", "pw")
    client.force_login(user)
    return client


def add_url(index) -> str:
    return reverse(
        "wagtailadmin_pages:add", args=("parkregistry", "decisionpage", index.pk)
    )


@pytest.mark.django_db
def test_the_editor_is_told_in_chinese_before_publishing(index, failing_park, admin):
    response = admin.post(
        add_url(index),
        form_data(failing_park, "<p>决定</p>", **{"action-publish": "1"}),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "body" in errors and "事实和依据" in str(errors["body"])
    assert not DecisionPage.objects.exists()
    failing_park.refresh_from_db()
    assert failing_park.status != ParkStatus.REVOKED


@pytest.mark.django_db
def test_the_editor_may_save_a_draft_then_must_write_the_text_to_submit(
    index, failing_park, admin
):
    ensure_publication_workflow(index)
    draft = admin.post(add_url(index), form_data(failing_park, ""))
    assert draft.status_code == 302
    page = DecisionPage.objects.get()
    assert not page.live
    edit = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    submit = admin.post(edit, form_data(failing_park, "", **{"action-submit": "1"}))
    assert submit.status_code == 200
    assert "body" in submit.context["form"].errors
    submitted = admin.post(
        edit, form_data(failing_park, TEXT, **{"action-submit": "1"})
    )
    assert submitted.status_code == 302
    page.refresh_from_db()
    assert page.workflow_in_progress
