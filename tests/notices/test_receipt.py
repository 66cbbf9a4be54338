"""The objector's receipt says the objection was received (已收到), not accepted.

受理 is a decision still to come (不予受理 may follow), so neither the receipt page,
the repeated-submission page, the receipt mail nor the written objection's
confirmation says 已受理; the status names of the lookup stay as they are.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.translation import gettext

from tests.factories_objections import (
    _private_root,  # noqa: F401
    make_handler,
    make_notice,
    objection_data,
    objection_url,
    pdf_file,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_private_root")]

LOOKUP = "/notices/objections/lookup/"


def _file(client, page, django_capture_on_commit_callbacks, **overrides):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(objection_url(page), objection_data(page, **overrides))
    assert response.status_code == 303
    return response


def test_the_receipt_page_says_received_not_accepted(
    client, django_capture_on_commit_callbacks
):
    page = make_notice()
    filed = _file(client, page, django_capture_on_commit_callbacks)
    response = client.get(filed["Location"])
    assert response.status_code == 200
    html = response.content.decode()
    assert gettext("Your objection was received") in html
    assert gettext("Time of receipt") in html
    assert "已受理" not in html and "受理时间" not in html
    # The receipt itself is still there: number and code.
    assert re.search(r'class="receipt-no">YY\d{4}-\d{6}<', html)
    assert re.search(r'class="query-code">[^<]+<', html)


def test_the_receipt_mail_says_received_not_accepted(
    client, django_capture_on_commit_callbacks
):
    page = make_notice()
    _file(
        client, page, django_capture_on_commit_callbacks, email="objector@example.com"
    )
    [message] = mail.outbox
    receipt_no = re.search(r"YY\d{4}-\d{6}", message.body).group(0)
    assert message.subject == gettext("Your objection was received: %(receipt)s") % {
        "receipt": receipt_no
    }
    assert "受理" not in message.subject
    assert "已受理" not in message.body
    assert "已收到" in message.body  # the body's translation already said so


def test_a_repeated_submission_says_received_before(client):
    page = make_notice()
    data = objection_data(page)
    first = client.post(objection_url(page), data)
    client.get(first["Location"])  # the receipt is shown once
    again = client.post(objection_url(page), data)
    assert again.status_code == 200
    html = again.content.decode()
    assert gettext("This objection was received before") in html
    assert "已受理" not in html


def test_the_written_objection_confirmation_does_not_say_accepted(client):
    page = make_notice(start=date(2026, 10, 29), days=5)
    client.force_login(make_handler())
    response = client.post(
        reverse("objections_admin:record_notice", args=[page.pk]),
        {
            "channel": "post",
            "received_on": "2026-11-04",
            "kind": "individual",
            "name": "写信人",
            "organisation": "",
            "phone": "13900001111",
            "email": "",
            "address": "",
            "candidate": "",
            "content": "来信反映该园区入驻机构数量不实，请核查。",
            "scan": pdf_file("来信扫描件.pdf"),
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert gettext("Written objection entered") in html
    assert "已受理" not in html


def test_the_status_lookup_keeps_the_status_name(client):
    """The status 已受理 is SPEC's first status and stays in the lookup."""
    from notices.services.objections import file_objection

    page = make_notice()
    filed = file_objection(
        page,
        {
            "kind": "individual",
            "name": "测试乙",
            "phone": "13900005678",
            "candidate": page.candidates.first(),
            "content": "测试异议内容，测试异议内容。",
        },
    )
    html = client.post(
        LOOKUP, {"receipt": filed.objection.receipt_no, "code": filed.code}
    ).content.decode()
    assert "已受理" in html
