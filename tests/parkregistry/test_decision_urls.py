"""Decisions are /decisions/<year of the decision>-<n>/; old addresses redirect."""

from __future__ import annotations

import importlib
from datetime import date
from urllib.parse import quote

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from wagtail.contrib.redirects.models import Redirect

from parkregistry.models import DecisionIndexPage, DecisionKind, DecisionPage
from parkregistry.services.approvals import draft_approval_decision
from parkregistry.services.evaluations import record_evaluation
from tests.factories_applications import make_city_editor
from tests.factories_registry import add_page, home_page, make_park
from tests.parkregistry.test_approval_decisions import DOC_NO, closed_candidate

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("parkregistry.migrations.0003_ascii_slugs")


@pytest.fixture
def index():
    return add_page(home_page(), DecisionIndexPage(title="决定公告", slug="decisions"))


def results(index, day: date, **kwargs) -> DecisionPage:
    kwargs.setdefault("title", f"{day.year - 1}年度考核评估结果通报")
    page = DecisionPage(
        kind=DecisionKind.RESULTS,
        year=2025,
        doc_no="市人社函〔2026〕16号",
        decision_date=day,
        **kwargs,
    )
    return add_page(index, page)


@pytest.fixture(autouse=True)
def _graded_year():
    record_evaluation(make_park(), 2025, "合格", date(2026, 2, 1))


def test_decisions_are_numbered_by_the_year_of_the_decision(index, client):
    first = results(index, date(2026, 3, 13))
    second = results(index, date(2026, 11, 9))
    assert (first.slug, second.slug) == ("2026-1", "2026-2")
    assert client.get("/decisions/2026-2/").status_code == 200


def test_the_approval_helper_drafts_a_numbered_decision(index, today):
    page = draft_approval_decision(
        closed_candidate(),
        official_name="晋中灵石人力资源服务产业园",
        doc_no=DOC_NO,
        decision_date=today,
        user=make_city_editor(),
    )
    assert page.slug == f"{today.year}-1"
    assert page.get_latest_revision().content["slug"] == page.slug


def test_the_decision_editor_prefills_the_number(index, client, django_user_model):
    results(index, date(2026, 3, 13))
    admin = django_user_model.objects.create_superuser("boss", "b@example.com", "pw")
    client.force_login(admin)
    url = reverse(
        "wagtailadmin_pages:add", args=("parkregistry", "decisionpage", index.pk)
    )
    form = client.get(url).context["form"]
    assert form["slug"].value() == "2026-2"


def test_migration_renames_old_decisions_and_redirects(index, client):
    page = results(index, date(2025, 3, 14), title="2024年度考核评估结果通报")
    old_slug = "2024年度考核评估结果通报"
    DecisionPage.objects.filter(pk=page.pk).update(
        slug=old_slug, url_path=f"{index.url_path}{old_slug}/"
    )
    old_url = f"/decisions/{quote(old_slug)}/"
    assert client.get(old_url).status_code == 200

    MIGRATION.rename_slugs(django_apps, None)

    page.refresh_from_db()
    assert page.slug == "2025-1"
    assert client.get("/decisions/2025-1/").status_code == 200
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == "/decisions/2025-1/"
    assert Redirect.objects.filter(redirect_page=page).count() == 1

    MIGRATION.restore_slugs(django_apps, None)
    page.refresh_from_db()
    assert page.slug == old_slug
    assert not Redirect.objects.exists()
