"""Shared-cache round trips per public page stay few and do not grow with the data.

With Redis each cache call is a round trip. The holiday calendar, the policy terms
and the frame values are read at most once per request (``notices.request_memo``),
so every page the benchmark drives (and the notices API) makes the same number of
cache calls with 10 parks and 3 notices as with 1,000 parks and notices over many
years, and at most 10. The page cache is off (as in the query budget test), so
these are the calls of a page being built.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from io import StringIO
from itertools import count

import pytest
from django.core.management import call_command
from django.test import override_settings

from home.management.commands.generate_bench_data import Command
from notices.models import NoticePage
from notices.rules.workingdays import SHANGHAI
from tests.bench.counting_cache import COUNTING_CACHE, CountingLocMemCache
from tests.factories_notices import make_notice_page

pytestmark = pytest.mark.django_db

MAX_CACHE_CALLS = 10

_fresh = count()


def cache_calls(client, path: str) -> int:
    """Cache calls of one request, after a first one warmed the shared cache.

    Feeds and calendars are kept whole per content generation; a query string of
    its own makes the measured request build its body all the same.
    """
    client.get(path)
    if path.endswith((".ics", "/feed/")):
        path = f"{path}?build={next(_fresh)}"
    CountingLocMemCache.reset()
    response = client.get(path)
    assert response.status_code == 200, path
    return CountingLocMemCache.total()


@pytest.fixture
def counting_cache():
    with override_settings(CACHES=COUNTING_CACHE, PAGE_CACHE_SECONDS=0):
        from django.core.cache import cache

        cache.clear()
        yield
        cache.clear()


@pytest.fixture
def targets(settings, counting_cache):
    settings.BENCH_MODE = True
    out = StringIO()
    call_command(
        "generate_bench_data",
        "--parks=10",
        "--years=2",
        "--notices=3",
        "--candidates=2",
        "--objections=10",
        "--json",
        stdout=out,
    )
    paths = json.loads(out.getvalue())["get"]
    paths["api notices"] = "/api/notices"
    paths["notice feed"] = "/notices/feed/"
    return paths


def more_notices(n: int) -> None:
    """``n`` closed notices spread over the years 2023-2026."""
    first = date(2023, 1, 9)
    for i in range(n):
        start = first + timedelta(days=71 * i)
        page = make_notice_page(start_date=start, title=f"缓存测试公示{i}")
        NoticePage.objects.filter(pk=page.pk).update(
            first_published_at=datetime.combine(
                start - timedelta(days=1), datetime.min.time(), tzinfo=SHANGHAI
            )
        )


def test_cache_calls_are_few_and_constant_from_10_to_1000_parks(client, targets):
    small = {name: cache_calls(client, path) for name, path in targets.items()}
    Command().make_parks(990, 2, first=10)
    more_notices(20)
    large = {name: cache_calls(client, path) for name, path in targets.items()}
    assert large == small
    over = {name: n for name, n in large.items() if n > MAX_CACHE_CALLS}
    assert not over, f"more than {MAX_CACHE_CALLS} cache calls: {over}"


def test_the_counting_cache_counts_round_trips(counting_cache):
    from django.core.cache import cache

    CountingLocMemCache.reset()
    cache.set("a", 1)
    cache.get_many(["a", "b", "c"])
    cache.get_or_set("d", 2)
    assert CountingLocMemCache.by_method() == {
        "set": 1,
        "get_many": 1,
        "get": 2,
        "add": 1,
    }
