"""Status lookup and the abuse limits (honeypot aside: see test_objection_form)."""

import re

import pytest

from notices.models import Objection
from notices.services.objections import handle
from tests.factories_objections import (
    _private_root,  # noqa: F401
    file_one,
    make_notice,
    objection_data,
    objection_url,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_private_root")]

LOOKUP = "/notices/objections/lookup/"


def _strip_csrf(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_lookup_form_is_a_post_form(client):
    response = client.get(LOOKUP)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'method="post"' in html
    assert 'name="receipt"' in html and 'name="code"' in html
    assert "no-store" in response["Cache-Control"]


def test_lookup_round_trip(client):
    page = make_notice()
    filed = file_one(page)
    objection = filed.objection
    response = client.post(
        LOOKUP, {"receipt": objection.receipt_no, "code": filed.code}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "已受理" in html
    assert page.title in html
    assert "测试乙" not in html and "13900005678" not in html  # no personal data
    assert "尚未发布答复" in html
    handle(objection, status="checking", finding="", reply="", reason="")
    handle(
        objection,
        status="replied",
        finding="not_sustained",
        reply="经核查不属实。",
        reason="",
    )
    html = client.post(
        LOOKUP, {"receipt": objection.receipt_no.lower(), "code": filed.code}
    ).content.decode()
    assert "已答复" in html
    assert "经核查不属实。" in html
    assert "不成立" in html


def test_not_accepted_shows_the_reason(client):
    filed = file_one(make_notice())
    handle(
        filed.objection,
        status="not_accepted",
        finding="",
        reply="",
        reason="与本公示无关",
    )
    html = client.post(
        LOOKUP, {"receipt": filed.objection.receipt_no, "code": filed.code}
    ).content.decode()
    assert "不予受理" in html and "与本公示无关" in html


def test_unknown_number_and_wrong_code_get_the_same_answer(client):
    filed = file_one(make_notice())
    wrong_code = client.post(
        LOOKUP, {"receipt": filed.objection.receipt_no, "code": "x" * 24}
    )
    number = filed.objection.receipt_no
    unknown = number[:-1] + ("9" if number[-1] != "9" else "8")
    unknown_no = client.post(LOOKUP, {"receipt": unknown, "code": filed.code})
    assert wrong_code.status_code == unknown_no.status_code == 404
    a = _strip_csrf(wrong_code.content.decode()).replace(number, "N")
    b = _strip_csrf(unknown_no.content.decode()).replace(unknown, "N")
    assert a == b
    assert "回执编号或查询码不正确" in a


def test_a_lookup_is_never_answered_from_the_url(client):
    filed = file_one(make_notice())
    response = client.get(
        LOOKUP, {"receipt": filed.objection.receipt_no, "code": filed.code}
    )
    assert response.status_code == 200
    assert "lookup-result" not in response.content.decode()


def test_malformed_input_is_a_400_with_messages(client):
    response = client.post(LOOKUP, {"receipt": "<script>", "code": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert "回执编号的格式为" in html
    assert "请填写查询码" in html
    assert "<script>" not in html


def test_repeated_misses_are_rate_limited(client, settings):
    settings.OBJECTION_LOOKUP_MISS_LIMIT = (3, 60)
    filed = file_one(make_notice())
    for _ in range(3):
        assert (
            client.post(
                LOOKUP, {"receipt": filed.objection.receipt_no, "code": "bad"}
            ).status_code
            == 404
        )
    response = client.post(
        LOOKUP, {"receipt": filed.objection.receipt_no, "code": filed.code}
    )
    assert response.status_code == 429
    assert "提交过于频繁" in response.content.decode()
    assert response["Retry-After"] == "60"


def test_relaxed_limits_switch_rate_limits_off(client, settings):
    settings.OBJECTION_LOOKUP_MISS_LIMIT = (1, 60)
    settings.OBJECTION_RELAXED_LIMITS = True
    for _ in range(3):
        assert (
            client.post(LOOKUP, {"receipt": "YY2026-000001", "code": "x"}).status_code
            == 404
        )


def test_submissions_per_ip_are_limited(client, settings):
    settings.OBJECTION_RATE_LIMIT_IP = (2, 3600)
    page = make_notice()
    for i in range(2):
        response = client.post(
            objection_url(page), objection_data(phone=f"1380000000{i}")
        )
        assert response.status_code == 303
    response = client.post(objection_url(page), objection_data(phone="13800000009"))
    assert response.status_code == 429
    assert "提交过于频繁" in response.content.decode()
    assert Objection.objects.count() == 2
    # another client is not affected
    other = client.post(
        objection_url(page), objection_data(phone="13800000008"), REMOTE_ADDR="10.0.0.9"
    )
    assert other.status_code == 303


def test_submissions_per_phone_are_limited(client, settings):
    settings.OBJECTION_RATE_LIMIT_PHONE = (1, 3600)
    page = make_notice()
    assert client.post(objection_url(page), objection_data()).status_code == 303
    response = client.post(
        objection_url(page),
        objection_data(phone="138 0000 1234"),
        REMOTE_ADDR="10.0.0.7",
    )
    assert response.status_code == 429
    assert Objection.objects.count() == 1


def test_cache_keys_hold_no_phone_or_address(client, settings):
    from django.core.cache import cache

    page = make_notice()
    client.post(objection_url(page), objection_data(phone="13800004321"))
    keys = " ".join(str(k) for k in cache._cache)  # locmem internals in tests
    assert "13800004321" not in keys
    assert "127.0.0.1" not in keys


def test_min_fill_time_is_a_setting(client, settings):
    from tests.factories_objections import form_token

    settings.OBJECTION_MIN_FILL_SECONDS = 100
    page = make_notice()
    response = client.post(
        objection_url(page), objection_data(form_token=form_token(age=50))
    )
    assert response.status_code == 400
    settings.OBJECTION_MIN_FILL_SECONDS = 10
    response = client.post(
        objection_url(page), objection_data(form_token=form_token(age=50))
    )
    assert response.status_code == 303


def test_relaxed_mode_for_load_tests_accepts_posts_without_a_form_token(
    client, settings
):
    page = make_notice()
    data = objection_data()
    data["form_token"] = ""
    assert client.post(objection_url(page), data).status_code == 400
    settings.OBJECTION_RELAXED_LIMITS = True
    for i in range(3):
        data["phone"] = f"1380000100{i}"
        assert client.post(objection_url(page), data).status_code == 303
    assert Objection.objects.count() == 3
    data["form_token"] = "forged"
    assert client.post(objection_url(page), data).status_code == 400
