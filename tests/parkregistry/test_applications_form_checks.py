"""The application form checks what the appendix form and Art. 9(2) require:
the declared number of institutions is the roster's, and one core site at most."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from parkregistry.models.applications import core_sites_problem, roster_count_problem
from tests.factories_applications import make_application, make_county_editor
from tests.parkregistry.test_applications_admin import _form_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def _roster(n: int):
    return [(f"机构{i}", f"证{i:03d}", Decimal("3500000")) for i in range(n)]


@pytest.mark.parametrize(
    ("declared", "on_roster", "ok"),
    [
        (10, 10, True),
        (None, 10, True),  # not declared yet
        (10, 0, True),  # roster not entered yet (a draft being filled in)
        (11, 10, False),
        (9, 10, False),
        (0, 1, False),
    ],
)
def test_roster_count_rule(declared, on_roster, ok):
    problem = roster_count_problem(declared, on_roster)
    assert (problem is None) is ok
    if not ok:
        assert str(declared) in problem and str(on_roster) in problem


def test_core_sites_rule():
    assert core_sites_problem([]) is None
    assert core_sites_problem(["核心园区"]) is None
    problem = core_sites_problem(["甲园区", "乙园区"])
    assert "甲园区" in problem and "乙园区" in problem


def _edit(client, application):
    client.force_login(make_county_editor("yuci_ed", "yuci"))
    url = reverse("applications:edit", args=[application.pk])
    return url, _form_data(client.get(url))


def test_a_declared_count_other_than_the_roster_is_a_form_error(client):
    application = make_application(institution_count=10, institutions=_roster(10))
    url, data = _edit(client, application)
    data["institution_count"] = "12"
    data["contact_person"] = "新联系人"
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "入驻机构数量填写为12家" in html and "名册列有10家" in html
    application.refresh_from_db()
    assert application.institution_count == 10
    assert application.contact_person != "新联系人"


def test_deleting_a_roster_row_without_correcting_the_count_is_refused(client):
    application = make_application(institution_count=10, institutions=_roster(10))
    url, data = _edit(client, application)
    data["institutions-9-DELETE"] = "1"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "名册列有9家" in response.content.decode()
    assert application.institutions.count() == 10
    data["institution_count"] = "9"
    assert client.post(url, data).status_code == 302
    application.refresh_from_db()
    assert application.institution_count == 9
    assert application.institutions.count() == 9


def test_a_count_matching_the_roster_saves(client):
    application = make_application(institution_count=10, institutions=_roster(10))
    url, data = _edit(client, application)
    data["contact_person"] = "新联系人"
    assert client.post(url, data).status_code == 302
    application.refresh_from_db()
    assert application.contact_person == "新联系人"


def _add_site(data: dict, name: str, area: str, core: bool) -> None:
    n = int(data["sites-TOTAL_FORMS"])
    data.update(
        {
            f"sites-{n}-id": "",
            f"sites-{n}-name": name,
            f"sites-{n}-address": "",
            f"sites-{n}-area_m2": area,
            f"sites-{n}-DELETE": "",
        }
    )
    if core:
        data[f"sites-{n}-is_core"] = "on"
    data["sites-TOTAL_FORMS"] = str(n + 1)


def test_two_core_sites_are_a_form_error(client):
    application = make_application()  # one core site, 核心园区
    url, data = _edit(client, application)
    _add_site(data, "第二核心园区", "2500", core=True)
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "只能有一个核心园区" in html and "第二核心园区" in html
    assert application.sites.count() == 1


def test_a_core_site_and_a_sub_park_save(client):
    application = make_application()
    url, data = _edit(client, application)
    _add_site(data, "分园区", "1500", core=False)
    assert client.post(url, data).status_code == 302
    assert application.sites.filter(is_core=True).count() == 1
    assert application.sites.count() == 2


def test_moving_the_core_mark_to_another_site_saves(client):
    application = make_application()
    url, data = _edit(client, application)
    data.pop("sites-0-is_core", None)
    _add_site(data, "新核心园区", "2500", core=True)
    assert client.post(url, data).status_code == 302
    assert list(
        application.sites.filter(is_core=True).values_list("name", flat=True)
    ) == ["新核心园区"]
