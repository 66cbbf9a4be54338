"""The reply letter (答复函): a print-ready letter of the published reply, for handlers.

It names the objector, so only holders of ``notices.handle_objection`` and
superusers see it, each view is written to the access log, and nothing personal
is in its URL. It exists only once a reply is published.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext

from home.roles import CITY_APPROVER, CITY_EDITOR, COUNTY_EDITOR
from notices import conf
from notices.models import Objection, ObjectionAccess
from notices.services.objections import file_objection, handle
from tests.factories_objections import make_editor, make_handler, make_notice

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
REPLY = "经实地核查，入驻机构数量与申报材料一致。\n\n请知悉。"


def _objection(**data):
    page = make_notice()
    candidate = page.candidates.first()
    values = {
        "kind": "individual",
        "name": "张三丰",
        "phone": "13812341234",
        "email": "zhang@example.com",
        "address": "测试路9号",
        "content": "异议内容：测试测试测试。",
        "candidate": candidate,
    }
    values.update(data)
    return file_objection(page, values).objection


def _reply(objection, finding="not_sustained", *, closed=False):
    handle(objection, status="checking", finding="", reply="", reason="")
    handle(
        objection,
        status="replied",
        finding=finding,
        reply=REPLY,
        reason="",
        now=datetime(2026, 12, 3, 9, 30, tzinfo=SHANGHAI),
    )
    if closed:
        handle(objection, status="closed", finding=finding, reply=REPLY, reason="")
    objection.refresh_from_db()
    return objection


def _url(objection) -> str:
    return reverse("objections_admin:reply_letter", args=[objection.pk])


def test_the_letter_has_everything_a_reply_letter_needs(client):
    objection = _reply(_objection())
    client.force_login(make_handler())
    response = client.get(_url(objection))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert gettext("Reply letter concerning an objection") in html
    assert "张三丰：" in html  # the addressee
    assert objection.receipt_no in html
    assert escape(objection.notice.title) in html
    assert escape(objection.candidate.subject.notice_name) in html
    assert "2026年11月10日" in html  # received
    assert escape(gettext("Finding: the objection is not sustained.")) in html
    assert "经实地核查，入驻机构数量与申报材料一致。" in html and "请知悉。" in html
    # 落款: the bureau and the reply date.
    assert escape(str(conf.NOTICES_PUBLISHER)) in html
    assert "晋中市人力资源和社会保障局" in html
    assert "2026年12月3日" in html
    # A page of its own to print: A4 print stylesheet, no admin chrome.
    assert "notices/reply_letter" in html and ".css" in html
    assert "wagtail" not in html.lower().split("</head>")[1]
    assert "13812341234" not in html and "zhang@example.com" not in html


def test_an_organisation_is_addressed_by_its_name(client):
    objection = _reply(
        _objection(kind="organisation", organisation="某人力资源公司", name="李四"),
        finding="sustained",
        closed=True,
    )
    client.force_login(make_handler())
    html = client.get(_url(objection)).content.decode()
    assert "某人力资源公司：" in html
    assert "李四：" not in html
    assert escape(gettext("Finding: the objection is sustained.")) in html


def test_each_view_is_logged(client):
    objection = _reply(_objection())
    user = make_handler()
    client.force_login(user)
    client.get(_url(objection))
    client.get(_url(objection))
    assert (
        ObjectionAccess.objects.filter(
            objection=objection, user=user, action="view"
        ).count()
        == 2
    )


def test_only_a_published_reply_has_a_letter(client):
    objection = _objection()
    user = make_handler()
    client.force_login(user)
    detail = reverse("objections_admin:detail", args=[objection.pk])
    assert client.get(_url(objection)).status_code == 404
    assert _url(objection) not in client.get(detail).content.decode()
    # A reply typed while checking is not published yet.
    handle(objection, status="checking", finding="", reply="草稿", reason="")
    assert client.get(_url(objection)).status_code == 404
    handle(objection, status="not_accepted", finding="", reply="草稿", reason="无关")
    assert client.get(_url(objection)).status_code == 404
    # Only the detail view above was logged: a refused letter shows nothing.
    assert ObjectionAccess.objects.filter(objection=objection).count() == 1


def test_the_detail_page_has_the_print_button_once_replied(client):
    objection = _reply(_objection())
    client.force_login(make_handler())
    html = client.get(
        reverse("objections_admin:detail", args=[objection.pk])
    ).content.decode()
    assert _url(objection) in html
    assert gettext("Print the reply letter") in html


def test_the_url_holds_no_personal_data():
    objection = _reply(_objection())
    url = _url(objection)
    assert url == f"/admin/objections/{objection.pk}/reply-letter/"
    for value in ("张三丰", "13812341234", "zhang", objection.receipt_no):
        assert value not in url


def test_a_superuser_may_print_it(client):
    objection = _reply(_objection())
    admin = get_user_model().objects.create_superuser("boss", password="pw-boss-1")
    client.force_login(admin)
    assert client.get(_url(objection)).status_code == 200
    assert ObjectionAccess.objects.filter(user=admin).count() == 1


@pytest.mark.parametrize("group", [COUNTY_EDITOR, CITY_EDITOR, CITY_APPROVER])
def test_editors_may_not_see_it(client, group):
    objection = _reply(_objection())
    client.force_login(make_editor(f"u-{group}", group))
    response = client.get(_url(objection))
    assert response.status_code == 403
    assert "张三丰" not in response.content.decode()
    assert not ObjectionAccess.objects.exists()


def test_anonymous_is_sent_to_login(client):
    objection = _reply(_objection())
    response = client.get(_url(objection))
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert not ObjectionAccess.objects.exists()


def test_an_unknown_objection_is_a_404(client):
    client.force_login(make_handler())
    missing = (
        Objection.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    ) + 1
    response = client.get(reverse("objections_admin:reply_letter", args=[missing]))
    assert response.status_code == 404
