"""Objection services: receipts, lookup, handling, outcome, may_approve, purge."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command

from notices.models import Objection, ObjectionAttachment
from notices.models.approval import may_approve
from notices.models.windows import outcome
from notices.services.objections import (
    MoveRefused,
    ObjectionWindowClosed,
    file_objection,
    find_for_lookup,
    handle,
    hash_code,
    is_overdue,
    purge_due,
)
from tests.factories_objections import (
    _private_root,  # noqa: F401
    closed_notice,
    file_one,
    make_notice,
    pdf_file,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_private_root")]


def test_receipt_numbers_are_sequential_per_year(today):
    page = make_notice()
    first = file_one(page).objection
    second = file_one(page).objection
    year = today.year
    assert first.receipt_no == f"YY{year}-000001"
    assert second.receipt_no == f"YY{year}-000002"


def test_code_is_long_random_and_only_hashed():
    page = make_notice()
    filed = file_one(page)
    assert len(filed.code) >= 22
    assert filed.objection.code_hash == hash_code(filed.code)
    assert filed.code not in filed.objection.code_hash


def test_lookup_needs_both_number_and_code():
    page = make_notice()
    filed = file_one(page)
    no = filed.objection.receipt_no
    assert find_for_lookup(no, filed.code) == filed.objection
    assert find_for_lookup(no, filed.code + "x") is None
    assert find_for_lookup("YY1999-000001", filed.code) is None


def test_filing_outside_the_window_is_refused():
    page = closed_notice()
    with pytest.raises(ObjectionWindowClosed):
        file_one(page)
    assert not Objection.objects.exists()


def test_reply_deadline_in_working_days_and_overdue(settings, today):
    settings.OBJECTION_REPLY_WORKING_DAYS = 10
    page = make_notice()
    objection = file_one(page).objection
    assert objection.reply_due > today + timedelta(days=10 - 1)
    assert not is_overdue(objection)
    assert is_overdue(objection, objection.reply_due + timedelta(days=1))
    handle(objection, status="checking", finding="", reply="", reason="")
    objection.refresh_from_db()
    assert is_overdue(objection, objection.reply_due + timedelta(days=1))


def test_handling_moves_and_history():
    page = make_notice()
    objection = file_one(page).objection
    with pytest.raises(MoveRefused):
        handle(objection, status="replied", finding="sustained", reply="x", reason="")
    handle(objection, status="checking", finding="", reply="", reason="")
    with pytest.raises(MoveRefused) as exc:
        handle(objection, status="replied", finding="", reply="", reason="")
    assert set(exc.value.errors) == {"finding", "reply"}
    handle(
        objection,
        status="replied",
        finding="not_sustained",
        reply="不成立。",
        reason="",
    )
    handle(
        objection, status="closed", finding="not_sustained", reply="不成立。", reason=""
    )
    objection.refresh_from_db()
    assert objection.replied_at and objection.closed_at
    statuses = list(
        objection.history.order_by("history_date").values_list("status", flat=True)
    )
    assert statuses == ["received", "checking", "replied", "closed"]
    assert [h.history_type for h in objection.history.order_by("history_date")][:2] == [
        "+",
        "~",
    ]
    with pytest.raises(MoveRefused):
        handle(objection, status="checking", finding="", reply="", reason="")


def test_not_accepted_needs_a_reason():
    objection = file_one(make_notice()).objection
    with pytest.raises(MoveRefused):
        handle(objection, status="not_accepted", finding="", reply="", reason="")
    handle(objection, status="not_accepted", finding="", reply="", reason="与公示无关")
    objection.refresh_from_db()
    assert objection.closed_at is not None


def test_outcome_counts_without_personal_data():
    page = make_notice()
    a = file_one(page).objection
    file_one(page)
    handle(a, status="checking", finding="", reply="", reason="")
    handle(a, status="replied", finding="sustained", reply="成立", reason="")
    counts = outcome(page)
    assert counts.total == 2
    assert counts.sustained == 1
    assert counts.pending == 1
    assert (counts.not_sustained, counts.not_accepted, counts.withdrawn) == (0, 0, 0)
    assert "测试乙" not in repr(counts)
    assert outcome(make_notice()).total == 0


def test_sustained_objection_blocks_may_approve_with_the_reason():
    page = make_notice()
    candidate = page.candidates.first()
    other = page.candidates.last()
    objection = file_one(page, candidate=candidate).objection
    handle(objection, status="checking", finding="", reply="", reason="")
    handle(objection, status="replied", finding="sustained", reply="属实", reason="")
    handle(objection, status="closed", finding="sustained", reply="属实", reason="")
    after = page.window().closes_at + timedelta(seconds=1)
    answer = may_approve(candidate, now=after)
    assert not answer.allowed
    assert objection.receipt_no in answer.reason
    assert "成立" in answer.reason
    assert may_approve(other, now=after).allowed


def test_not_sustained_objection_lets_the_candidate_through():
    page = make_notice()
    candidate = page.candidates.first()
    objection = file_one(page, candidate=candidate).objection
    after = page.window().closes_at + timedelta(seconds=1)
    assert not may_approve(candidate, now=after).allowed  # still being handled
    handle(objection, status="checking", finding="", reply="", reason="")
    handle(
        objection, status="replied", finding="not_sustained", reply="不属实", reason=""
    )
    handle(
        objection, status="closed", finding="not_sustained", reply="不属实", reason=""
    )
    assert may_approve(candidate, now=after).allowed


def test_purge_after_retention_with_a_moved_clock(
    settings, django_capture_on_commit_callbacks
):
    settings.OBJECTION_RETENTION_YEARS = 3
    from notices.services.objection_files import check_upload

    page = make_notice()
    filed = file_objection(
        page,
        {
            "kind": "individual",
            "name": "测试庚",
            "phone": "13800009999",
            "email": "g@example.com",
            "address": "测试地址",
            "content": "需要清除的异议内容。",
            "candidate": None,
        },
        files=[check_upload(pdf_file())],
    )
    objection = filed.objection
    stored = objection.attachments.get().stored_name
    handle(objection, status="not_accepted", finding="", reply="", reason="无关")
    objection.refresh_from_db()
    closed = objection.closed_at
    still_open = file_one(page).objection

    with time_machine.travel(closed + timedelta(days=365 * 3 - 2), tick=False):
        assert purge_due() == 0
    with (
        time_machine.travel(closed + timedelta(days=365 * 3 + 2), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("purge_objections", stdout=__import__("io").StringIO())
    objection.refresh_from_db()
    assert objection.purged_at is not None
    for field in ("name", "phone", "email", "address", "content"):
        assert getattr(objection, field) == ""
    assert objection.receipt_no and objection.status == "not_accepted"
    assert not objection.history.filter(name="测试庚").exists()
    assert not objection.history.exclude(phone="").exists()
    assert not ObjectionAttachment.objects.filter(objection=objection).exists()
    assert not ObjectionAttachment.history.filter(stored_name=stored).exists()
    assert not (settings.OBJECTION_ATTACHMENT_ROOT / stored).exists()
    still_open.refresh_from_db()
    assert still_open.name == "测试乙"  # not closed: kept


def test_reply_deadline_skips_holidays_and_counts_makeup_days(settings):
    from datetime import date

    from notices.services.objections import reply_due_for

    settings.OBJECTION_REPLY_WORKING_DAYS = 10
    # 国庆 2026: 1–7 October off, Saturday 10 October worked.
    assert reply_due_for(date(2026, 9, 30)) == date(2026, 10, 20)
    settings.OBJECTION_REPLY_WORKING_DAYS = 3
    assert reply_due_for(date(2026, 9, 30)) == date(2026, 10, 10)
    # a year without confirmed holiday data is never guessed
    assert reply_due_for(date(2031, 12, 20)) is None
