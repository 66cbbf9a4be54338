"""书面异议: objections received by post, in person or by fax, entered by a handler.

They get a receipt number like online ones and count in the outcome and in
``may_approve`` the same; the day of receipt (for a letter the postmark date)
must fall within the notice period.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from notices.models import Channel, Objection
from notices.models.approval import may_approve
from notices.models.windows import outcome
from notices.services.objections import (
    WrittenObjectionRefused,
    handle,
    record_written_objection,
)
from tests.factories_objections import make_handler, make_notice, pdf_file

pytestmark = pytest.mark.django_db

DATA = {
    "kind": "individual",
    "name": "写信人",
    "organisation": "",
    "phone": "13900001111",
    "email": "",
    "address": "晋中市榆次区某街1号",
    "candidate": None,
    "content": "来信反映该园区入驻机构数量不实，请核查。",
}


@pytest.fixture
def closed_notice(today):
    """A notice whose 5-working-day period ran 2026-10-29 to 2026-11-04."""
    return make_notice(start=date(2026, 10, 29), days=5)


def _post(client, page, **overrides):
    data = {
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
    }
    data.update(overrides)
    url = reverse("objections_admin:record_notice", args=[page.pk])
    return client.post(url, data)


def test_a_letter_postmarked_on_the_last_day_counts_after_the_window(
    client, closed_notice
):
    handler = make_handler()
    client.force_login(handler)
    response = _post(client, closed_notice)
    assert response.status_code == 200
    objection = Objection.objects.get()
    html = response.content.decode()
    assert objection.receipt_no in html
    assert objection.channel == Channel.POST
    assert objection.received_on == date(2026, 11, 4)
    assert objection.recorded_by == handler
    assert objection.attachments.count() == 1
    assert objection.reply_due is not None and objection.reply_due > date(2026, 11, 4)
    # It counts like an online objection.
    assert outcome(closed_notice).total == 1
    candidate = closed_notice.candidates.first()
    assert not may_approve(candidate)


@pytest.mark.parametrize(
    ("received", "message"),
    [
        ("2026-10-28", "公示期"),  # the day before the period
        ("2026-11-05", "公示期"),  # the day after it
    ],
)
def test_a_day_of_receipt_outside_the_period_is_refused(
    client, closed_notice, received, message
):
    client.force_login(make_handler())
    response = _post(client, closed_notice, received_on=received)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Objection.objects.exists()


def test_the_first_day_of_the_period_counts(client, closed_notice):
    client.force_login(make_handler())
    assert _post(client, closed_notice, received_on="2026-10-29").status_code == 200


def test_a_future_day_is_refused(today):
    page = make_notice(start=today, days=10)
    with pytest.raises(WrittenObjectionRefused) as exc:
        record_written_objection(
            page, DATA, channel=Channel.IN_PERSON, received_on=today + timedelta(days=1)
        )
    assert "received_on" in exc.value.errors
    assert not Objection.objects.exists()


def test_online_is_not_a_written_channel(today):
    page = make_notice(start=today, days=10)
    with pytest.raises(WrittenObjectionRefused):
        record_written_objection(page, DATA, channel=Channel.ONLINE, received_on=today)


def test_a_sustained_written_objection_blocks_the_approval(closed_notice):
    candidate = closed_notice.candidates.first()
    filed = record_written_objection(
        closed_notice,
        {**DATA, "candidate": candidate},
        channel=Channel.FAX,
        received_on=date(2026, 11, 2),
    )
    handle(filed.objection, status="checking", finding="", reply="", reason="")
    handle(
        filed.objection, status="replied", finding="sustained", reply="属实", reason=""
    )
    answer = may_approve(candidate)
    assert not answer
    assert filed.objection.receipt_no in answer.reason
    assert outcome(closed_notice).sustained == 1


def test_the_scan_is_required_and_checked(client, closed_notice):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(make_handler())
    response = _post(client, closed_notice, scan="")
    assert response.status_code == 400
    fake = SimpleUploadedFile("信.pdf", b"<html>not a pdf</html>", "application/pdf")
    response = _post(client, closed_notice, scan=fake)
    assert response.status_code == 400
    assert "PDF" in response.content.decode()
    assert not Objection.objects.exists()


def test_only_handlers_enter_written_objections(
    client, closed_notice, django_user_model
):
    from django.contrib.auth.models import Group

    editor = django_user_model.objects.create_user("editor", password="pw")
    editor.groups.add(Group.objects.get(name="市局编辑"))
    client.force_login(editor)
    assert client.get(reverse("objections_admin:record")).status_code == 403
    assert _post(client, closed_notice).status_code == 403
    assert not Objection.objects.exists()


def test_the_handler_chooses_among_begun_notices(client, closed_notice, today):
    upcoming = make_notice(start=today + timedelta(days=14), days=5)
    client.force_login(make_handler())
    html = client.get(reverse("objections_admin:record")).content.decode()
    assert closed_notice.title in html
    assert upcoming.title not in html
