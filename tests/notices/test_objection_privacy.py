"""Objectors' personal data never reaches public pages, feeds, the API or caches."""

import pytest

from tests.factories_objections import (
    _private_root,  # noqa: F401
    make_notice,
    objection_data,
    objection_url,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_private_root")]

SECRET_NAME = "隐私测试人"
SECRET_PHONE = "13812349876"
SECRET_CONTENT = "隐私测试内容独特字符串"


def test_public_surfaces_hold_no_personal_data(client):
    page = make_notice()
    response = client.post(
        objection_url(page),
        objection_data(
            name=SECRET_NAME,
            phone=SECRET_PHONE,
            content=SECRET_CONTENT,
            email="privacy@example.com",
        ),
    )
    assert response.status_code == 303
    for url in (
        page.url,
        "/",
        "/notices/",
        "/notices/feed/",
        "/notices/calendar.ics",
        page.url + "notice.ics",
        "/api/notices",
    ):
        body = client.get(url).content.decode(errors="ignore")
        for secret in (
            SECRET_NAME,
            SECRET_PHONE,
            SECRET_CONTENT,
            "privacy@example.com",
        ):
            assert secret not in body, (url, secret)


def test_objection_pages_are_never_served_from_the_page_cache(client, settings):
    settings.PAGE_CACHE_SECONDS = 300
    page = make_notice()
    for url in (objection_url(page), "/notices/objections/lookup/"):
        first = client.get(url)
        second = client.get(url)
        assert first.status_code == second.status_code == 200
        assert second.get("X-Page-Cache") != "hit"
        assert "no-store" in second["Cache-Control"]
