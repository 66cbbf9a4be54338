"""The notice pages, feed, calendar and API need the same number of queries for
few or many notices (no query per notice)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories_notices import make_notice_page, notice_index

pytestmark = pytest.mark.django_db

URLS = ["/notices/", "/api/notices", "/notices/feed/", "/notices/calendar.ics", "/"]


def counts(client) -> dict[str, int]:
    result = {}
    for url in URLS:
        client.get(url)  # warm the holiday cache
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        result[url] = len(ctx.captured_queries)
    return result


def test_query_count_does_not_grow_with_notices(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    notice_index()
    for _ in range(2):
        make_notice_page(start_date=date(2026, 11, 2))
    few = counts(client)
    for _ in range(8):
        make_notice_page(start_date=date(2026, 11, 2))
    many = counts(client)
    assert few == many
    assert max(many.values()) <= 16
