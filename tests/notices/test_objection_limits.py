"""Objection rate limits: a slot is taken atomically before filing, given back on failure.

The unit tests run on locmem, whose add/incr/decr are atomic within a process;
test_objection_limits_concurrent.py checks the same on Redis with PostgreSQL.
"""

import threading

import pytest
from django.core.cache import cache
from django.db import OperationalError, connection

from notices.models import Objection
from notices.services import limits
from tests.factories_objections import (
    _private_root,  # noqa: F401
    file_one,
    make_notice,
    objection_data,
    objection_url,
)

LOOKUP = "/notices/objections/lookup/"
IP = "10.1.2.3"


@pytest.fixture
def strict(settings):
    settings.OBJECTION_RELAXED_LIMITS = False
    return settings


def ip_count(ip: str = IP) -> int:
    return int(cache.get(limits._key("ip", ip)) or 0)


def phone_count(phone: str) -> int:
    return int(cache.get(limits._key("phone", phone)) or 0)


# --- the counter itself -------------------------------------------------------


def test_take_counts_up_to_the_limit_and_never_past_it(strict):
    key = "objlimit:test:k"
    assert [limits.take(key, 3, 60) for _ in range(5)] == [True] * 3 + [False] * 2
    assert cache.get(key) == 3  # refused uses gave their count back
    limits.give_back(key)
    assert limits.take(key, 3, 60) is True
    assert limits.take(key, 3, 60) is False


def test_give_back_of_an_expired_counter_is_harmless(strict):
    limits.give_back("objlimit:test:gone")
    assert cache.get("objlimit:test:gone") is None


def test_counter_expires_after_its_window(strict, clock):
    key = "objlimit:test:window"
    assert limits.take(key, 1, 60)
    assert not limits.take(key, 1, 60)
    clock.shift(61)
    assert limits.take(key, 1, 60)


