"""Values kept for the content generation: in the shared cache and in the process.

A hit costs no round trip; a new generation, a lost counter or the budget drops
what a process keeps, and nothing of an earlier content is ever served.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache

from notices import request_memo
from notices.services import built
from notices.services.built import _LocalMemo, generation_memo, stored_body
from tests.bench.counting_cache import COUNTING_CACHE, CountingLocMemCache

pytestmark = pytest.mark.django_db


def counting_build(value="v"):
    calls = []

    def build():
        calls.append(1)
        return f"{value}{len(calls)}"

    return calls, build


def test_a_kept_value_is_read_from_the_process_without_a_round_trip(settings):
    settings.CACHES = COUNTING_CACHE
    calls, build = counting_build()
    assert generation_memo("kept", build) == "v1"
    CountingLocMemCache.reset()
    with request_memo.request_scope():
        assert generation_memo("kept", build) == "v1"
    # One read of the version counters, none for the value itself.
    assert CountingLocMemCache.total() == 1
    assert len(calls) == 1


def test_another_process_reads_it_from_the_shared_cache():
    calls, build = counting_build()
    assert generation_memo("shared", build) == "v1"
    built.forget_local()  # as a second server process would start
    assert generation_memo("shared", build) == "v1"
    assert len(calls) == 1


def test_none_is_kept_too():
    calls = []

    def build():
        calls.append(1)

    assert generation_memo("nothing", build) is None
    assert generation_memo("nothing", build) is None
    assert len(calls) == 1


def test_a_new_generation_drops_what_the_process_kept():
    from demosite import pagecache

    calls, build = counting_build()
    assert generation_memo("gen", build) == "v1"
    pagecache.invalidate()
    assert generation_memo("gen", build) == "v2"
    assert built._local.generation == built.current_generation()
    assert len(built._local.entries) == 1


def test_a_lost_counter_never_comes_back_with_an_earlier_value():
    """A flushed or restarted Redis: the generation starts afresh at a random
    value, so the process's copy of the old content is not served."""
    calls, build = counting_build()
    assert generation_memo("flushed", build) == "v1"
    before = built.current_generation()
    cache.clear()
    assert built.current_generation() != before
    assert generation_memo("flushed", build) == "v2"


def test_a_counter_starts_at_a_random_value(monkeypatch):
    key = request_memo.register_version("tests:random-start")
    starts = set()
    for _ in range(5):
        cache.delete(key)
        starts.add(request_memo.version(key))
    assert len(starts) == 5
    fixed = request_memo.register_version("tests:fixed-start", initial=7)
    assert request_memo.version(fixed) == 7
    request_memo.bump(fixed)
    assert request_memo.version(fixed) == 8


def test_the_byte_budget_drops_the_least_recently_used():
    memo = _LocalMemo(budget=100)
    memo.put("g", "a", "A", 40)
    memo.put("g", "b", "B", 40)
    assert memo.get("g", "a") == "A"  # a is now the most recently used
    memo.put("g", "c", "C", 40)
    assert memo.get("g", "b") is None
    assert memo.get("g", "a") == "A" and memo.get("g", "c") == "C"
    assert memo.size == 80
    memo.put("g", "huge", "H", 101)  # larger than the budget: never kept
    assert memo.get("g", "huge") is None
    memo.put("h", "d", "D", 10)  # another generation: the rest is dropped
    assert memo.get("h", "a") is None and memo.size == 10


def test_a_stored_body_is_kept_per_request_path(rf):
    calls = []

    def build():
        calls.append(1)
        return {"body": b"x" * 10, "headers": {}}

    first = stored_body(rf.get("/a"), build)
    assert stored_body(rf.get("/a"), build) is first
    assert first["etag"].startswith('"')
    stored_body(rf.get("/b"), build)
    assert len(calls) == 2


def test_a_bump_in_a_transaction_moves_again_once_at_the_commit(
    django_capture_on_commit_callbacks,
):
    """A request that read the old rows between the bump and the commit kept
    them under the new value: the commit moves the counter once more."""
    from django.db import transaction

    key = request_memo.register_version("tests:commit")
    start = request_memo.version(key)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            request_memo.bump(key)
            request_memo.bump(key)
            assert request_memo.version(key) == start + 2
    assert len(callbacks) == 1  # once per transaction
    assert request_memo.version(key) == start + 3


def test_a_bulk_window_change_is_a_new_generation(client, settings):
    """Feeds and calendars are kept per generation: a queryset update of a
    window input saves no record, and still they are built afresh."""
    from datetime import date

    from notices.models import NoticePage
    from tests.factories_notices import make_notice_page

    settings.PAGE_CACHE_SECONDS = 0
    page = make_notice_page(title="批量改期公示", start_date=date(2026, 11, 16))
    before = client.get("/notices/calendar.ics").content.decode()
    assert "DTSTART;TZID=Asia/Shanghai:20261116T000000" in before
    NoticePage.objects.filter(pk=page.pk).update(start_date=date(2026, 11, 23))
    after = client.get("/notices/calendar.ics").content.decode()
    assert "DTSTART;TZID=Asia/Shanghai:20261123T000000" in after


def test_a_value_of_an_earlier_generation_is_not_served_nor_drops_the_rest():
    memo = _LocalMemo(budget=100)
    memo.put("new", "k-new", "N", 10)
    assert memo.get("old", "k-old") is None  # a request still on the old one
    assert memo.get("new", "k-new") == "N"  # nothing dropped for it


def test_a_kept_value_expires_with_the_shared_copy(monkeypatch):
    memo = _LocalMemo(budget=100)
    memo.put("g", "k", "V", 10)
    later = built.time.monotonic() + built.BUILT_SECONDS + 1
    monkeypatch.setattr(built.time, "monotonic", lambda: later)
    assert memo.get("g", "k") is None
    assert memo.size == 0


def test_the_number_of_kept_values_is_bounded():
    memo = _LocalMemo(budget=10_000, entries=3)
    for n in range(5):
        memo.put("g", f"k{n}", n, 1)
    assert list(memo.entries) == ["k2", "k3", "k4"]
