"""The per-request memo: once per request, never shared between requests or threads."""

from __future__ import annotations

import threading

import pytest
from django.core.cache import cache

from notices import request_memo
from notices.models.calendars import VERSION_KEY, forget_cached_years, load_calendar


def counting_build():
    calls = []

    def build():
        calls.append(1)
        return len(calls)

    return calls, build


def test_a_value_is_built_once_per_request_and_afresh_for_the_next():
    calls, build = counting_build()
    with request_memo.request_scope():
        assert request_memo.memoize("k", build) == 1
        assert request_memo.memoize("k", build) == 1
    with request_memo.request_scope():
        assert request_memo.memoize("k", build) == 2
    assert len(calls) == 2


def test_outside_a_request_nothing_is_kept():
    calls, build = counting_build()
    request_memo.memoize("k", build)
    request_memo.memoize("k", build)
    assert len(calls) == 2


def test_each_thread_has_its_own_memo():
    seen = {}
    barrier = threading.Barrier(2)

    def request(name: str) -> None:
        with request_memo.request_scope():
            request_memo.memoize("who", lambda: name)
            barrier.wait()
            seen[name] = request_memo.memoize("who", lambda: "other")

    threads = [threading.Thread(target=request, args=(n,)) for n in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen == {"a": "a", "b": "b"}


@pytest.mark.django_db
def test_a_change_during_the_request_is_read_afresh():
    with request_memo.request_scope():
        before = request_memo.version(VERSION_KEY)
        assert 2026 in load_calendar([2026]).years
        forget_cached_years()
        assert request_memo.version(VERSION_KEY) == before + 1
        assert cache.get(VERSION_KEY) == before + 1


@pytest.mark.django_db
def test_the_middleware_gives_each_request_a_memo(client):
    assert client.get("/api/workdays/window?start=2026-09-30&days=5").status_code == 200
    # The request's memo is gone afterwards: nothing leaks into this thread.
    calls, build = counting_build()
    request_memo.memoize("k", build)
    request_memo.memoize("k", build)
    assert len(calls) == 2
