"""Security headers, admin login lockout and the larger-text switch."""

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


def test_public_pages_carry_a_strict_csp(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_public_pages_have_no_inline_script_or_style(client):
    html = client.get("/").content.decode()
    assert "<script>" not in html and "<style" not in html and " style=" not in html


def login(client, password):
    return client.post(
        "/admin/login/",
        {"username": "editor", "password": password},
        REMOTE_ADDR="10.0.0.8",
    )


def test_admin_login_locks_after_repeated_failures(client):
    get_user_model().objects.create_user(
        "editor", password="right-password", is_superuser=True
    )
    for _ in range(5):
        assert login(client, "wrong").status_code == 200
    # Locked: even the right password is refused now.
    response = login(client, "right-password")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_successful_login_before_the_limit_resets_the_count(client):
    get_user_model().objects.create_user(
        "editor", password="right-password", is_superuser=True
    )
    for _ in range(4):
        login(client, "wrong")
    assert login(client, "right-password").status_code == 302
    client.logout()
    for _ in range(4):
        login(client, "wrong")
    assert login(client, "right-password").status_code == 302


def test_larger_text_switch_persists_in_a_cookie(client):
    response = client.get("/a11y/large-text/", {"next": "/calculator/"})
    assert response.status_code == 302
    assert response["Location"] == "/calculator/"
    assert response.cookies["large_text"].value == "1"
    html = client.get("/").content.decode()
    assert 'class="large-text"' in html
    assert "标准字号" in html
    client.get("/a11y/large-text/")
    assert 'class="large-text"' not in client.get("/").content.decode()


def test_larger_text_switch_refuses_offsite_redirects(client):
    response = client.get("/a11y/large-text/", {"next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_one_address_trying_many_accounts_is_locked(client):
    get_user_model().objects.create_user(
        "editor", password="right-password", is_superuser=True
    )
    for n in range(20):
        client.post(
            "/admin/login/",
            {"username": f"guess{n}", "password": "x"},
            REMOTE_ADDR="10.0.0.9",
        )
    response = client.post(
        "/admin/login/",
        {"username": "editor", "password": "right-password"},
        REMOTE_ADDR="10.0.0.9",
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
