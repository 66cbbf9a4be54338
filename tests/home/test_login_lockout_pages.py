"""The 429 pages of the admin sign-in and the throttled password reset.

The site mounts home.security's views over Wagtail's at /admin/login/ and
/admin/password_reset/; this module's urlconf does the same in front of the
site's own, so the tests hold whether or not the site's urls.py already does.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import path

from demosite import urls as site_urls
from home import security

urlpatterns = [
    path(
        "admin/login/",
        security.LockoutLoginView.as_view(),
        name="wagtailadmin_login",
    ),
    path(
        "admin/password_reset/",
        security.ThrottledPasswordResetView.as_view(),
        name="wagtailadmin_password_reset",
    ),
    *site_urls.urlpatterns,
]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

A = "10.0.0.1"
B = "10.0.0.2"
RESET = "/admin/password_reset/"
THROTTLED = "密码重置请求过于频繁"


@pytest.fixture
def admin_account():
    return get_user_model().objects.create_user(
        "admin", email="admin@example.com", password="right-password", is_superuser=True
    )


def login(client, password, address=A, username="admin"):
    return client.post(
        "/admin/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def reset(client, email, address=A):
    return client.post(RESET, {"email": email}, REMOTE_ADDR=address)


def test_a_locked_sign_in_is_a_429_in_chinese(client, admin_account):
    for _ in range(5):
        response = login(client, "wrong")
        assert response.status_code == 200  # a wrong password is no 429
    response = login(client, "right-password")
    assert response.status_code == 429
    assert 900 - 5 <= int(response["Retry-After"]) <= 900
    html = response.content.decode()
    assert "登录失败次数过多，请15分钟后再试。" in html
    assert 'name="username"' in html  # the form is still there
    assert "_auth_user_id" not in client.session
    assert login(client.__class__(), "right-password", address=B).status_code == 302


def test_password_reset_is_throttled_per_address(client, admin_account, settings):
    assert settings.PASSWORD_RESET_LIMIT_ADDRESS == (5, 3600)
    for n in range(5):
        response = reset(client, f"user{n}@example.com")
        assert response.status_code == 302
    response = reset(client, "admin@example.com")
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    html = response.content.decode()
    assert THROTTLED in html and "本次未发送邮件" in html
    assert mail.outbox == []  # the refused request sent nothing
    # another address may still ask
    assert reset(client, "admin@example.com", address=B).status_code == 302
    assert len(mail.outbox) == 1


def test_password_reset_is_throttled_per_target(client, admin_account):
    for n in range(3):
        response = reset(client, "admin@example.com", address=f"10.3.0.{n + 1}")
        assert response.status_code == 302
    assert len(mail.outbox) == 3
    response = reset(client, "ADMIN@example.com ", address="10.3.0.9")
    assert response.status_code == 429
    assert THROTTLED in response.content.decode()
    assert len(mail.outbox) == 3
    # other addresses asked from the same client are not held up
    assert reset(client, "other@example.com", address="10.3.0.9").status_code == 302


def test_the_reset_throttle_does_not_tell_whether_an_account_exists(
    client, admin_account
):
    answers = {}
    for email in ("admin@example.com", "nobody@example.com"):
        for n in range(3):
            assert reset(client, email, address=f"10.4.{n}.1").status_code == 302
        response = reset(client, email, address="10.4.9.1")
        answers[email] = (
            response.status_code,
            response.content.decode().replace(email, "EMAIL"),
        )
    known, unknown = answers["admin@example.com"], answers["nobody@example.com"]
    assert known[0] == unknown[0] == 429
    # the same page but for the CSRF tokens
    strip = re.compile(r"\b[A-Za-z0-9]{64}\b")
    assert strip.sub("", known[1]) == strip.sub("", unknown[1])


def test_the_reset_throttle_expires(client, admin_account, clock):
    for n in range(3):
        reset(client, "admin@example.com", address=f"10.5.0.{n + 1}")
    assert reset(client, "admin@example.com", address="10.5.0.9").status_code == 429
    clock.shift(3600 + 1)
    assert reset(client, "admin@example.com", address="10.5.0.9").status_code == 302


def test_an_invalid_reset_form_is_not_counted(client):
    for _ in range(10):
        assert reset(client, "not-an-address").status_code == 200
    assert reset(client, "admin@example.com").status_code == 302


def test_reset_cache_keys_hold_no_address(client):
    from django.core.cache import cache

    reset(client, "secret@example.com", address="10.77.66.55")
    keys = " ".join(str(k) for k in cache._cache)
    assert "reset:" in keys
    assert "secret" not in keys and "10.77.66.55" not in keys
