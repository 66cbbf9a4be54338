"""Notification emails: objection handlers, the objector's reply notice, the city
editors' reminders about notice windows, and the staff's switch to turn them off."""

from __future__ import annotations

import logging
import re
from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from home.roles import CITY_EDITOR, OBJECTION_HANDLER
from notices.models import Channel, NoticeReminder, NotificationPreference, Objection
from notices.models.windows import effective_window, outcome
from notices.services.notices import extend
from notices.services.notifications import (
    HANDLE_OBJECTION,
    reminder_day,
    staff_recipients,
)
from notices.services.objections import handle, record_written_objection
from tests.factories_notices import make_notice_page
from tests.factories_objections import file_one, make_notice

pytestmark = pytest.mark.django_db

BASE = "https://rsj.example.cn"
SHANGHAI = ZoneInfo("Asia/Shanghai")

# The objector, as typed in the form: none of it may reach a staff mail.
NAME = "欧阳测试"
PHONE = "13912345678"
EMAIL = "objector@example.org"
ADDRESS = "榆次区测试路99号"
ORGANISATION = "测试咨询公司"
CONTENT = "该园区入驻机构数量与申报材料明显不符，请认真核查。"


class FailingBackend(BaseEmailBackend):
    """A mail server that refuses everything (and quotes the address, as SMTP does)."""

    def send_messages(self, messages):
        raise ConnectionRefusedError(f"refused {messages[0].to}")


@pytest.fixture(autouse=True)
def _site(settings, tmp_path):
    settings.WAGTAILADMIN_BASE_URL = BASE
    settings.OBJECTION_ATTACHMENT_ROOT = tmp_path / "private" / "objections"


def staff(username, group, email=None, **extra):
    user = get_user_model().objects.create_user(
        username, email=email or "", password="pw-" + username, **extra
    )
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def handlers():
    """Two handlers with addresses, one opted out, one without an address, one
    inactive; a city editor and a superuser who hold no handler role."""
    first = staff("handler1", OBJECTION_HANDLER, "h1@example.cn")
    second = staff("handler2", OBJECTION_HANDLER, "h2@example.cn")
    quiet = staff("handler3", OBJECTION_HANDLER, "quiet@example.cn")
    NotificationPreference.objects.create(user=quiet, work_emails=False)
    staff("handler4", OBJECTION_HANDLER)
    staff("handler5", OBJECTION_HANDLER, "gone@example.cn", is_active=False)
    staff("city", CITY_EDITOR, "city@example.cn")
    get_user_model().objects.create_superuser(
        "root", email="root@example.cn", password="pw-root-1"
    )
    return first, second


@pytest.fixture
def city_editors():
    """Two city editors with addresses, one opted out; a handler (not told)."""
    staff("editor1", CITY_EDITOR, "e1@example.cn")
    staff("editor2", CITY_EDITOR, "e2@example.cn")
    quiet = staff("editor3", CITY_EDITOR, "e3@example.cn")
    NotificationPreference.objects.create(user=quiet, work_emails=False)
    staff("handler", OBJECTION_HANDLER, "h@example.cn")
    return {"e1@example.cn", "e2@example.cn"}


def zh(msgid: str, **values) -> str:
    with translation.override("zh-hans"):
        text = gettext(msgid)
        return text % values if values else text


def to_sets(messages):
    return [set(m.to) for m in messages]


def personal_data_absent(message):
    text = message.subject + message.body
    for value in (NAME, PHONE, EMAIL, ADDRESS, ORGANISATION, CONTENT):
        assert value not in text


def file_with_everything(page):
    return file_one(
        page,
        kind="organisation",
        name=NAME,
        phone=PHONE,
        email=EMAIL,
        address=ADDRESS,
        organisation=ORGANISATION,
        content=CONTENT,
    )


# --- objections --------------------------------------------------------------


def test_an_online_objection_mails_the_handlers_without_personal_data(
    handlers, django_capture_on_commit_callbacks
):
    page = make_notice()
    with django_capture_on_commit_callbacks(execute=True):
        filed = file_with_everything(page)
    objection = filed.objection
    receipt, *to_staff = mail.outbox
    assert receipt.to == [EMAIL]  # the objector's own receipt, as before
    assert sorted(m.to[0] for m in to_staff) == ["h1@example.cn", "h2@example.cn"]
    assert all(len(m.to) == 1 for m in to_staff)  # colleagues not disclosed
    for message in to_staff:
        personal_data_absent(message)
        assert filed.code not in message.body
        assert objection.receipt_no in message.subject
        assert page.title in message.body
        assert str(objection.candidate) in message.body
        detail = BASE + reverse("objections_admin:detail", args=[objection.pk])
        assert detail in message.body
        assert BASE + reverse("wagtailadmin_account") in message.body