def test_simultaneous_reservations_get_exactly_the_limit(strict):
    strict.OBJECTION_RATE_LIMIT_IP = (30, 3600)
    results = []
    lock = threading.Lock()
    start = threading.Barrier(45)

    def reserve(i):
        start.wait(timeout=10)
        slot = limits.reserve_submission(IP, f"1390000{i:04d}")
        with lock:
            results.append(slot.limited)

    threads = [threading.Thread(target=reserve, args=(i,)) for i in range(45)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sum(1 for r in results if r is None) == 30
    assert {r.kind for r in results if r is not None} == {"ip"}
    assert ip_count() == 30


# --- submissions ---------------------------------------------------------------


def test_reserve_takes_a_slot_and_release_gives_it_back(strict):
    strict.OBJECTION_RATE_LIMIT_IP = (2, 3600)
    first = limits.reserve_submission(IP, "13800000001")
    second = limits.reserve_submission(IP, "13800000002")
    assert first.limited is None and second.limited is None
    assert ip_count() == 2
    third = limits.reserve_submission(IP, "13800000003")
    assert third.limited == limits.Limited("ip", 3600)
    assert ip_count() == 2
    second.release()
    assert ip_count() == 1
    assert phone_count("13800000002") == 0
    second.release()  # twice is once
    assert ip_count() == 1
    assert limits.reserve_submission(IP, "13800000003").limited is None


def test_a_full_phone_gives_the_address_slot_back(strict):
    strict.OBJECTION_RATE_LIMIT_PHONE = (1, 86400)
    assert limits.reserve_submission("10.0.0.1", "13800000001").limited is None
    slot = limits.reserve_submission(IP, "13800000001")
    assert slot.limited == limits.Limited("phone", 86400)
    assert ip_count() == 0  # the address slot taken first was given back


def test_released_on_error_gives_the_slot_back_and_reraises(strict):
    slot = limits.reserve_submission(IP, "13800000001")
    assert ip_count() == 1
    with pytest.raises(OperationalError), slot.released_on_error():
        raise OperationalError("boom")
    assert ip_count() == 0
    kept = limits.reserve_submission(IP, "13800000001")
    with kept.released_on_error():
        pass
    assert ip_count() == 1


def test_a_repeated_form_token_takes_no_second_slot(strict):
    first = limits.reserve_submission(IP, "13800000001", token="nonce-a")
    repeat = limits.reserve_submission(IP, "13800000001", token="nonce-a")
    assert first.limited is None and repeat.limited is None
    assert repeat.keys == []
    assert ip_count() == 1
    repeat.release()  # a duplicate gives nothing back
    assert ip_count() == 1
    # the first request failed: its token may take a slot again
    first.release()
    again = limits.reserve_submission(IP, "13800000001", token="nonce-a")
    assert again.keys and ip_count() == 1


def test_a_repeat_that_ends_up_stored_is_counted_even_past_the_limit(strict):
    strict.OBJECTION_RATE_LIMIT_IP = (1, 3600)
    limits.reserve_submission(IP, "13800000001", token="nonce-a")
    repeat = limits.reserve_submission(IP, "13800000001", token="nonce-a")
    repeat.filed()
    assert ip_count() == 2
    repeat.filed()
    assert ip_count() == 2


def test_relaxed_limits_take_nothing(settings):
    settings.OBJECTION_RELAXED_LIMITS = True
    settings.OBJECTION_RATE_LIMIT_IP = (0, 3600)
    slot = limits.reserve_submission(IP, "13800000001", token="x")
    assert slot.limited is None
    assert limits.reserve_lookup(IP).limited is None
    assert ip_count() == 0


def test_lookup_slots(strict):
    strict.OBJECTION_LOOKUP_MISS_LIMIT = (2, 900)
    hit = limits.reserve_lookup(IP)
    hit.release()
    misses = [limits.reserve_lookup(IP) for _ in range(2)]
    assert all(m.limited is None for m in misses)
    assert limits.reserve_lookup(IP).limited == limits.Limited("lookup", 900)


# --- through the views ----------------------------------------------------------

views = pytest.mark.django_db


@views
@pytest.mark.usefixtures("_private_root")
def test_a_failed_filing_gives_its_slot_back(client, settings):
    settings.OBJECTION_RATE_LIMIT_IP = (1, 3600)
    page = make_notice()

    def fail(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("INSERT") and "notices_objection" in sql:
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(fail):
        response = client.post(objection_url(page), objection_data())
    assert response.status_code == 503
    assert ip_count("127.0.0.1") == 0
    response = client.post(objection_url(page), objection_data())
    assert response.status_code == 303
    assert ip_count("127.0.0.1") == 1
    response = client.post(objection_url(page), objection_data(phone="13800009999"))
    assert response.status_code == 429
    assert "提交过于频繁" in response.content.decode()
    assert "未保存" in response.content.decode()  # says clearly nothing was kept
    assert response["Retry-After"] == "3600"
    assert Objection.objects.count() == 1


@views
@pytest.mark.usefixtures("_private_root")
def test_a_filing_refused_because_the_window_closed_gives_its_slot_back(
    client, monkeypatch
):
    from notices.models.windows import objection_window
    from notices.services import objections as services

    page = make_notice()
    _, window = objection_window(page)

    def closes_meanwhile(*args, **kwargs):
        # the window closed between the view's check and the service's own
        raise services.ObjectionWindowClosed("closed", window)

    monkeypatch.setattr(services, "file_objection", closes_meanwhile)
    response = client.post(objection_url(page), objection_data())
    assert response.status_code == 403
    assert ip_count("127.0.0.1") == 0
    assert phone_count("13800001234") == 0


@views
@pytest.mark.usefixtures("_private_root")
def test_the_same_form_sent_twice_at_the_limit_gets_its_receipt_not_a_429(
    client, settings
):
    settings.OBJECTION_RATE_LIMIT_IP = (1, 3600)
    page = make_notice()
    data = objection_data()
    first = client.post(objection_url(page), data)
    assert first.status_code == 303
    # a double click: the browser shows the second answer, which must lead to
    # the receipt of the stored objection rather than "nothing was stored"
    second = client.post(objection_url(page), data)
    assert second.status_code == 303
    assert second["Location"] == first["Location"]
    assert Objection.objects.count() == 1
    assert ip_count("127.0.0.1") == 1
    # a different form from the same address is refused, and says so
    third = client.post(objection_url(page), objection_data(phone="13800009999"))
    assert third.status_code == 429


@views
@pytest.mark.usefixtures("_private_root")
def test_a_duplicate_takes_no_slot(client, settings):
    page = make_notice()
    data = objection_data()
    client.post(objection_url(page), data)
    other = client.__class__()
    response = other.post(objection_url(page), data)  # same token, other session
    assert response.status_code == 200
    assert Objection.objects.get().receipt_no in response.content.decode()
    assert ip_count("127.0.0.1") == 1
    assert Objection.objects.count() == 1


@views
@pytest.mark.usefixtures("_private_root")
def test_successful_lookups_take_no_miss_slot(client, settings):
    settings.OBJECTION_LOOKUP_MISS_LIMIT = (1, 900)
    filed = file_one(make_notice())
    for _ in range(3):
        response = client.post(
            LOOKUP, {"receipt": filed.objection.receipt_no, "code": filed.code}
        )
        assert response.status_code == 200
    response = client.post(LOOKUP, {"receipt": filed.objection.receipt_no, "code": "x"})
    assert response.status_code == 404
    response = client.post(
        LOOKUP, {"receipt": filed.objection.receipt_no, "code": filed.code}
    )
    assert response.status_code == 429
