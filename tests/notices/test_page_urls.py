"""Short ASCII page URLs: notices are /notices/<year>-<n>/; old addresses redirect."""

from __future__ import annotations

import importlib
from datetime import date
from urllib.parse import quote

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from django.utils.translation import gettext
from wagtail.contrib.redirects.models import Redirect
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from notices.models import NoticePage
from notices.rules.slugs import (
    is_ascii_slug,
    is_title_residue,
    next_sequential_slug,
    sequence_of,
)
from tests.factories_notices import make_application, make_notice_page, notice_index

MIGRATION = importlib.import_module("notices.migrations.0006_ascii_slugs")


# --- the pure rule ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "taken", "expected"),
    [
        (2026, [], "2026-1"),
        (2026, ["2026-1", "2026-3", "2025-7", "open-notice"], "2026-4"),
        (2027, ["2026-1", "2026-2"], "2027-1"),
        # A deleted page never frees its number: the highest counts, not the gaps.
        (2026, ["2026-5"], "2026-6"),
    ],
)
def test_next_sequential_slug(year, taken, expected):
    assert next_sequential_slug(year, taken) == expected


@pytest.mark.parametrize(
    ("slug", "ascii"),
    [
        ("2026-3", True),
        ("my_notice-2", True),
        ("", False),
        (None, False),
        ("第二批公示", False),
        ("2026-第二批", False),
        ("a b", False),
    ],
)
def test_is_ascii_slug(slug, ascii):
    assert is_ascii_slug(slug) is ascii


def test_sequence_of():
    assert sequence_of("2026-12") == (2026, 12)
    assert sequence_of("notice-12") is None
    assert sequence_of("2026-12-extra") is None


def test_title_residue_is_what_the_sync_makes_of_a_chinese_title():
    title = "2026年第二批拟认定市级人力资源服务产业园公示"
    assert is_title_residue("2026", title)
    assert is_title_residue("2026年第二批拟认定市级人力资源服务产业园公示", title)
    assert not is_title_residue("second-batch", title)
    # An ASCII title's slug is the editor's own choice.
    assert not is_title_residue("test", "Test")


# --- pages saved in code ---------------------------------------------------------------


@pytest.mark.django_db
def test_new_notices_are_numbered_per_year_under_the_index():
    first = make_notice_page(slug="", start_date=date(2026, 9, 28))
    second = make_notice_page(slug="", start_date=date(2026, 10, 12))
    next_year = make_notice_page(slug="", start_date=date(2027, 1, 11), publish=False)
    assert (first.slug, second.slug, next_year.slug) == ("2026-1", "2026-2", "2027-1")
    assert first.url == "/notices/2026-1/"
    assert first.url.isascii()


@pytest.mark.django_db
def test_a_non_ascii_slug_given_in_code_is_replaced():
    page = make_notice_page(slug="第二批公示", start_date=date(2026, 9, 28))
    assert page.slug == "2026-1"
    assert page.url_path.endswith("/notices/2026-1/")


@pytest.mark.django_db
def test_an_ascii_slug_is_kept_and_numbers_skip_past_it():
    make_notice_page(slug="2026-4", start_date=date(2026, 9, 28))
    kept = make_notice_page(slug="special-notice", start_date=date(2026, 9, 28))
    after = make_notice_page(slug="", start_date=date(2026, 9, 28))
    assert kept.slug == "special-notice"
    assert after.slug == "2026-5"


@pytest.mark.django_db
def test_the_number_is_unique_among_siblings_only(client):
    from parkregistry.models import DecisionIndexPage, DecisionKind, DecisionPage
    from tests.factories_registry import add_page, home_page

    notice = make_notice_page(slug="", start_date=date(2026, 9, 28))
    index = add_page(home_page(), DecisionIndexPage(title="决定公告", slug="decisions"))
    decision = DecisionPage(
        title="2025年度考核结果通报",
        kind=DecisionKind.RESULTS,
        year=2025,
        doc_no="市人社函〔2026〕1号",
        decision_date=date(2026, 3, 13),
        live=False,
    )
    index.add_child(instance=decision)
    assert notice.slug == decision.slug == "2026-1"
    assert client.get("/notices/2026-1/").status_code == 200


# --- the page editor --------------------------------------------------------------------


@pytest.fixture
def editor_client(client, django_user_model):
    admin = django_user_model.objects.create_superuser("boss", "b@example.com", "pw")
    client.force_login(admin)
    return client


def _create(client, **fields):
    index = notice_index()
    url = reverse("wagtailadmin_pages:add", args=("notices", "noticepage", index.pk))
    data = {
        "title": "2026年第二批拟认定市级人力资源服务产业园公示",
        "slug": "",
        "intro": rich_text(""),
        "doc_no": "",
        "start_date": "2026-11-16",
        "working_days": "5",
        "closing_time": "",
        "contact_unit": "",
        "contact_address": "",
        "contact_phone": "",
        "contact_email": "",
        "candidates": inline_formset([{"subject": make_application().pk}]),
        "comments": inline_formset([]),
    }
    data.update(fields)
    return url, client.post(url, nested_form_data(data))


