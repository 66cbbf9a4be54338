"""Feeds and calendars: built once per content generation, conditional GETs get 304."""

from __future__ import annotations

from datetime import date

import pytest

from notices.views import pages as page_views
from tests.factories_notices import make_notice_page

pytestmark = pytest.mark.django_db

PATHS = ["/notices/calendar.ics", "/notices/feed/"]


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0  # what is measured here is the view's own memo
    settings.ALLOWED_HOSTS = [
        *settings.ALLOWED_HOSTS,
        "example.gov.cn",
        "mirror.example.cn",
    ]


@pytest.mark.parametrize("path", PATHS)
def test_validators_and_304(client, path):
    make_notice_page(title="条件请求公示", start_date=date(2026, 11, 16))
    first = client.get(path)
    assert first.status_code == 200
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('"') and modified.endswith("GMT")
    again = client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert client.get(path, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    assert client.get(path, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_calendar_is_built_once_per_generation(client, monkeypatch):
    make_notice_page(title="第一份公示", start_date=date(2026, 11, 16))
    calls = []
    original = page_views.live_notices

    def counting(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(page_views, "live_notices", counting)
    body = client.get("/notices/calendar.ics").content
    assert client.get("/notices/calendar.ics").content == body
    assert len(calls) == 1
    # Publishing starts a new generation: the next request builds afresh.
    make_notice_page(title="第二份公示", start_date=date(2026, 11, 23))
    fresh = client.get("/notices/calendar.ics")
    assert len(calls) == 2
    assert "第二份公示" in fresh.content.decode()
    assert (
        fresh["ETag"]
        != client.get("/notices/calendar.ics", HTTP_HOST="mirror.example.cn")["ETag"]
    )


def test_each_host_gets_its_own_links(client):
    make_notice_page(title="主机公示", start_date=date(2026, 11, 16))
    here = client.get("/notices/feed/", HTTP_HOST="example.gov.cn").content.decode()
    there = client.get("/notices/feed/", HTTP_HOST="mirror.example.cn").content.decode()
    assert "example.gov.cn/" in here and "mirror.example.cn/" not in here
    assert "mirror.example.cn/" in there


def test_a_bad_path_is_not_stored(client):
    assert client.get("/notices/no-such/notice.ics").status_code == 404
    assert client.get("/notices/no-such/notice.ics").status_code == 404


def test_a_generation_memo_is_rebuilt_when_the_content_changes():
    from notices.services.built import generation_memo

    built = []

    def build():
        built.append(1)
        return len(built)

    assert generation_memo("counter", build) == 1
    assert generation_memo("counter", build) == 1  # kept
    make_notice_page(title="新一代公示", start_date=date(2026, 11, 16))
    assert generation_memo("counter", build) == 2  # a publication: built again


def test_a_park_change_shows_at_once_on_its_page(client):
    from parkregistry.models import RegistryIndexPage
    from tests.factories_registry import add_page, home_page, make_park

    add_page(home_page(), RegistryIndexPage(title="园区名录", slug="registry"))
    park = make_park(name="晋中记录园")
    url = f"/registry/park/{park.pk}/"
    assert client.get(url).status_code == 200
    park.address = "晋中市榆次区新地址9号"
    park.save()
    text = client.get(url).content.decode()
    assert "→ 晋中市榆次区新地址9号" in text  # the change log too, not a kept copy
