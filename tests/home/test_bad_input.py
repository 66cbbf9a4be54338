"""A request the site cannot read gets a Chinese 413/400, never a 500.

Django raises ``RequestDataTooBig``, ``TooManyFieldsSent`` or ``TooManyFilesSent``
wherever the body or the query string is first read: in the CSRF middleware for
every protected form (public, lookup, admin), in a page's view for a GET query,
in django-ninja for the API. The site answers all of them in one place
(``demosite.views.bad_request``, the ``handler400``).
"""

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from home.models import HomePage
from notices.models import CalculatorPage, Objection
from tests.factories_objections import (
    _private_root,  # noqa: F401
    make_notice,
    objection_data,
    objection_url,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_private_root")]

LOOKUP = "/notices/objections/lookup/"
THREE_MB = 3 * 1024 * 1024


@pytest.fixture
def csrf_client():
    """A browser-like client: the CSRF middleware reads every POST first.

    It holds the CSRF cookie (as after loading a form), so the middleware goes on
    to read the posted token, and that read is what fails.
    """
    client = Client(enforce_csrf_checks=True)
    client.get(LOOKUP)
    assert "csrftoken" in client.cookies
    return client


@pytest.fixture
def calculator():
    home = HomePage.objects.get(depth=2)
    page = CalculatorPage(title="公示期计算器", slug="calculator")
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def many(n: int) -> dict[str, str]:
    return {f"f{i}": "1" for i in range(n)}


def assert_json_error(response, status: int, words: str) -> str:
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    error = json.loads(response.content)["error"]
    assert words in error
    return error


def assert_page(response, status: int, *words: str) -> str:
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "晋中市人力资源和社会保障局" in html  # the site's frame, not a bare page
    for word in words:
        assert word in html
    assert "no-store" in response["Cache-Control"]
    if not response.wsgi_request.path.startswith("/admin/"):
        assert "default-src 'self'" in response["Content-Security-Policy"]
    return html


# --- the API -------------------------------------------------------------------


def test_eligibility_with_a_3_mb_body_is_a_413_in_chinese(client):
    body = json.dumps({"date": "2026-11-10", "notes": "字" * THREE_MB})
    response = client.post("/api/eligibility", body, content_type="application/json")
    error = assert_json_error(response, 413, "请求内容过大")
    assert "2.5 MB" in error


def test_api_answers_413_even_with_debug_on(client, settings):
    # django-ninja turns unknown exceptions into a 500 traceback under DEBUG.
    settings.DEBUG = True
    body = json.dumps({"notes": "x" * THREE_MB})
    response = client.post("/api/eligibility", body, content_type="application/json")
    assert_json_error(response, 413, "请求内容过大")


def test_api_query_with_too_many_fields_is_a_413(client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 50
    response = client.get("/api/parks", many(60))
    error = assert_json_error(response, 413, "字段过多")
    assert "50" in error


def test_api_with_a_forbidden_host_is_a_400_json(client):
    response = client.get("/api/parks", HTTP_HOST="evil.example")
    assert_json_error(response, 400, "无法读取")


# --- pages and forms -----------------------------------------------------------


def test_lookup_form_with_an_over_long_field_gets_the_413_page(csrf_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = csrf_client.post(
        LOOKUP, {"receipt": "YY2026-000001", "code": "x" * 20_000}
    )
    assert_page(response, 413, "提交的内容过大", "删减所填内容")


def test_lookup_form_with_too_many_fields_gets_the_413_page(csrf_client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 50
    response = csrf_client.post(LOOKUP, many(60))
    assert_page(response, 413, "提交的内容过大", "字段过多（最多 50 个）")


def test_too_many_files_gets_the_413_page(csrf_client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 2
    files = {
        f"file{i}": SimpleUploadedFile(f"{i}.txt", b"x", content_type="text/plain")
        for i in range(3)
    }
    response = csrf_client.post(LOOKUP, files)
    assert_page(response, 413, "文件过多（最多 2 个）")


def test_objection_form_through_csrf_gets_the_413_page(csrf_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    notice = make_notice()
    response = csrf_client.post(
        objection_url(notice), objection_data(content="字" * 20_000)
    )
    assert_page(response, 413, "提交的内容过大")
    assert not Objection.objects.exists()


def test_calculator_with_a_huge_query_string_gets_the_413_page(
    client, settings, calculator
):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 50
    response = client.get(
        calculator.url, {"start": "2026-09-30", "days": "5", **many(60)}
    )
    assert_page(response, 413, "网址中的字段过多")


def test_admin_form_with_an_over_long_field_gets_the_413_page(csrf_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    admin = get_user_model().objects.create_superuser("boss", password="pw-boss-1")
    csrf_client.force_login(admin)
    response = csrf_client.post(
        "/admin/users/add/", {"username": "new", "first_name": "长" * 20_000}
    )
    assert_page(response, 413, "提交的内容过大")
    assert not get_user_model().objects.filter(username="new").exists()


def test_admin_login_with_too_many_fields_gets_the_413_page(csrf_client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 50
    response = csrf_client.post("/admin/login/", many(60))
    assert_page(response, 413, "字段过多")


def test_forbidden_host_gets_the_chinese_400_page(client):
    response = client.get("/", HTTP_HOST="evil.example")
    assert_page(response, 400, "请求无法处理", "无法读取您提交的内容")


def test_malformed_multipart_body_gets_the_400_page(csrf_client):
    response = csrf_client.generic(
        "POST", LOOKUP, b"garbage", content_type="multipart/form-data"
    )
    assert_page(response, 400, "请求无法处理")
