"""Admin sign-in lockout: per account and address, per address, per account.

Through the site's own /admin/login/, and the backend's counting directly.
"""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from home import security

pytestmark = pytest.mark.django_db

A = "10.0.0.1"
B = "10.0.0.2"
LOCKED = "登录失败次数过多"


@pytest.fixture
def admin_account():
    return get_user_model().objects.create_user(
        "admin", email="admin@example.com", password="right-password", is_superuser=True
    )


def login(client, username, password, address):
    return client.post(
        "/admin/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def fail(client, times, username="admin", address=A):
    for _ in range(times):
        response = login(client, username, "wrong", address)
        assert not signed_in(client)
    return response


def test_five_failures_lock_the_account_for_that_address_only(client, admin_account):
    fail(client, 5)
    response = login(client, "admin", "right-password", A)
    assert not signed_in(client)
    assert LOCKED in response.content.decode()
    assert "15分钟" in response.content.decode()
    # the real admin, elsewhere, is not locked out
    other = client.__class__()
    response = login(other, "admin", "right-password", B)
    assert response.status_code == 302
    assert signed_in(other)


def test_the_fifth_failure_still_says_wrong_password_and_the_sixth_says_locked(
    client, admin_account
):
    response = fail(client, 5)
    assert LOCKED not in response.content.decode()
    response = login(client, "admin", "wrong", A)
    assert LOCKED in response.content.decode()


def test_other_accounts_from_the_locked_address_still_sign_in(client, admin_account):
    get_user_model().objects.create_user("editor", password="editor-password")
    fail(client, 5)
    response = login(client, "editor", "editor-password", A)
    assert response.status_code == 302


def test_one_address_is_locked_after_its_allowance_over_many_names(
    client, admin_account, settings
):
    assert settings.LOGIN_MAX_FAILURES_PER_ADDRESS == 20
    for n in range(20):
        fail(client, 1, username=f"guess{n}")
    response = login(client, "admin", "right-password", A)
    assert not signed_in(client)
    assert LOCKED in response.content.decode()
    assert login(client.__class__(), "admin", "right-password", B).status_code == 302


def test_the_address_allowance_is_larger_than_the_account_one(client, admin_account):
    for n in range(4):
        fail(client, 4, username=f"guess{n}")  # 16 failures, no name locked
    assert login(client, "admin", "right-password", A).status_code == 302


def test_locks_expire(client, admin_account, clock):
    fail(client, 5)
    assert LOCKED in login(client, "admin", "right-password", A).content.decode()
    clock.shift(14 * 60)
    assert LOCKED in login(client, "admin", "right-password", A).content.decode()
    clock.shift(60 + 1)
    response = login(client, "admin", "right-password", A)
    assert response.status_code == 302


def test_attempts_while_locked_count_nowhere_and_do_not_extend_the_lock(
    client, admin_account, clock
):
    get_user_model().objects.create_user("editor", password="editor-password")
    fail(client, 5)
    for _ in range(30):  # refused by the lock: no password is tested
        login(client, "admin", "wrong", A)
    # the address is not locked by them
    assert login(client, "editor", "editor-password", A).status_code == 302
    client.logout()
    clock.shift(15 * 60 + 1)
    assert login(client, "admin", "right-password", A).status_code == 302


def test_guessing_spread_over_many_addresses_locks_the_account_everywhere(
    client, admin_account, settings
):
    settings.LOGIN_MAX_FAILURES_PER_ACCOUNT = 12
    fail(client, 5, address="10.1.0.1")
    fail(client, 5, address="10.1.0.2")
    assert login(client, "admin", "right-password", B).status_code == 302
    client.logout()
    fail(client, 2, address="10.1.0.3")  # the signed-in one cleared the count
    fail(client, 5, address="10.1.0.4")
    fail(client, 5, address="10.1.0.5")
    response = login(client, "admin", "right-password", B)
    assert LOCKED in response.content.decode()
    assert not signed_in(client)


def test_the_account_wide_lock_can_be_switched_off(client, admin_account, settings):
    settings.LOGIN_MAX_FAILURES_PER_ACCOUNT = None
    for n in range(21):  # 105 failures: past the default allowance of 100
        fail(client, 5, address=f"10.2.0.{n}")
    assert login(client, "admin", "right-password", B).status_code == 302


def test_a_successful_sign_in_clears_the_failures_of_that_account(
    client, admin_account
):
    fail(client, 4)
    assert login(client, "admin", "right-password", A).status_code == 302
    client.logout()
    fail(client, 4)
    assert login(client, "admin", "right-password", A).status_code == 302


def test_unknown_names_lock_like_real_ones(client):
    """The lock does not tell whether an account exists."""
    fail(client, 5, username="nobody")
    response = login(client, "nobody", "x", A)
    assert LOCKED in response.content.decode()


def test_an_ipv6_client_counts_by_its_64_network(client, admin_account):
    for n in range(5):
        login(client, "admin", "wrong", f"2001:db8:1:2::{n + 1}")
    response = login(client, "admin", "right-password", "2001:db8:1:2:ffff::9")
    assert LOCKED in response.content.decode()
    assert (
        login(client, "admin", "right-password", "2001:db8:1:3::1").status_code == 302
    )


def test_client_address():
    factory = RequestFactory()
    assert security.client_address(factory.get("/", REMOTE_ADDR="10.0.0.1")) == (
        "10.0.0.1"
    )
    assert (
        security.client_address(factory.get("/", REMOTE_ADDR="2001:db8::1"))
        == "2001:db8::/64"
    )
    assert (
        security.client_address(factory.get("/", REMOTE_ADDR="::ffff:10.0.0.1"))
        == "10.0.0.1"
    )
    assert security.client_address(None) == ""


def test_cache_keys_hold_no_name_or_address(client, admin_account):
    fail(client, 5, username="secretname", address="10.99.88.77")
    login(client, "admin", "wrong", "10.99.88.77")
    keys = " ".join(str(k) for k in cache._cache)  # locmem internals in tests
    assert "login-fail:" in keys and "login-lock:" in keys
    assert "secretname" not in keys and "admin" not in keys
    assert "10.99.88.77" not in keys


def test_simultaneous_attempts_test_no_more_passwords_than_allowed(monkeypatch):
    """A burst of 25 wrong passwords at once: only 5 are checked."""
    checked = []
    lock = threading.Lock()
    start = threading.Barrier(25)

    def slow_wrong(self, request, username=None, password=None, **kwargs):
        with lock:
            checked.append(password)
        return None

    monkeypatch.setattr(ModelBackend, "authenticate", slow_wrong)
    backend = security.LockoutModelBackend()
    factory = RequestFactory()

    def attempt(i):
        request = factory.post("/admin/login/", REMOTE_ADDR=A)
        start.wait(timeout=10)
        try:
            backend.authenticate(request, username="admin", password=f"guess{i}")
        except PermissionDenied:
            pass

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(25)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert len(checked) == 5
    request = factory.post("/admin/login/", REMOTE_ADDR=A)
    assert security.lock_for("admin", request) is not None
