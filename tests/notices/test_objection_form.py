"""The public objection form: window, fields, attachments, hostile input."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from notices.models import Objection, ObjectionAttachment
from tests.factories_objections import (
    _private_root,  # noqa: F401
    closed_notice,
    form_token,
    jpg_file,
    make_notice,
    objection_data,
    objection_url,
    pdf_file,
    png_file,
    upcoming_notice,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_private_root")]


@pytest.fixture
def notice():
    return make_notice()


def test_get_shows_the_form_with_every_field(client, notice):
    response = client.get(objection_url(notice))
    assert response.status_code == 200
    html = response.content.decode()
    for name in (
        "kind",
        "name",
        "organisation",
        "phone",
        "email",
        "address",
        "candidate",
        "content",
        "attachments",
        "consent",
    ):
        assert f'name="{name}"' in html
    assert "个人信息" in html  # the PIPL statement
    assert "3年" in html or "3 年" in html
    assert "no-store" in response["Cache-Control"]
    # the candidates of this notice are offered
    for candidate in notice.candidates.all():
        assert candidate.subject.name in html


def test_valid_post_files_one_objection_and_redirects_to_the_receipt(
    client, notice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            objection_url(notice),
            objection_data(notice, with_candidate=True, email="a@example.com"),
        )
    assert response.status_code == 303
    assert response["Location"].endswith("objection/receipt/")
    objection = Objection.objects.get()
    assert objection.notice_id == notice.pk
    assert objection.candidate == notice.candidates.first()
    assert objection.receipt_no.startswith("YY")
    assert objection.reply_due is not None
    # the receipt page shows the number and the code once
    receipt = client.get(response["Location"])
    assert receipt.status_code == 200
    html = receipt.content.decode()
    assert objection.receipt_no in html
    assert "仅显示一次" in html
    assert "no-store" in receipt["Cache-Control"]
    again = client.get(response["Location"])
    assert again.status_code == 404
    assert objection.receipt_no not in again.content.decode()
    # the mail carries the receipt number
    assert len(mail.outbox) == 1
    assert objection.receipt_no in mail.outbox[0].body
    assert mail.outbox[0].to == ["a@example.com"]


def test_code_on_the_receipt_is_never_stored_in_clear(client, notice):
    response = client.post(objection_url(notice), objection_data())
    html = client.get(response["Location"]).content.decode()
    objection = Objection.objects.get()
    import re

    code = re.search(r'class="query-code">([^<]+)<', html).group(1)
    assert len(code) >= 22  # >= 128 bits in base64url
    assert code not in objection.code_hash
    assert code not in str(Objection.history.values())


def test_organisation_needs_its_name_and_a_contact(client, notice):
    response = client.post(
        objection_url(notice),
        objection_data(kind="organisation", name="", organisation=""),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "请填写单位名称" in html
    assert "请填写联系人姓名" in html
    assert not Objection.objects.exists()


def test_individual_needs_a_name_and_no_organisation_is_kept(client, notice):
    response = client.post(objection_url(notice), objection_data(name=""))
    assert response.status_code == 400
    assert "请填写您的姓名" in response.content.decode()
    client.post(objection_url(notice), objection_data(organisation="某公司"))
    assert Objection.objects.get().organisation == ""


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("１３８ ０００１ ２３４５", "13800012345"),
        ("+86 138-0001-2345", "13800012345"),
        ("（０３５４）１２３４５６７", "0354-1234567"),
        ("0354 1234567", "0354-1234567"),
    ],
)
def test_phone_is_normalised(client, notice, raw, stored):
    response = client.post(objection_url(notice), objection_data(phone=raw))
    assert response.status_code == 303, response.content.decode()[:2000]
    assert Objection.objects.get().phone == stored


@pytest.mark.parametrize("raw", ["12345", "2380001234", "abc", "138000012345"])
def test_bad_phone_is_refused(client, notice, raw):
    response = client.post(objection_url(notice), objection_data(phone=raw))
    assert response.status_code == 400
    assert "请填写手机号码或带区号的固定电话" in response.content.decode()


def test_invalid_post_keeps_every_typed_value(client, notice):
    data = objection_data(
        notice,
        with_candidate=True,
        name="测试丙",
        phone="13800001111",
        email="not-an-email",
        address="测试街2号",
        content="短",
    )
    response = client.post(objection_url(notice), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="测试丙"' in html
    assert 'value="13800001111"' in html
    assert 'value="not-an-email"' in html
    assert 'value="测试街2号"' in html
    assert "短</textarea>" in html
    assert f'value="{data["candidate"]}" selected' in html
    assert "请填写有效的电子邮箱地址" in html
    assert "至少写10个字" in html
    assert 'aria-invalid="true"' in html
    assert not Objection.objects.exists()


def test_content_length_limits(client, notice):
    response = client.post(objection_url(notice), objection_data(content="字" * 5001))
    assert response.status_code == 400
    assert "最多写5000个字" in response.content.decode()
    response = client.post(objection_url(notice), objection_data(content="字" * 5000))
    assert response.status_code == 303


def test_consent_is_required(client, notice):
    data = objection_data()
    del data["consent"]
    response = client.post(objection_url(notice), data)
    assert response.status_code == 400
    assert "需要您的同意" in response.content.decode()


def test_hostile_html_is_escaped(client, notice):
    evil = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    data = objection_data(name=evil, address=evil, content=evil * 2, email=evil)
    response = client.post(objection_url(notice), data)
    assert response.status_code == 400  # the email is invalid
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    data["email"] = ""
    response = client.post(objection_url(notice), data)
    assert response.status_code == 303
    receipt = client.get(response["Location"]).content.decode()
    assert "<script>alert" not in receipt


def test_forged_candidate_from_another_notice_is_refused(client, notice):
    other = make_notice()
    forged = other.candidates.first().pk
    response = client.post(objection_url(notice), objection_data(candidate=str(forged)))
    assert response.status_code == 400
    assert "请选择本公示的候选对象" in response.content.decode()
    assert not Objection.objects.exists()


def test_nonsense_candidate_is_a_400(client, notice):
    response = client.post(objection_url(notice), objection_data(candidate="abc"))
    assert response.status_code == 400


def test_attachments_are_stored_privately_under_generated_names(
    client, notice, settings
):
    data = objection_data(attachments=[pdf_file(), png_file(), jpg_file()])
    response = client.post(objection_url(notice), data)
    assert response.status_code == 303
    rows = list(ObjectionAttachment.objects.order_by("pk"))
    assert [r.content_type for r in rows] == [
        "application/pdf",
        "image/png",
        "image/jpeg",
    ]
    for row in rows:
        assert "证据" not in row.stored_name and "照片" not in row.stored_name
        assert (settings.OBJECTION_ATTACHMENT_ROOT / row.stored_name).exists()
    assert not str(settings.OBJECTION_ATTACHMENT_ROOT).startswith(
        str(settings.MEDIA_ROOT)
    )


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("x.pdf", b"<html><body>not a pdf</body></html>"),
            "不是PDF、JPG或PNG文件",
        ),
        (
            SimpleUploadedFile("x.pdf", b"%PDF-1.4\n<html><script>x</script>"),
            "不是PDF、JPG或PNG文件",
        ),
        (SimpleUploadedFile("x.png", b"\x89PNG\r\n\x1a\nbroken"), "无法读取"),
        (SimpleUploadedFile("x.pdf", b""), "为空"),
        (SimpleUploadedFile("x.exe", b"MZ\x90\x00"), "不是PDF、JPG或PNG文件"),
    ],
)
def test_bad_attachments_are_refused_and_nothing_is_stored(
    client, notice, upload, message, settings
):
    response = client.post(objection_url(notice), objection_data(attachments=[upload]))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Objection.objects.exists()
    root = settings.OBJECTION_ATTACHMENT_ROOT
    assert not root.exists() or not any(root.iterdir())


def test_zip_bomb_renamed_pdf_is_refused(client, notice):
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bomb.txt", b"\0" * (5 * 1024 * 1024))
    upload = SimpleUploadedFile(
        "合同.pdf", buf.getvalue(), content_type="application/pdf"
    )
    response = client.post(objection_url(notice), objection_data(attachments=[upload]))
    assert response.status_code == 400
    assert "不是PDF、JPG或PNG文件" in response.content.decode()
    assert not Objection.objects.exists()


def test_six_files_are_refused(client, notice):
    files = [pdf_file(f"f{i}.pdf") for i in range(6)]
    response = client.post(objection_url(notice), objection_data(attachments=files))
    assert response.status_code == 400
    assert "最多上传5个文件" in response.content.decode()
    assert not Objection.objects.exists()


def test_file_over_10_mb_is_refused(client, notice):
    big = pdf_file(size=10 * 1024 * 1024 + 1)
    response = client.post(objection_url(notice), objection_data(attachments=[big]))
    assert response.status_code == 400
    assert "大于10 MB" in response.content.decode()
    assert not Objection.objects.exists()


def test_20_mb_file_gets_a_clear_4xx(client, notice):
    big = pdf_file(size=20 * 1024 * 1024)
    response = client.post(objection_url(notice), objection_data(attachments=[big]))
    assert 400 <= response.status_code < 500
    assert "MB" in response.content.decode()
    assert not Objection.objects.exists()


def test_oversized_request_body_gets_a_413(client, notice, settings):
    settings.OBJECTION_MAX_REQUEST_BYTES = 1000
    response = client.post(
        objection_url(notice), objection_data(attachments=[pdf_file(size=5000)])
    )
    assert response.status_code == 413
    assert "提交的内容过大" in response.content.decode()


def test_huge_text_field_is_a_4xx_not_a_500(client, notice, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = client.post(objection_url(notice), objection_data(content="字" * 20_000))
    assert 400 <= response.status_code < 500
    assert not Objection.objects.exists()


def test_upcoming_notice_has_no_form(client):
    page = upcoming_notice()
    response = client.get(objection_url(page))
    assert response.status_code == 200
    html = response.content.decode()
    assert "公示尚未开始" in html
    assert 'name="content"' not in html
    response = client.post(objection_url(page), objection_data())
    assert response.status_code == 403
    assert not Objection.objects.exists()


def test_closed_notice_says_when_it_closed_and_refuses_posts(client):
    page = closed_notice()
    response = client.get(objection_url(page))
    html = response.content.decode()
    assert "公示已结束" in html
    assert f"{page.window().closes_at.astimezone().year}年" in html
    assert 'name="content"' not in html
    response = client.post(objection_url(page), objection_data())
    assert response.status_code == 403
    assert "公示已结束" in response.content.decode()
    assert not Objection.objects.exists()


def test_honeypot_is_refused(client, notice):
    response = client.post(
        objection_url(notice), objection_data(website="http://spam.example")
    )
    assert response.status_code == 400
    assert not Objection.objects.exists()


def test_too_fast_submission_is_refused_but_keeps_values(client, notice):
    response = client.post(
        objection_url(notice),
        objection_data(name="测试丁", form_token=form_token(age=0.5)),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "提交过快" in html
    assert 'value="测试丁"' in html
    assert not Objection.objects.exists()


def test_forged_token_is_refused(client, notice):
    response = client.post(objection_url(notice), objection_data(form_token="abc"))
    assert response.status_code == 400
    assert not Objection.objects.exists()


def test_same_token_twice_yields_one_objection(client, notice):
    data = objection_data()
    first = client.post(objection_url(notice), data)
    assert first.status_code == 303
    second = client.post(objection_url(notice), data)
    assert second.status_code in (200, 303)
    assert Objection.objects.count() == 1
    client.get(first["Location"])  # the receipt is shown once
    third = client.post(objection_url(notice), data)
    assert third.status_code == 200
    assert Objection.objects.get().receipt_no in third.content.decode()
    assert Objection.objects.count() == 1


def test_personal_data_never_in_urls_or_public_notice(client, notice):
    response = client.post(objection_url(notice), objection_data(name="测试戊"))
    assert "测试戊" not in response["Location"]
    assert "13800001234" not in response["Location"]


def test_huge_post_through_csrf_gets_a_chinese_413(notice, settings):
    from django.test import Client

    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    client = Client(enforce_csrf_checks=True)
    page = client.get(objection_url(notice)).content.decode()
    import re

    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = objection_data(content="字" * 20_000, csrfmiddlewaretoken=token)
    response = client.post(objection_url(notice), data)
    assert response.status_code == 413
    assert "提交的内容过大" in response.content.decode()
    assert not Objection.objects.exists()


def test_csrf_failure_page_is_chinese(notice):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(objection_url(notice), objection_data())
    assert response.status_code == 403
    assert "表单已失效" in response.content.decode()
    assert not Objection.objects.exists()


def test_malformed_multipart_is_a_400_not_a_500(client, notice):
    response = client.generic(
        "POST",
        objection_url(notice),
        b'--xx\r\nContent-Disposition: form-data; name="name"\r\n\r\n',
        content_type="multipart/form-data; boundary=",
    )
    assert response.status_code == 400
    assert not Objection.objects.exists()