def test_a_written_objection_mails_the_other_handlers(
    handlers, today, django_capture_on_commit_callbacks
):
    recorder, other = handlers
    page = make_notice(start=today, days=10)
    data = {
        "kind": "individual",
        "name": NAME,
        "organisation": "",
        "phone": PHONE,
        "email": "",
        "address": ADDRESS,
        "candidate": None,
        "content": CONTENT,
    }
    with django_capture_on_commit_callbacks(execute=True):
        filed = record_written_objection(
            page, data, channel=Channel.POST, received_on=today, user=recorder
        )
    assert to_sets(mail.outbox) == [{other.email}]
    message = mail.outbox[0]
    personal_data_absent(message)
    assert filed.objection.receipt_no in message.body
    assert zh("The whole notice") in message.body
    assert zh("By post") in message.body


def test_a_repeated_submission_mails_nobody_again(
    handlers, django_capture_on_commit_callbacks
):
    from notices.services.objections import file_objection

    page = make_notice()
    data = {
        "kind": "individual",
        "name": NAME,
        "phone": PHONE,
        "email": "",
        "candidate": None,
        "content": CONTENT,
    }
    with django_capture_on_commit_callbacks(execute=True):
        file_objection(page, data, token="same-form")
    with django_capture_on_commit_callbacks(execute=True):
        again = file_objection(page, data, token="same-form")
    assert again.duplicate
    assert len(mail.outbox) == 2  # the two handlers, once


def test_a_failing_mail_server_loses_no_objection(
    handlers, settings, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.notices.test_notifications.FailingBackend"
    page = make_notice()
    with caplog.at_level(logging.DEBUG):
        with django_capture_on_commit_callbacks(execute=True):
            filed = file_with_everything(page)
    assert Objection.objects.filter(pk=filed.objection.pk).exists()
    assert mail.outbox == []
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "objection received: 2 of 2 notification mails could not be sent" in logged
    for value in (EMAIL, "h1@example.cn", "h2@example.cn", NAME, PHONE, filed.code):
        assert value not in logged


def test_the_objector_is_told_of_the_reply_only_with_an_address(
    handlers, django_capture_on_commit_callbacks
):
    page = make_notice()
    with_address = file_with_everything(page)
    without = file_one(page, email="")
    mail.outbox.clear()
    for filed in (with_address, without):
        handle(filed.objection, status="checking", finding="", reply="", reason="")
        with django_capture_on_commit_callbacks(execute=True):
            handle(
                filed.objection,
                status="replied",
                finding="not_sustained",
                reply="经核查，异议不成立，答复内容。",
                reason="",
            )
    assert [m.to for m in mail.outbox] == [[EMAIL]]
    message = mail.outbox[0]
    objection = with_address.objection
    assert objection.receipt_no in message.subject
    assert page.title in message.body
    assert BASE + reverse("objections:lookup") in message.body
    assert BASE + "/notices/objections/lookup/" in message.body
    assert with_address.code not in message.body  # never the query code
    assert "答复内容" not in message.body  # the reply is read at the lookup
    # Closing it afterwards, or saving the reply again, mails nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        handle(
            objection,
            status="closed",
            finding="not_sustained",
            reply="经核查，异议不成立，答复内容。",
            reason="",
        )
    assert len(mail.outbox) == 1


# --- notice windows ------------------------------------------------------------


def at(*args) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)


def run(*options) -> str:
    out = StringIO()
    call_command("send_notice_reminders", *options, stdout=out)
    return out.getvalue()


