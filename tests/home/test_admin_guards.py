"""The site's admin guards: pages a user has no permission on and that are not
public show nowhere in the admin (choosers, bulk actions, workflow views, moves),
and every admin URL goes through the guard."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from wagtail.models import Page, PageViewRestriction

from home.admin_guards import visible_pages
from notices.models import NoticePage
from notices.services.workflow import ensure_publication_workflow
from tests.factories_applications import make_city_editor, make_county_editor
from tests.factories_notices import notice_index

pytestmark = pytest.mark.django_db

SECRET = "未发布公示机密标题"
DRAFT = "已发布公示的草稿机密标题"


def _notice(index, title, slug, publish):
    page = NoticePage(
        title=title,
        slug=slug,
        start_date=date(2026, 12, 1),
        working_days=5,
        contact_unit="晋中市人社局",
        live=publish,
    )
    index.add_child(instance=page)
    if publish:
        page.save_revision().publish()
    else:
        page.save_revision()
    return Page.objects.get(pk=page.pk)


@pytest.fixture
def tree():
    index = notice_index()
    ensure_publication_workflow(index)  # gives the city's groups their page permissions
    unpublished = _notice(index, SECRET, "secret", publish=False)
    drafted = _notice(index, "已发布公示", "public", publish=True)
    drafted = drafted.specific
    drafted.title = DRAFT
    drafted.save_revision()
    clean = _notice(index, "公开公示", "clean", publish=True)
    return index, unpublished, drafted, clean


@pytest.fixture
def county_client(client):
    client.force_login(make_county_editor("yuci_editor", "yuci"))
    return client


def _body(response) -> str:
    """The body with JSON's \\u escapes undone (choosers answer in JSON)."""
    text = response.content.decode()
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)


def test_visible_pages_are_the_pages_worked_on_and_the_public_ones(tree):
    index, unpublished, drafted, clean = tree
    county = make_county_editor("yuci_editor", "yuci")
    seen = set(visible_pages(county).values_list("pk", flat=True))
    assert index.pk in seen and clean.pk in seen
    assert unpublished.pk not in seen and drafted.pk not in seen
    PageViewRestriction.objects.create(
        page=clean, restriction_type=PageViewRestriction.LOGIN
    )
    assert not visible_pages(county).filter(pk=clean.pk).exists()
    city = make_city_editor()
    assert {unpublished.pk, drafted.pk, clean.pk} <= set(
        visible_pages(city).values_list("pk", flat=True)
    )


def test_page_chooser_lists_only_visible_pages(county_client, tree):
    index, unpublished, drafted, clean = tree
    body = _body(
        county_client.get(reverse("wagtailadmin_choose_page_child", args=[index.pk]))
    )
    assert "公开公示" in body
    assert SECRET not in body and DRAFT not in body
    search = county_client.get(reverse("wagtailadmin_choose_page_search") + "?q=未发布")
    assert SECRET not in _body(search)
    child = reverse("wagtailadmin_choose_page_child", args=[unpublished.pk])
    assert county_client.get(child).status_code == 404
    chosen = reverse("wagtailadmin_choose_page_chosen_multiple")
    assert county_client.get(f"{chosen}?id={unpublished.pk}").status_code == 404
    assert county_client.get(f"{chosen}?id={clean.pk}").status_code == 200

    county_client.force_login(make_city_editor())
    body = _body(
        county_client.get(reverse("wagtailadmin_choose_page_child", args=[index.pk]))
    )
    assert SECRET in body and DRAFT in body


@pytest.mark.parametrize("action", ["publish", "unpublish", "delete", "move"])
def test_page_bulk_actions_never_name_hidden_pages(county_client, tree, action):
    _index, unpublished, drafted, clean = tree
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", action))
    for page in (unpublished, drafted):
        response = county_client.get(f"{url}?id={page.pk}")
        assert response.status_code == 404
        assert SECRET not in _body(response) and DRAFT not in _body(response)
    both = county_client.get(f"{url}?id={unpublished.pk}&id={clean.pk}")
    assert both.status_code == 200
    assert SECRET not in _body(both) and "公开公示" in _body(both)
    assert NoticePage.objects.filter(pk=unpublished.pk, live=False).exists()

    city = make_city_editor()
    city.groups.add(Group.objects.get(name="市局审核"))
    county_client.force_login(city)
    assert county_client.get(f"{url}?id={unpublished.pk}").status_code == 200


def test_workflow_views_do_not_name_hidden_pages(county_client, tree):
    _index, unpublished, _drafted, clean = tree
    urls = [
        reverse("wagtailadmin_pages:workflow_preview", args=[unpublished.pk, 1]),
        reverse(
            "wagtailadmin_pages:workflow_action", args=[unpublished.pk, "approve", 1]
        ),
        reverse(
            "wagtailadmin_pages:collect_workflow_action_data",
            args=[unpublished.pk, "approve", 1],
        ),
        reverse(
            "wagtailadmin_pages:confirm_workflow_cancellation", args=[unpublished.pk]
        ),
    ]
    for url in urls:
        response = county_client.get(url, follow=True)
        assert response.redirect_chain == [] and response.status_code == 404, url
        assert SECRET not in _body(response)
    after = county_client.get(reverse("wagtailadmin_home"))
    assert SECRET not in _body(after)


def test_move_confirmation_needs_the_move_permission(county_client, tree):
    index, unpublished, _drafted, clean = tree
    hidden = reverse("wagtailadmin_pages:move_confirm", args=[unpublished.pk, index.pk])
    assert county_client.get(hidden).status_code == 404
    public = reverse("wagtailadmin_pages:move_confirm", args=[clean.pk, index.pk])
    refused = county_client.get(public)
    assert refused.status_code == 302 and refused["Location"] == reverse(
        "wagtailadmin_home"
    )
    assert county_client.post(public).status_code == 302
    assert Page.objects.get(pk=clean.pk).get_parent().pk == index.pk


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def test_every_admin_view_is_guarded(settings):
    """The guard is a middleware: every admin URL passes it, new ones included."""
    middleware = settings.MIDDLEWARE
    assert "home.admin_guards.AdminGuardMiddleware" in middleware
    assert middleware.index("home.admin_guards.AdminGuardMiddleware") > (
        middleware.index("django.contrib.auth.middleware.AuthenticationMiddleware")
    )
    routes = [r for r, _cb in _walk(get_resolver().url_patterns)]
    assert all(r.startswith("admin/") for r in routes if "wagtailadmin" in r)
    assert len([r for r in routes if r.startswith("admin/")]) > 300
