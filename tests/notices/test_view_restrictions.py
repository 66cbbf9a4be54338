"""Cached view-restriction check: public pages skip the queries, restricted ones don't."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from home.models import HomePage
from notices.models import CalculatorPage

pytestmark = pytest.mark.django_db


def _calculator():
    home = HomePage.objects.get(depth=2)
    page = CalculatorPage(title="公示期计算器", slug="calc")
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_public_page_has_no_restrictions(client):
    page = _calculator()
    assert list(page.get_view_restrictions()) == []
    assert client.get(page.url).status_code == 200


def test_a_new_restriction_applies_at_once(client):
    page = _calculator()
    assert client.get(page.url).status_code == 200  # caches "nothing restricted"
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.create(name="内部"))
    assert list(page.get_view_restrictions()) == [restriction]
    response = client.get(page.url)
    assert response.status_code == 302  # sent to log in
    restriction.delete()
    assert client.get(page.url).status_code == 200


def test_restriction_on_an_ancestor_applies_to_children(client):
    page = _calculator()
    client.get(page.url)
    home = HomePage.objects.get(depth=2)
    PageViewRestriction.objects.create(
        page=home, restriction_type=PageViewRestriction.LOGIN
    )
    assert client.get(page.url).status_code == 302
