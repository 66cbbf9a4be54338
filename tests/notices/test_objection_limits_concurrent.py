"""Objection limits under concurrency: PostgreSQL and a shared Redis cache.

Many clients at once from one address (or with one phone number): exactly the
limit get through and are stored; every other one gets the 429 page that says
nothing was stored. The test itself runs in the usual test transaction; the
notice is committed from a thread of its own (its own connection), so that
every client thread sees it, and removed the same way afterwards, as in
test_objection_zero_loss.py.
"""

from __future__ import annotations

import threading
import uuid

import pytest
import redis
from django.db import connection
from django.test import Client

from notices.models import Objection
from notices.services import limits
from tests.factories_objections import make_notice, objection_data, objection_url
from tests.notices.test_objection_zero_loss import _cleanup

REDIS_URL = "redis://127.0.0.1:6379/13"  # a database no other part uses
LOOKUP = "/notices/objections/lookup/"

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrency is checked on PostgreSQL",
    ),
]


def _redis_reachable() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture
def shared_cache(settings):
    """The default cache is Redis, under a prefix of this test's own."""
    if not _redis_reachable():
        pytest.skip("Redis is not reachable at 127.0.0.1:6379")
    prefix = f"limits-test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    from django.core.cache import cache

    yield cache
    server = redis.Redis.from_url(REDIS_URL)
    for key in server.scan_iter(match=f"{prefix}:*"):  # every version's keys
        server.delete(key)


def _in_thread(fn):
    """Run ``fn`` on a connection of its own (committed at once); its result."""
    out: dict = {}

    def run() -> None:
        try:
            out["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test's thread
            out["error"] = exc
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=120)
    if "error" in out:
        raise out["error"]
    return out["value"]


@pytest.fixture
def open_notice(settings, tmp_path, shared_cache):
    """A committed open notice; everything created is removed afterwards."""
    settings.OBJECTION_RELAXED_LIMITS = False
    settings.OBJECTION_ATTACHMENT_ROOT = tmp_path / "objections"

    def create():
        from home.demo_bench import DEMO_RENEWAL
        from notices.models import NoticeIndexPage
        from parkregistry.models import County, PolicyVersion

        existed = (
            County.objects.filter(name="榆次区").exists(),
            NoticeIndexPage.objects.exists(),
            PolicyVersion.objects.filter(
                effective_from=DEMO_RENEWAL["effective_from"]
            ).exists(),
        )
        return make_notice(), existed

    page, (county_existed, index_existed, policy_existed) = _in_thread(create)
    try:
        yield page
    finally:
        _in_thread(
            lambda: _cleanup(page, county_existed, index_existed, policy_existed)
        )


def _stored(page) -> int:
    return _in_thread(lambda: Objection.objects.filter(notice=page).count())


def _at_once(n: int, send) -> list:
    """Run ``send(i)`` in n threads released together; their results."""
    results: list = []
    lock = threading.Lock()
    start = threading.Barrier(n)

    def run(i: int) -> None:
        try:
            start.wait(timeout=30)
            result = send(i)
            with lock:
                results.append(result)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=180)
    assert len(results) == n
    return results


def test_45_simultaneous_submissions_from_one_address_let_exactly_30_through(
    open_notice, settings, shared_cache
):
    settings.OBJECTION_RATE_LIMIT_IP = (30, 3600)
    url = objection_url(open_notice)

    def send(i: int):
        response = Client().post(
            url, objection_data(phone=f"1390000{i:04d}"), REMOTE_ADDR="10.9.8.7"
        )
        return response.status_code, response.content.decode(), response

    results = _at_once(45, send)
    statuses = sorted(status for status, _, _ in results)
    assert statuses == [303] * 30 + [429] * 15
    for status, html, response in results:
        if status == 429:
            assert "提交过于频繁" in html
            assert "本次填写的内容未保存" in html
            assert response["Retry-After"] == "3600"
    assert _stored(open_notice) == 30
    assert shared_cache.get(limits._key("ip", "10.9.8.7")) == 30


def test_simultaneous_submissions_with_one_phone_let_the_phone_limit_through(
    open_notice, settings, shared_cache
):
    settings.OBJECTION_RATE_LIMIT_PHONE = (10, 86400)
    url = objection_url(open_notice)

    def send(i: int):
        response = Client().post(
            url, objection_data(phone="13900001111"), REMOTE_ADDR=f"10.7.0.{i + 1}"
        )
        return response.status_code

    statuses = sorted(_at_once(16, send))
    assert statuses == [303] * 10 + [429] * 6
    assert _stored(open_notice) == 10
    # the address slots taken by the refused ones were given back
    total = sum(
        int(shared_cache.get(limits._key("ip", f"10.7.0.{i + 1}")) or 0)
        for i in range(16)
    )
    assert total == 10


def test_simultaneous_failed_lookups_stop_at_the_miss_limit(settings, shared_cache):
    settings.OBJECTION_RELAXED_LIMITS = False
    settings.OBJECTION_LOOKUP_MISS_LIMIT = (10, 900)

    def send(i: int):
        response = Client().post(
            LOOKUP,
            {"receipt": f"YY2026-{900000 + i}", "code": "x" * 24},
            REMOTE_ADDR="10.6.5.4",
        )
        return response.status_code

    statuses = sorted(_at_once(25, send))
    assert statuses == [404] * 10 + [429] * 15