def test_closing_soon_then_closed_once_each(
    clock, city_editors, django_capture_on_commit_callbacks
):
    # TEST_NOW is Tue 10 Nov 2026: Mon 9 Nov + 5 working days closes Fri 13 Nov.
    page = make_notice(start=date(2026, 11, 9), days=5, title="五日公示")
    window = effective_window(page)
    assert window.closes_at == at(2026, 11, 13, 23, 59, 59)
    assert reminder_day(window) == date(2026, 11, 12)

    with django_capture_on_commit_callbacks(execute=True):
        run()
    assert mail.outbox == []

    clock.move_to(at(2026, 11, 12, 8, 0))
    with django_capture_on_commit_callbacks(execute=True):
        output = run()
    assert "closing_soon" in output
    assert {m.to[0] for m in mail.outbox} == city_editors
    assert len(mail.outbox) == 2
    soon = mail.outbox[0]
    assert soon.subject == zh(
        "Notice closes in one working day: %(title)s", title="五日公示"
    )
    assert BASE + reverse("wagtailadmin_pages:edit", args=[page.pk]) in soon.body
    assert BASE + reverse("wagtailadmin_account") in soon.body

    with django_capture_on_commit_callbacks(execute=True):
        run()  # the same day, again: nothing twice
    assert len(mail.outbox) == 2

    file_with_everything(page)  # an objection before the close
    clock.move_to(at(2026, 11, 14, 8, 0))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        run()
        run()
    assert len(mail.outbox) == 2
    closed = mail.outbox[0]
    assert closed.subject == zh("Notice closed: %(title)s", title="五日公示")
    with translation.override("zh-hans"):
        counts = outcome(page)
        assert counts.total == 1
        assert counts.sentence() in closed.body
        assert all(line in closed.body for line in counts.lines())
    personal_data_absent(closed)
    assert list(
        NoticeReminder.objects.filter(notice=page)
        .order_by("pk")
        .values_list("kind", "closes_at")
    ) == [
        (NoticeReminder.Kind.CLOSING_SOON, window.closes_at),
        (NoticeReminder.Kind.CLOSED, window.closes_at),
    ]


def test_the_reminder_skips_holidays_to_the_working_day_before(
    clock, city_editors, django_capture_on_commit_callbacks
):
    # Thu 24 Sep 2026 + 5 working days: 24, 28, 29, 30 Sep and Thu 8 Oct
    # (25 Sep to 7 Oct are weekend or 中秋/国庆 holidays). The working day before
    # the closing day is Wed 30 Sep, not the holiday 7 Oct.
    clock.move_to(at(2026, 9, 23, 10, 0))
    page = make_notice(start=date(2026, 9, 24), days=5)
    window = effective_window(page)
    assert window.end == date(2026, 10, 8)
    assert reminder_day(window) == date(2026, 9, 30)

    clock.move_to(at(2026, 9, 29, 18, 0))
    with django_capture_on_commit_callbacks(execute=True):
        run()
    assert mail.outbox == []
    clock.move_to(at(2026, 9, 30, 8, 0))
    with django_capture_on_commit_callbacks(execute=True):
        run()
    assert {m.to[0] for m in mail.outbox} == city_editors


def test_an_extension_is_announced_again(
    clock, city_editors, django_capture_on_commit_callbacks
):
    page = make_notice(start=date(2026, 11, 9), days=5)
    clock.move_to(at(2026, 11, 12, 8, 0))
    with django_capture_on_commit_callbacks(execute=True):
        run()
    assert len(mail.outbox) == 2
    # Two more working days: it now closes on Tue 17 Nov.
    extend(page, 2, "延长公示期")
    page.refresh_from_db()
    window = effective_window(page)
    assert window.closes_at == at(2026, 11, 17, 23, 59, 59)
    with django_capture_on_commit_callbacks(execute=True):
        run()  # the new closing day is not next yet
    assert len(mail.outbox) == 2
    clock.move_to(at(2026, 11, 16, 9, 0))
    with django_capture_on_commit_callbacks(execute=True):
        run()
        run()
    assert len(mail.outbox) == 4
    assert "2026年11月17日" in mail.outbox[-1].body
    clock.move_to(at(2026, 11, 18, 9, 0))
    with django_capture_on_commit_callbacks(execute=True):
        run()
        run()
    assert len(mail.outbox) == 6
    assert NoticeReminder.objects.filter(notice=page).count() == 3


def test_dry_run_prints_and_sends_nothing(
    clock, city_editors, django_capture_on_commit_callbacks
):
    page = make_notice(start=date(2026, 11, 9), days=5, title="试运行公示")
    clock.move_to(at(2026, 11, 12, 8, 0))
    with django_capture_on_commit_callbacks(execute=True):
        output = run("--dry-run")
    assert re.search(rf"would send closing_soon: notice {page.pk} .*试运行公示", output)
    assert "2 recipient(s)" in output
    assert mail.outbox == []
    assert not NoticeReminder.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        run()
    assert len(mail.outbox) == 2


