"""Security headers (for readers, editors, the API docs), login lockout, larger text."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.staticfiles import finders
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db

# A <script> that runs inline code: neither a src nor a JSON data block.
INLINE_SCRIPT = re.compile(r'<script(?![^>]*\b(?:src=|type="application/json"))[^>]*>')


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
    # Locked: even the right password is refused now, and the page says why
    # (429 where home.security's views are mounted over Wagtail's).
    response = login(client, "right-password")
    assert response.status_code in (200, 429)
    assert "登录失败次数过多" in response.content.decode()
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
    assert response.status_code in (200, 429)
    assert "登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_signed_in_editors_get_the_strict_csp_and_a_working_userbar(client):
    editor = get_user_model().objects.create_superuser("boss", password="pw-boss-1")
    client.force_login(editor)
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    html = response.content.decode()
    # The userbar is still there, made only of same-origin files the policy allows.
    assert "<wagtail-userbar>" in html
    assert re.search(r'<script src="//testserver/static/wagtailadmin/js/userbar', html)
    assert not INLINE_SCRIPT.search(html)
    assert "<style" not in html and " style=" not in html


def test_the_admin_keeps_its_own_headers(client):
    editor = get_user_model().objects.create_superuser("boss", password="pw-boss-1")
    client.force_login(editor)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_api_docs_load_nothing_from_a_cdn_and_carry_the_strict_csp(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    html = response.content.decode()
    assert "cdn.jsdelivr.net" not in html and "django-ninja.dev" not in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assets = re.findall(r"""(?:src|href)="(/static/[^"]+)\"""", html)
    assert "/static/ninja/swagger-ui-bundle.js" in assets
    assert "/static/ninja/swagger-ui.css" in assets
    for asset in assets:  # shipped with the site, collected by collectstatic
        assert finders.find(asset.removeprefix("/static/")), asset
    # Swagger's settings travel as JSON data, not as an inline script.
    assert not INLINE_SCRIPT.search(html)
    assert client.get("/api/openapi.json").status_code == 200


def test_error_pages_carry_the_headers_too(client):
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_server_error_page_needs_no_inline_style(rf):
    response = server_error(rf.get("/"))
    html = response.content.decode()
    assert response.status_code == 500 and "系统繁忙" in html
    assert "<style" not in html and " style=" not in html
    assert 'href="/static/css/site.css"' in html and finders.find("css/site.css")
