"""Objection handling in the admin: roles, masks, access log, moves, attachments."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from home.roles import CITY_APPROVER, CITY_EDITOR, COUNTY_EDITOR
from notices.models import ObjectionAccess
from notices.services.objection_files import check_upload
from notices.services.objections import file_objection
from tests.factories_objections import (
    _private_root,  # noqa: F401
    make_editor,
    make_handler,
    make_notice,
    pdf_file,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_private_root")]


@pytest.fixture
def objection():
    page = make_notice()
    return file_objection(
        page,
        {
            "kind": "individual",
            "name": "张三丰",
            "phone": "13812341234",
            "email": "zhang@example.com",
            "address": "测试路9号",
            "content": "异议内容：测试测试测试。",
            "candidate": page.candidates.first(),
        },
        files=[check_upload(pdf_file())],
    ).objection


def urls(objection):
    return [
        reverse("objections_admin:list"),
        reverse("objections_admin:detail", args=[objection.pk]),
        reverse(
            "objections_admin:attachment",
            args=[objection.pk, objection.attachments.get().pk],
        ),
    ]


def test_handler_list_is_masked(client, objection):
    client.force_login(make_handler())
    response = client.get(reverse("objections_admin:list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "张**" in html
    assert "138****1234" in html
    assert "张三丰" not in html and "13812341234" not in html
    assert objection.receipt_no in html


def test_detail_shows_everything_and_is_logged(client, objection):
    user = make_handler()
    client.force_login(user)
    response = client.get(reverse("objections_admin:detail", args=[objection.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for value in ("张三丰", "13812341234", "zhang@example.com", "测试路9号"):
        assert value in html
    access = ObjectionAccess.objects.get()
    assert access.user == user and access.action == "view"


def test_attachment_download_is_logged_and_not_sniffable(client, objection):
    user = make_handler()
    client.force_login(user)
    response = client.get(urls(objection)[2])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert ObjectionAccess.objects.filter(action="download", user=user).exists()


@pytest.mark.parametrize("group", [COUNTY_EDITOR, CITY_EDITOR, CITY_APPROVER])
def test_editors_never_see_personal_data(client, objection, group):
    client.force_login(make_editor(f"u-{group}", group))
    for url in urls(objection):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "张三丰" not in response.content.decode(errors="ignore")
    assert not ObjectionAccess.objects.exists()
    # the menu item is not shown to them either
    assert (
        reverse("objections_admin:list") not in client.get("/admin/").content.decode()
    )


def test_anonymous_is_sent_to_login(client, objection):
    for url in urls(objection):
        response = client.get(url)
        assert response.status_code == 302
        assert "login" in response["Location"]


def test_superuser_city_admin_can_handle(client, objection):
    admin = get_user_model().objects.create_superuser("boss", password="pw-boss-1")
    client.force_login(admin)
    assert client.get(urls(objection)[1]).status_code == 200
    assert reverse("objections_admin:list") in client.get("/admin/").content.decode()


def test_handler_moves_the_objection_and_history_records_the_user(client, objection):
    user = make_handler()
    client.force_login(user)
    url = reverse("objections_admin:detail", args=[objection.pk])
    response = client.post(url, {"status": "replied", "finding": "", "reply": ""})
    assert response.status_code == 400  # not from 已受理 straight to 已答复
    assert "不允许这样变更状态" in response.content.decode()
    response = client.post(url, {"status": "checking", "finding": "", "reply": ""})
    assert response.status_code == 302
    response = client.post(url, {"status": "replied", "finding": "", "reply": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert "请先填写核查结论" in html and "请填写答复意见" in html
    response = client.post(
        url, {"status": "replied", "finding": "sustained", "reply": "经核查属实。"}
    )
    assert response.status_code == 302
    objection.refresh_from_db()
    assert objection.status == "replied" and objection.finding == "sustained"
    assert objection.history.first().history_user == user
    detail = client.get(url).content.decode()
    assert "已答复" in detail


def test_overdue_is_flagged(client, objection):
    from datetime import timedelta

    from notices.models import Objection

    Objection.objects.filter(pk=objection.pk).update(
        reply_due=objection.submitted_at.date() - timedelta(days=1)
    )
    client.force_login(make_handler())
    html = client.get(reverse("objections_admin:list")).content.decode()
    assert "已超期" in html
    html = client.get(reverse("objections_admin:list") + "?overdue=1").content.decode()
    assert objection.receipt_no in html


def test_list_searches_receipt_numbers_only(client, objection):
    client.force_login(make_handler())
    url = reverse("objections_admin:list")
    assert (
        objection.receipt_no
        in client.get(url, {"q": objection.receipt_no[-6:]}).content.decode()
    )
    assert objection.receipt_no not in client.get(url, {"q": "张三丰"}).content.decode()
    assert (
        objection.receipt_no
        not in client.get(url, {"q": "13812341234"}).content.decode()
    )
