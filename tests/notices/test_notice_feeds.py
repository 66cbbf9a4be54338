"""RSS, iCalendar and GET /api/notices agree, and parse with independent parsers."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from email.utils import parsedate_to_datetime

import feedparser
import pytest
import vobject
from django.utils import timezone

from notices.rules.workingdays import SHANGHAI
from tests.factories_notices import make_notice_page

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fixed_now(settings, monkeypatch):
    settings.PAGE_CACHE_SECONDS = 0
    monkeypatch.setattr(
        timezone, "now", lambda: datetime(2026, 10, 9, 12, 0, tzinfo=SHANGHAI)
    )


@pytest.fixture
def notices():
    hostile = make_notice_page(
        title="国庆公示\r\nBEGIN:VEVENT\r\nSUMMARY:伪造",
        start_date=date(2026, 9, 28),
        working_days=8,
    )
    later = make_notice_page(title="十二月公示", start_date=date(2026, 12, 14))
    for page, when in (
        (hostile, datetime(2026, 9, 27, 9)),
        (later, datetime(2026, 10, 1, 9)),
    ):
        type(page).objects.filter(pk=page.pk).update(
            first_published_at=when.replace(tzinfo=SHANGHAI)
        )
    return hostile, later


def test_api_lists_notices_with_engine_dates(client, notices):
    data = client.get("/api/notices").json()
    assert [n["state"] for n in data] == ["open", "upcoming"]
    first = data[0]
    assert first["start"] == "2026-09-28"
    assert first["end"] == "2026-10-13"
    assert first["closes_at"] == "2026-10-13T23:59:59+08:00"
    assert first["working_days"] == 8
    assert first["url"].startswith("http://")
    assert first["objection_url"] == first["url"] + "objection/"
    assert data[1]["objection_url"] is None
    assert len(first["candidates"]) == 1
    assert (
        client.get("/api/notices", {"state": "upcoming"}).json()[0]["title"]
        == "十二月公示"
    )
    bad = client.get("/api/notices", {"state": "soon"})
    assert bad.status_code == 400
    assert "error" in bad.json()


def test_feed_parses_newest_first_in_chinese(client, notices):
    response = client.get("/notices/feed/")
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    assert feed.feed.title == "晋中市市级人力资源服务产业园公示与决定"
    titles = [e.title for e in feed.entries]
    assert titles[0] == "十二月公示"
    assert len(titles) == 2
    api = {n["title"].split()[0][:4]: n for n in client.get("/api/notices").json()}
    assert (
        "公示期为2026年9月28日至2026年10月13日（8个工作日）" in feed.entries[1].summary
    )
    assert api["国庆公示"]["end"] == "2026-10-13"
    assert "发布日期：2026年10月1日" in feed.entries[0].summary


def _events(body: bytes):
    cal = vobject.readOne(body.decode("utf-8"))
    return cal, list(getattr(cal, "vevent_list", []))


def test_calendar_matches_api_and_resists_injection(client, notices):
    hostile, _ = notices
    body = client.get("/notices/calendar.ics").content
    assert body.split(b"\r\n").count(b"BEGIN:VEVENT") == 2
    cal, events = _events(body)
    assert cal.vtimezone.tzid.value == "Asia/Shanghai"
    api = client.get("/api/notices").json()
    by_url = {e.url.value: e for e in events}
    for notice in api:
        event = by_url[notice["url"]]
        assert event.dtstart.value.isoformat().startswith(notice["start"])
        assert event.dtend.value.isoformat() == notice["closes_at"]
    event = by_url[api[0]["url"]]
    assert "BEGIN:VEVENT" in event.summary.value
    assert "\n" not in event.summary.value
    # Reminder one working day before closing (10-12 is a Monday, 10-13 closes).
    trigger = event.valarm.trigger.value
    assert event.dtend.value + trigger == datetime(
        2026, 10, 12, 23, 59, 59, tzinfo=SHANGHAI
    )
    assert trigger == timedelta(days=-1)
    # The UID stays the same from one download to the next.
    again = {
        e.url.value: e.uid.value
        for e in _events(client.get("/notices/calendar.ics").content)[1]
    }
    assert again[api[0]["url"]] == event.uid.value


def test_single_notice_ics_at_its_url(client, notices):
    hostile, _ = notices
    response = client.get(hostile.url + "notice.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    _, events = _events(response.content)
    assert len(events) == 1
    assert events[0].dtstart.value == datetime(2026, 9, 28, tzinfo=SHANGHAI)
    assert client.get("/notices/nothing-here/notice.ics").status_code == 404
    assert client.get("/notice.ics").status_code == 404


def test_feed_includes_decision_pages_newest_first(client, notices):
    from parkregistry.models.pages import DecisionIndexPage, DecisionKind, DecisionPage
    from parkregistry.services.evaluations import record_evaluation
    from tests.factories_registry import add_page, home_page, make_park

    record_evaluation(make_park(name="晋中甲园"), 2025, "合格", date(2026, 2, 1))
    index = add_page(home_page(), DecisionIndexPage(title="决定公告", slug="decisions"))
    page = add_page(
        index,
        DecisionPage(
            title="2025年度考核结果通报",
            slug="results-2025",
            kind=DecisionKind.RESULTS,
            year=2025,
            doc_no="市人社发〔2026〕1号",
            decision_date=date(2026, 3, 1),
        ),
    )
    DecisionPage.objects.filter(pk=page.pk).update(
        first_published_at=datetime(2026, 10, 5, 9, tzinfo=SHANGHAI)
    )
    feed = feedparser.parse(client.get("/notices/feed/").content)
    titles = [e.title for e in feed.entries]
    # Dated by the decision (1 March), not by its publication (5 October).
    assert titles == ["十二月公示", titles[1], "2025年度考核结果通报"]
    assert titles[1].startswith("国庆公示")
    assert parsedate_to_datetime(feed.entries[2].published) == datetime(
        2026, 3, 1, tzinfo=SHANGHAI
    )
