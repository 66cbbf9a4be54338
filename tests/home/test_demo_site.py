"""The demo site: served at make run's address, ASCII URLs, pages dated by their text."""

from __future__ import annotations

from datetime import date
from email.utils import parsedate_to_datetime
from io import StringIO

import feedparser
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from wagtail.models import Page, Site

from home.demo import configure_site, parse_address
from notices.models import NoticePage
from parkregistry.models import DecisionPage

pytestmark = pytest.mark.django_db


def _site() -> Site:
    return Site.objects.get(is_default_site=True)


def test_the_placeholder_site_gets_the_demo_address():
    assert (_site().hostname, _site().port) == ("localhost", 80)
    configure_site(None, lambda *args: None)
    assert (_site().hostname, _site().port) == ("127.0.0.1", 8000)


def test_a_site_someone_set_up_is_kept_unless_an_address_is_given():
    Site.objects.filter(is_default_site=True).update(hostname="hr.example", port=443)
    configure_site(None, lambda *args: None)
    assert (_site().hostname, _site().port) == ("hr.example", 443)
    configure_site("demo.local:9000", lambda *args: None)
    assert (_site().hostname, _site().port) == ("demo.local", 9000)


@pytest.mark.parametrize(
    ("address", "expected"),
    [("127.0.0.1:8000", ("127.0.0.1", 8000)), ("demo.local", ("demo.local", 80))],
)
def test_parse_address(address, expected):
    assert parse_address(address) == expected


@pytest.mark.parametrize("address", ["127.0.0.1:", ":8000", "host:port", "h:70000"])
def test_a_bad_address_is_refused(address):
    with pytest.raises(CommandError):
        parse_address(address)


def test_demo_urls_are_ascii_and_pages_dated_by_their_text(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    call_command(
        "load_demo_data",
        "--skip-holidays",
        "--site-address",
        "127.0.0.1:8000",
        stdout=StringIO(),
    )
    assert (_site().hostname, _site().port) == ("127.0.0.1", 8000)
    assert all(page.url_path.isascii() for page in Page.objects.all())

    for decision in DecisionPage.objects.live():  # one draft awaits review
        published = timezone.localtime(decision.first_published_at).date()
        assert published == decision.decision_date, decision.title
        assert decision.last_published_at == decision.first_published_at
        assert decision.latest_revision_created_at == decision.first_published_at
    closed = NoticePage.objects.get(slug="closed-notice")
    assert timezone.localtime(closed.first_published_at).date() < date(2026, 11, 10)
    assert closed.get_latest_revision().created_at == closed.first_published_at

    feed = feedparser.parse(
        client.get("/notices/feed/", HTTP_HOST="127.0.0.1:8000").content
    )
    decisions = {d.title: d.decision_date for d in DecisionPage.objects.all()}
    for entry in feed.entries:
        assert entry.link.startswith("http://127.0.0.1:8000/")
        if entry.title in decisions:
            day = parsedate_to_datetime(entry.published).date()
            assert day == decisions[entry.title], entry.title


def test_the_demo_leaves_an_approval_for_the_approver_and_sends_no_mail(mailoutbox):
    call_command("load_demo_data", stdout=StringIO())
    waiting = [
        page
        for page in DecisionPage.objects.filter(live=False)
        if page.workflow_in_progress
    ]
    assert len(waiting) == 1
    assert waiting[0].doc_no.endswith("（演示）")
    assert waiting[0].current_workflow_state.requested_by.username == "city_editor"
    assert mailoutbox == []
    call_command("load_demo_data", stdout=StringIO())  # again: nothing doubled
    assert (
        sum(p.workflow_in_progress for p in DecisionPage.objects.filter(live=False))
        == 1
    )