@pytest.mark.django_db
def test_the_editor_prefills_the_next_number(editor_client):
    make_notice_page(slug="", start_date=date(2026, 9, 28))
    index = notice_index()
    url = reverse("wagtailadmin_pages:add", args=("notices", "noticepage", index.pk))
    form = editor_client.get(url).context["form"]
    assert form["slug"].value() == "2026-2"
    assert form.fields["slug"].required is False


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "start", "expected"),
    [
        ("", "2026-11-16", "2026-1"),  # cleared: numbered
        ("2026-1", "2027-01-11", "2027-1"),  # left as prefilled: the notice's year
        ("2026", "2026-11-16", "2026-1"),  # what the title sync left of the title
        ("second-batch", "2026-11-16", "second-batch"),  # the editor's own
    ],
)
def test_the_editor_numbers_a_slug_left_to_it(editor_client, typed, start, expected):
    _, response = _create(editor_client, slug=typed, start_date=start)
    assert response.status_code == 302, response.context["form"].errors
    page = NoticePage.objects.get()
    assert page.slug == expected
    assert page.get_latest_revision().content["slug"] == expected


@pytest.mark.django_db
def test_the_editor_refuses_a_non_ascii_slug_typed_by_hand(editor_client):
    _, response = _create(editor_client, slug="第二批")
    assert response.status_code == 200
    errors = response.context["form"].errors["slug"]
    message = gettext(
        "The web address may contain only Latin letters, digits, hyphens and "
        "underscores, such as %(example)s. Clear the field to get the automatic "
        "address."
    ) % {"example": "2026-1"}
    assert errors == [message]
    assert not NoticePage.objects.exists()


@pytest.mark.django_db
def test_editing_keeps_the_address(editor_client):
    from tests.factories_notices import notice_form_data

    page = make_notice_page(slug="", start_date=date(2026, 11, 16), publish=False)
    url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    response = editor_client.post(url, notice_form_data(page, slug=""))
    assert response.status_code == 302, response.context["form"].errors
    page.refresh_from_db()
    assert page.slug == "2026-1"
    assert page.get_latest_revision().content["slug"] == "2026-1"


# --- existing pages: the data migration and redirects --------------------------------


def _give_old_slug(page, slug: str) -> str:
    """Store ``slug`` as a page saved before this change would have it (the model
    no longer lets it through), revisions included; returns the old URL."""
    parent_path = page.url_path[: -len(page.slug) - 1]
    NoticePage.objects.filter(pk=page.pk).update(
        slug=slug, url_path=f"{parent_path}{slug}/"
    )
    for revision in page.revisions.all():
        revision.content = {**revision.content, "slug": slug}
        revision.save(update_fields=["content"])
    return "/notices/" + quote(slug) + "/"


@pytest.mark.django_db
def test_migration_renames_and_redirects_old_links(client):
    page = make_notice_page(slug="", start_date=date(2026, 11, 9), working_days=10)
    other = make_notice_page(slug="", start_date=date(2026, 9, 28))
    assert (page.slug, other.slug) == ("2026-1", "2026-2")
    old_url = _give_old_slug(page, "2026年第二批拟认定市级人力资源服务产业园公示")
    assert client.get(old_url).status_code == 200

    MIGRATION.rename_slugs(django_apps, None)

    page.refresh_from_db()
    assert page.slug == "2026-3"
    assert page.get_latest_revision().content["slug"] == "2026-3"
    assert client.get("/notices/2026-3/").status_code == 200
    old = client.get(old_url)
    assert old.status_code == 301
    assert old["Location"] == "/notices/2026-3/"
    # The objection form (open notice) and the notice's calendar follow.
    objection = client.get(old_url + "objection/")
    assert objection.status_code == 301
    assert objection["Location"] == "/notices/2026-3/objection/"
    ics = client.get(old_url + "notice.ics")
    assert ics.status_code == 301
    assert ics["Location"] == "/notices/2026-3/notice.ics"
    assert client.get(ics["Location"]).status_code == 200

    # Running it again changes nothing.
    MIGRATION.rename_slugs(django_apps, None)
    page.refresh_from_db()
    assert page.slug == "2026-3"
    assert Redirect.objects.filter(redirect_page=page).count() == 2


@pytest.mark.django_db
def test_migration_can_be_undone():
    page = make_notice_page(slug="", start_date=date(2026, 9, 28))
    _give_old_slug(page, "国庆公示")
    MIGRATION.rename_slugs(django_apps, None)
    assert Redirect.objects.count() == 3

    MIGRATION.restore_slugs(django_apps, None)

    page.refresh_from_db()
    assert page.slug == "国庆公示"
    assert page.url_path.endswith("/notices/国庆公示/")
    assert page.get_latest_revision().content["slug"] == "国庆公示"
    assert not Redirect.objects.exists()


@pytest.mark.django_db
def test_publishing_the_revision_after_the_migration_keeps_the_new_slug():
    page = make_notice_page(slug="", start_date=date(2026, 9, 28))
    _give_old_slug(page, "国庆公示")
    MIGRATION.rename_slugs(django_apps, None)
    page = NoticePage.objects.get(pk=page.pk)
    page.get_latest_revision().publish()
    page.refresh_from_db()
    assert page.slug == "2026-1"


@pytest.mark.django_db
def test_a_later_slug_change_redirects_too(client, django_capture_on_commit_callbacks):
    page = make_notice_page(slug="", start_date=date(2026, 9, 28))
    with django_capture_on_commit_callbacks(execute=True):
        page.slug = "national-day"
        page.save_revision().publish()
    assert client.get("/notices/national-day/").status_code == 200
    old = client.get("/notices/2026-1/")
    assert old.status_code == 301
    assert old["Location"] == "/notices/national-day/"