def test_only_live_and_recent_notices_are_reminded(
    clock, city_editors, django_capture_on_commit_callbacks
):
    draft = make_notice_page(
        publish=False, start_date=date(2026, 11, 9), working_days=5
    )
    assert not draft.live
    old = make_notice(start=date(2026, 9, 28), days=5)  # closed 9 Oct
    clock.move_to(at(2026, 11, 12, 8, 0))
    with django_capture_on_commit_callbacks(execute=True):
        run()
    assert mail.outbox == []
    assert not NoticeReminder.objects.filter(notice__in=[draft, old]).exists()


def test_a_repeated_reminder_is_refused_by_its_row(clock, city_editors):
    from notices.services.notifications import due_reminders, send_reminder

    make_notice(start=date(2026, 11, 9), days=5)
    clock.move_to(at(2026, 11, 12, 8, 0))
    (reminder,) = due_reminders()
    assert send_reminder(reminder) is True
    # An overlapping run that computed the same reminder before the row existed.
    assert send_reminder(reminder) is False
    assert NoticeReminder.objects.count() == 1


# --- the staff's switch ------------------------------------------------------------


def test_the_account_panel_switches_work_emails_off(
    client, handlers, django_capture_on_commit_callbacks
):
    first, second = handlers
    client.force_login(first)
    url = reverse("wagtailadmin_account")
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="notices_work_emails-work_emails"' in page.content.decode()
    response = client.post(
        url,
        {
            "name_email-first_name": "处理",
            "name_email-last_name": "一",
            "name_email-email": first.email,
            "locale-preferred_language": "",
            "locale-current_time_zone": "",
            "theme-theme": "system",
            "theme-density": "default",
            "theme-contrast": "system",
            "theme-keyboard_shortcuts": "on",
            # the work-emails box left unticked
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert NotificationPreference.objects.get(user=first).work_emails is False

    with django_capture_on_commit_callbacks(execute=True):
        file_one(make_notice())
    assert to_sets(mail.outbox) == [{second.email}]

    # Ticked again: mails again.
    response = client.post(
        url,
        {
            "name_email-first_name": "处理",
            "name_email-last_name": "一",
            "name_email-email": first.email,
            "theme-theme": "system",
            "theme-density": "default",
            "theme-contrast": "system",
            "notices_work_emails-work_emails": "on",
        },
    )
    assert response.status_code == 302
    assert NotificationPreference.objects.get(user=first).work_emails is True


# --- who receives staff mails, kept until the staff changes --------------------


def test_the_handlers_are_read_once_until_the_staff_changes(
    handlers, django_assert_num_queries
):
    first, second = handlers
    expected = ["h1@example.cn", "h2@example.cn"]
    assert staff_recipients(HANDLE_OBJECTION) == expected
    with django_assert_num_queries(0):  # a mail for every new objection: no query
        assert staff_recipients(HANDLE_OBJECTION) == expected
        assert staff_recipients(HANDLE_OBJECTION, exclude=[first]) == ["h2@example.cn"]
    # Each kind of change is seen at once.
    second.groups.clear()
    assert staff_recipients(HANDLE_OBJECTION) == ["h1@example.cn"]
    first.email = "new@example.cn"
    first.save()
    assert staff_recipients(HANDLE_OBJECTION) == ["new@example.cn"]
    NotificationPreference.objects.create(user=first, work_emails=False)
    assert staff_recipients(HANDLE_OBJECTION) == []
    second.groups.add(Group.objects.get(name=OBJECTION_HANDLER))
    assert staff_recipients(HANDLE_OBJECTION) == ["h2@example.cn"]
    Group.objects.get(name=OBJECTION_HANDLER).permissions.clear()
    assert staff_recipients(HANDLE_OBJECTION) == []


def test_a_sign_in_keeps_the_handlers(handlers, client, django_assert_num_queries):
    staff_recipients(HANDLE_OBJECTION)
    client.login(username="handler1", password="pw-handler1")
    with django_assert_num_queries(0):
        staff_recipients(HANDLE_OBJECTION)


def test_a_user_model_without_groups_or_permissions_is_no_obstacle():
    from notices.signals import _user_links

    assert _user_links(Group) == []  # no such fields: nothing to watch
    User = get_user_model()
    assert _user_links(User) == [User.groups.through, User.user_permissions.through]
