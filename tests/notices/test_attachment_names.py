"""Attachments download under the sender's file name, made safe.

The name is cleaned when the file is checked (path, control characters, length,
an extension that matches the content) and again when it is downloaded, so
rows stored earlier are safe too; one without a name is offered as 附件N.pdf.
"""

from __future__ import annotations

from urllib.parse import unquote

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from notices.models import ObjectionAccess, ObjectionAttachment
from notices.rules.objections import JPEG, PDF, PNG, safe_attachment_name
from notices.services.objection_files import check_upload
from notices.services.objections import file_objection
from tests.factories_objections import (
    _private_root,  # noqa: F401
    jpg_file,
    make_handler,
    make_notice,
    pdf_file,
)

pytestmark = pytest.mark.usefixtures("_private_root")


# --- the rule (no database) --------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "content_type", "safe"),
    [
        ("证据.pdf", PDF, "证据.pdf"),
        ("证据.PDF", PDF, "证据.pdf"),
        ("../../x.pdf", PDF, "x.pdf"),
        ("C:\\Users\\张三\\scan.jpeg", JPEG, "scan.jpeg"),
        ("a\r\nb.pdf", PDF, "ab.pdf"),
        ("a\x00b\tc.pdf", PDF, "abc.pdf"),
        ("invoice\u202efdp.exe", PDF, "invoicefdp.exe.pdf"),  # right-to-left override
        ('a<b>:"c"|?*.png', PNG, "abc.png"),
        ("photo.png", JPEG, "photo.jpg"),  # the content decides the extension
        ("page.html", PDF, "page.html.pdf"),
        ("report", PDF, "report.pdf"),
        ("  材料   一  .pdf ", PDF, "材料 一.pdf"),
        ("..hidden.pdf", PDF, "hidden.pdf"),
        (".pdf", PDF, ""),
        ("../..", PDF, ""),
        ("", PNG, ""),
        ("\r\n", PDF, ""),
    ],
)
def test_safe_attachment_name(raw, content_type, safe):
    assert safe_attachment_name(raw, content_type) == safe


def test_long_names_are_cut_and_keep_their_extension():
    name = safe_attachment_name("证" * 300 + ".pdf", PDF)
    assert name.endswith("证.pdf")
    assert len(name) <= 100 and len(name.encode()) <= 200
    name = safe_attachment_name("a" * 300 + ".png", PNG)
    assert name == "a" * 96 + ".png"


# --- stored and downloaded ---------------------------------------------------------


def _objection(*uploads):
    page = make_notice()
    return file_objection(
        page,
        {
            "kind": "individual",
            "name": "张三丰",
            "phone": "13812341234",
            "content": "异议内容：测试测试测试。",
            "candidate": page.candidates.first(),
        },
        files=[check_upload(upload) for upload in uploads],
    ).objection


def _download(client, attachment):
    url = reverse(
        "objections_admin:attachment", args=[attachment.objection_id, attachment.pk]
    )
    response = client.get(url)
    assert response.status_code == 200
    b"".join(response.streaming_content)
    return response


def _offered_name(response) -> str:
    header = response["Content-Disposition"]
    assert "\r" not in header and "\n" not in header
    assert header.startswith("attachment; ")
    value = header.removeprefix("attachment; ")
    if value.startswith("filename*=utf-8''"):
        return unquote(value.removeprefix("filename*=utf-8''"))
    assert value.startswith('filename="') and value.endswith('"')
    return value[len('filename="') : -1]


@pytest.mark.django_db
def test_a_chinese_name_is_stored_and_sent_rfc_5987_encoded(client):
    objection = _objection(pdf_file("异议证据（第1页）.pdf"))
    attachment = objection.attachments.get()
    assert attachment.original_name == "异议证据（第1页）.pdf"
    user = make_handler()
    client.force_login(user)
    response = _download(client, attachment)
    header = response["Content-Disposition"]
    assert header.startswith("attachment; filename*=utf-8''")
    assert header.isascii()
    assert _offered_name(response) == "异议证据（第1页）.pdf"
    assert response["Content-Type"] == "application/pdf"
    # The access log entry stays.
    assert ObjectionAccess.objects.filter(user=user, action="download").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sent", "offered"),
    [("../../x.pdf", "x.pdf"), ("a\r\nb.pdf", "ab.pdf"), ("x.png", "x.jpg")],
)
def test_a_hostile_name_is_cleaned_when_uploaded(client, sent, offered):
    upload = jpg_file(sent) if offered.endswith(".jpg") else pdf_file(sent)
    attachment = _objection(upload).attachments.get()
    assert attachment.original_name == offered
    client.force_login(make_handler())
    assert _offered_name(_download(client, attachment)) == offered


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("stored", "offered"),
    [("../../x.pdf", "x.pdf"), ("a\r\nb.pdf", "ab.pdf"), ('evil";.pdf', "evil;.pdf")],
)
def test_a_hostile_name_stored_earlier_is_cleaned_when_downloaded(
    client, stored, offered
):
    attachment = _objection(pdf_file()).attachments.get()
    ObjectionAttachment.objects.filter(pk=attachment.pk).update(original_name=stored)
    client.force_login(make_handler())
    assert _offered_name(_download(client, attachment)) == offered


@pytest.mark.django_db
def test_an_attachment_without_a_name_is_named_by_its_place(client):
    objection = _objection(pdf_file("一.pdf"), jpg_file("二.jpg"))
    first, second = objection.attachments.order_by("pk")
    ObjectionAttachment.objects.filter(objection=objection).update(original_name="")
    client.force_login(make_handler())
    label = gettext("Attachment %(n)s")
    assert _offered_name(_download(client, first)) == (label % {"n": 1}) + ".pdf"
    assert _offered_name(_download(client, second)) == (label % {"n": 2}) + ".jpg"
    assert ObjectionAccess.objects.filter(action="download").count() == 2
