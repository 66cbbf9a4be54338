"""The page cache for anonymous readers: what is stored, and when it goes stale."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import RequestFactory, override_settings

from demosite import pagecache
from home.models import HomePage

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
NEXT = {"moment": None}


def fake_transition(now):
    return NEXT["moment"]


cache_on = override_settings(
    PAGE_CACHE_SECONDS=300,
    PAGE_CACHE_TRANSITION_SOURCES=["tests.home.test_pagecache.fake_transition"],
)


@cache_on
def test_anonymous_reader_gets_the_stored_page_until_a_publish(client):
    first = client.get("/")
    assert first["X-Page-Cache"] == "miss"
    second = client.get("/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]

    home = HomePage.objects.get()
    home.intro = "<p>新的首页导语</p>"
    home.save_revision().publish()

    third = client.get("/")
    assert third["X-Page-Cache"] == "miss"
    assert "新的首页导语" in third.content.decode()


@cache_on
@pytest.mark.parametrize("path", ["/api/parks", "/notices/calendar.ics"])
def test_answers_kept_by_their_view_are_not_stored_again(client, path, monkeypatch):
    """Feeds and list APIs keep their body per generation in every process; a
    second copy in the page cache would only cost a shared-cache round trip."""
    from django.core.cache import cache

    keys = []
    original = cache.set

    def recording(key, *args, **kwargs):
        keys.append(key)
        return original(key, *args, **kwargs)

    monkeypatch.setattr(cache, "set", recording)
    first = client.get(path)
    again = client.get(path)
    assert first.status_code == again.status_code == 200
    assert again.content == first.content
    assert "X-Page-Cache" not in again
    assert not [k for k in keys if k.startswith("pagecache:page:")]
    assert client.get("/")["X-Page-Cache"] == "miss"  # pages are stored as before
    assert client.get("/")["X-Page-Cache"] == "hit"


@cache_on
def test_record_changes_of_watched_apps_start_a_new_generation():
    from parkregistry.models import County

    before = pagecache.generation()
    County.objects.create(name="测试县", code="test-county", sort_order=99)
    assert pagecache.generation() > before


@cache_on
def test_signed_in_users_and_the_large_text_mode_are_kept_apart(client, admin_user):
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"
    client.cookies["large_text"] = "1"
    assert client.get("/")["X-Page-Cache"] == "miss"
    client.force_login(admin_user)
    assert "X-Page-Cache" not in client.get("/")


@cache_on
@pytest.mark.parametrize(
    "path",
    [
        "/admin/login/",
        "/notices/objections/lookup/",
        "/notices/some-notice/objection/",
        "/notices/some-notice/objection/receipt/",
    ],
)
def test_forms_receipts_and_admin_are_never_cached(client, path):
    client.get(path)
    assert "X-Page-Cache" not in client.get(path)


@cache_on
def test_a_response_that_used_a_csrf_token_is_not_stored():
    request = RequestFactory().get("/")
    request.META["CSRF_COOKIE_USED"] = True

    class Response:
        status_code = 200
        streaming = False
        cookies = {}

        def get(self, name, default=""):
            return default

    assert pagecache._cacheable_response(request, Response()) is False
    del request.META["CSRF_COOKIE_USED"]
    assert pagecache._cacheable_response(request, Response()) is True


@cache_on
def test_lifetime_stops_at_the_next_window_transition_and_at_midnight():
    now = datetime(2026, 11, 28, 10, 0, tzinfo=SHANGHAI)
    NEXT["moment"] = now + timedelta(seconds=42)
    try:
        assert pagecache.seconds_to_live(now) == 42
        pagecache.invalidate()
        NEXT["moment"] = None
        assert pagecache.seconds_to_live(now) == 300
        late = datetime(2026, 11, 28, 23, 59, 0, tzinfo=SHANGHAI)
        assert pagecache.seconds_to_live(late) == 60
    finally:
        NEXT["moment"] = None


def test_cache_is_off_when_no_lifetime_is_set(client):
    client.get("/")
    response = client.get("/")
    assert response.status_code == 200
    assert "X-Page-Cache" not in response
