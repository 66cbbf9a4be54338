"""Absolute URLs of the feed, the calendars and the JSON API name the host that
serves the request, whatever the Wagtail Site record says; feed items carry the
page's own date."""

from __future__ import annotations

from datetime import date, datetime
from email.utils import format_datetime, parsedate_to_datetime

import feedparser
import pytest
import vobject
from wagtail.models import Site

from notices.models import NoticePage
from notices.rules.workingdays import SHANGHAI
from notices.services.notices import absolute_url
from tests.factories_notices import make_notice_page

pytestmark = pytest.mark.django_db

HOST = "example.gov.cn"


@pytest.fixture(autouse=True)
def _hosts(settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, HOST, "127.0.0.1"]
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def pages():
    """An open notice, a decision, and a park in the registry."""
    from parkregistry.models import (
        DecisionIndexPage,
        DecisionKind,
        DecisionPage,
        RegistryIndexPage,
    )
    from parkregistry.services.evaluations import record_evaluation
    from tests.factories_registry import add_page, home_page, make_park

    # The record names another host, as the demo site's once did.
    assert Site.objects.get(is_default_site=True).hostname == "localhost"
    park = make_park(name="晋中榆次人力资源服务产业园")
    record_evaluation(park, 2025, "合格", date(2026, 2, 1))
    notice = make_notice_page(slug="", start_date=date(2026, 11, 9), working_days=10)
    NoticePage.objects.filter(pk=notice.pk).update(
        first_published_at=datetime(2026, 11, 6, 9, 30, tzinfo=SHANGHAI)
    )
    index = add_page(home_page(), DecisionIndexPage(title="决定公告", slug="decisions"))
    decision = add_page(
        index,
        DecisionPage(
            title="2025年度市级人力资源服务产业园考核评估结果通报",
            kind=DecisionKind.RESULTS,
            year=2025,
            doc_no="市人社函〔2026〕16号",
            decision_date=date(2026, 3, 13),
        ),
    )
    add_page(home_page(), RegistryIndexPage(title="园区名录", slug="registry"))
    return NoticePage.objects.get(pk=notice.pk), decision, park


def test_the_helper_uses_the_request_host(rf, pages):
    notice, decision, _ = pages
    request = rf.get("/", HTTP_HOST=HOST)
    assert absolute_url(request, notice) == f"http://{HOST}/notices/2026-1/"
    assert absolute_url(request, decision) == f"http://{HOST}/decisions/2026-1/"
    secure = rf.get("/", HTTP_HOST="127.0.0.1:8000", secure=True)
    assert absolute_url(secure, notice) == "https://127.0.0.1:8000/notices/2026-1/"


def test_rss_links_name_the_served_host(client, pages):
    feed = feedparser.parse(client.get("/notices/feed/", HTTP_HOST=HOST).content)
    assert not feed.bozo
    assert feed.feed.link == f"http://{HOST}/notices/"
    links = [entry.link for entry in feed.entries]
    assert links == [
        f"http://{HOST}/notices/2026-1/",
        f"http://{HOST}/decisions/2026-1/",
    ]
    assert all(entry.id == entry.link for entry in feed.entries)


def test_calendars_name_the_served_host(client, pages):
    for path in ("/notices/calendar.ics", "/notices/2026-1/notice.ics"):
        response = client.get(path, HTTP_HOST=HOST)
        assert response.status_code == 200, path
        calendar = vobject.readOne(response.content.decode())
        urls = [event.url.value for event in calendar.vevent_list]
        assert urls == [f"http://{HOST}/notices/2026-1/"], path
        assert all(
            f"http://{HOST}/notices/2026-1/" in event.description.value
            for event in calendar.vevent_list
        )


def test_api_urls_name_the_served_host(client, pages):
    notices = client.get("/api/notices", HTTP_HOST=HOST).json()
    assert [n["url"] for n in notices] == [f"http://{HOST}/notices/2026-1/"]
    assert notices[0]["objection_url"] == f"http://{HOST}/notices/2026-1/objection/"

    _, _, park = pages
    parks = client.get("/api/parks", HTTP_HOST=HOST).json()["parks"]
    assert [p["url"] for p in parks] == [f"http://{HOST}/registry/park/{park.pk}/"]
    assert client.get(f"/registry/park/{park.pk}/", HTTP_HOST=HOST).status_code == 200


def test_each_host_gets_its_own_links(client, pages):
    """One server answering under two names (and the page cache keyed by host)."""
    first = client.get("/api/notices", HTTP_HOST=HOST).json()[0]["url"]
    second = client.get("/api/notices", HTTP_HOST="127.0.0.1:8000").json()[0]["url"]
    assert first == f"http://{HOST}/notices/2026-1/"
    assert second == "http://127.0.0.1:8000/notices/2026-1/"


def test_parks_have_no_url_without_a_registry_page(client):
    from tests.factories_registry import make_park

    make_park()
    parks = client.get("/api/parks", HTTP_HOST=HOST).json()["parks"]
    assert [p["url"] for p in parks] == [None]


# --- RSS dates ----------------------------------------------------------------------


def _pubdates(client) -> dict[str, datetime]:
    feed = feedparser.parse(client.get("/notices/feed/", HTTP_HOST=HOST).content)
    return {
        entry.link: parsedate_to_datetime(entry.published) for entry in feed.entries
    }


def test_rss_dates_are_the_pages_own_dates(client, pages):
    notice, decision, _ = pages
    decision.refresh_from_db()
    # Both went live just now (the test clock); the feed dates them by their text.
    assert decision.first_published_at.date() == date(2026, 11, 10)
    dates = _pubdates(client)
    assert dates[f"http://{HOST}/notices/2026-1/"] == datetime(
        2026, 11, 6, 9, 30, tzinfo=SHANGHAI
    )
    assert dates[f"http://{HOST}/decisions/2026-1/"] == datetime(
        2026, 3, 13, tzinfo=SHANGHAI
    )
    raw = client.get("/notices/feed/", HTTP_HOST=HOST).content.decode()
    assert (
        f"<pubDate>{format_datetime(datetime(2026, 3, 13, tzinfo=SHANGHAI))}</pubDate>"
        in raw
    )


def test_rss_items_are_ordered_by_their_own_dates(client, pages):
    from parkregistry.models import DecisionIndexPage, DecisionKind, DecisionPage
    from tests.factories_registry import add_page

    later = add_page(
        DecisionIndexPage.objects.get(),
        DecisionPage(
            title="2026年度通报（测试）",
            kind=DecisionKind.RESULTS,
            year=2025,
            doc_no="市人社函〔2026〕30号",
            decision_date=date(2026, 11, 9),
        ),
    )
    assert later.slug == "2026-2"
    links = list(_pubdates(client))
    assert links == [
        f"http://{HOST}/decisions/2026-2/",
        f"http://{HOST}/notices/2026-1/",
        f"http://{HOST}/decisions/2026-1/",
    ]


def test_an_unpublished_notice_is_dated_by_its_start():
    page = make_notice_page(slug="", start_date=date(2026, 12, 14), publish=False)
    assert page.first_published_at is None
    assert page.feed_date() == date(2026, 12, 14)
