"""The admin home of the notices roles: the approver's and the handler's panels."""

from __future__ import annotations

import html
import re
from datetime import date, datetime, timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from home.roles import CITY_APPROVER, CITY_EDITOR
from notices.admin.dashboard import AwaitingReviewPanel
from notices.models import Finding, Objection, ObjectionStatus
from notices.models.approval import may_approve
from notices.rules.formatting import (
    long_datetime,
    period_sentence,
    unconfirmed_year_message,
)
from notices.rules.workingdays import SHANGHAI
from notices.services.dashboard import (
    blocking_objections,
    open_notices,
    recent_notices,
)
from notices.services.workflow import ensure_publication_workflow
from tests.factories_notices import make_notice_page, notice_index
from tests.factories_objections import closed_notice, make_handler, make_notice

pytestmark = pytest.mark.django_db

NAME, PHONE, EMAIL, ADDRESS = "张三丰", "13812345678", "zsf@example.com", "武当山路1号"


def body_of(client) -> str:
    response = client.get("/admin/")
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def section(body: str, section_id: str) -> str:
    """The HTML of one dashboard section ("" when it is not shown)."""
    match = re.search(
        rf'<section class="w-mb-8" id="{section_id}".*?</section>', body, re.S
    )
    return match.group(0) if match else ""


def count_of(body: str, section_id: str) -> int | None:
    match = re.search(rf'id="{section_id}"[^>]*data-count="(\d+)"', body)
    return int(match.group(1)) if match else None


_receipts = iter(range(1, 100_000))


def objection(page, *, candidate=None, status=ObjectionStatus.RECEIVED, **fields):
    n = next(_receipts)
    fields.setdefault("submitted_at", timezone.now() - timedelta(hours=n))
    return Objection.objects.create(
        notice=page,
        candidate=candidate,
        receipt_no=f"YY2026-{n:06d}",
        code_hash="x",
        kind="individual",
        name=NAME,
        phone=PHONE,
        email=EMAIL,
        address=ADDRESS,
        content="该候选园区入驻机构数量与申报材料不符，请核查。",
        status=status,
        **fields,
    )


def detail(obj) -> str:
    return reverse("objections_admin:detail", args=[obj.pk])


# --- the objection handler -------------------------------------------------------------


def test_handler_sees_new_due_and_open_notice_objections(client, today):
    open_page = make_notice()
    old_page = closed_notice()
    new = objection(open_page, candidate=open_page.candidates.first())
    overdue = objection(
        old_page, status=ObjectionStatus.CHECKING, reply_due=today - timedelta(days=1)
    )
    # Tuesday 10 November: two working days on is Thursday 12 November.
    near = objection(
        old_page, status=ObjectionStatus.CHECKING, reply_due=date(2026, 11, 12)
    )
    later = objection(
        old_page, status=ObjectionStatus.CHECKING, reply_due=date(2026, 11, 13)
    )
    done = objection(
        old_page,
        status=ObjectionStatus.CLOSED,
        finding=Finding.NOT_SUSTAINED,
        reply_due=today - timedelta(days=5),
    )
    client.force_login(make_handler())
    body = body_of(client)

    new_section = section(body, "objections-new")
    assert count_of(body, "objections-new") == 1
    assert detail(new) in new_section and new.receipt_no in new_section
    assert open_page.candidates.first().subject.name in new_section
    assert reverse("objections_admin:list") + "?status=received" in new_section

    due_section = section(body, "objections-due")
    assert count_of(body, "objections-due") == 2
    assert detail(overdue) in due_section and detail(near) in due_section
    assert detail(later) not in due_section and detail(done) not in due_section
    assert "?overdue=1" in due_section
    assert due_section.index(overdue.receipt_no) < due_section.index(near.receipt_no)

    open_section = section(body, "objections-open-notices")
    assert count_of(body, "objections-open-notices") == 1
    assert detail(new) in open_section and detail(overdue) not in open_section
    closes = open_notices()[0].window.closes_at
    assert open_page.title in open_section and long_datetime(closes) in open_section
    assert old_page.title not in open_section


def test_handler_dashboard_shows_no_personal_data(client):
    page = make_notice()
    objection(page, organisation="武当派")
    client.force_login(make_handler())
    body = body_of(client)
    for value in (NAME, PHONE, EMAIL, ADDRESS, "武当派", "张*", "138****5678"):
        assert value not in body


def test_handler_with_nothing_waiting_is_told_so(client):
    client.force_login(make_handler())
    body = body_of(client)
    assert 'id="objections-dashboard-section"' in body
    assert gettext("No objection is waiting for you.") in body
    assert section(body, "objections-new") == ""


def test_other_roles_get_no_objection_panel(client, django_user_model):
    objection(make_notice())
    editor = django_user_model.objects.create_user("editor", password="pw")
    editor.groups.add(Group.objects.get(name=CITY_EDITOR))
    client.force_login(editor)
    body = body_of(client)
    assert "objections-dashboard-section" not in body
    assert reverse("objections_admin:list") not in body


def test_handler_queries_do_not_grow_with_objections(client, today):
    open_page, old_page = make_notice(), closed_notice()
    client.force_login(make_handler())

    def add(n):
        for i in range(n):
            # More open notices too: windows are computed without a query each.
            also_open = (
                make_notice(candidates=("测试产业园丙",)) if i % 3 == 0 else None
            )
            objection(also_open or open_page)
            objection(
                old_page,
                status=ObjectionStatus.CHECKING,
                reply_due=today - timedelta(days=2),
            )

    def queries() -> int:
        client.get("/admin/")  # warm the caches (calendar, site, policy)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/admin/").status_code == 200
        return len(ctx.captured_queries)

    add(3)
    few = queries()
    add(27)
    many = queries()
    assert many == few
    assert few <= 30  # Wagtail's own home takes 15 of them
    body = body_of(client)
    assert count_of(body, "objections-new") == 30
    assert section(body, "objections-new").count("<tr>") == 10 + 1  # + the header


# --- notices open now ------------------------------------------------------------------


def test_open_notices_are_found_without_computing_old_windows(today):
    open_page = make_notice()
    make_notice(start=today + timedelta(days=3), days=5)  # upcoming
    long_ago = closed_notice()
    ancient = make_notice(start=date(2025, 1, 6), days=5)
    candidates = set(recent_notices(today).values_list("pk", flat=True))
    assert ancient.pk not in candidates and long_ago.pk in candidates
    assert [row.page.pk for row in open_notices()] == [open_page.pk]


def test_a_notice_restarted_recently_is_open_again(today):
    from notices.services.notices import restart

    page = make_notice(start=date(2025, 1, 6), days=5)
    restart(page, today, "更正候选名单")
    assert [row.page.pk for row in open_notices()] == [page.pk]


# --- blocking objections: the set form of may_approve ------------------------------------


@pytest.mark.parametrize(
    ("status", "finding", "about_whole_notice"),
    [
        (ObjectionStatus.RECEIVED, "", False),
        (ObjectionStatus.CHECKING, "", True),
        (ObjectionStatus.REPLIED, Finding.NOT_SUSTAINED, False),
        (ObjectionStatus.CLOSED, Finding.NOT_SUSTAINED, False),
        (ObjectionStatus.CLOSED, Finding.SUSTAINED, True),
        (ObjectionStatus.NOT_ACCEPTED, "", False),
        (ObjectionStatus.WITHDRAWN, "", True),
    ],
)
def test_blocking_objections_agree_with_may_approve(
    status, finding, about_whole_notice
):
    page = closed_notice()
    first, second = page.candidates.all()
    objection(
        page,
        candidate=None if about_whole_notice else first,
        status=status,
        finding=finding,
    )
    for candidate in (first, second):
        blocked = blocking_objections(page.pk, candidate.pk).exists()
        assert blocked == (not may_approve(candidate)), (candidate, status, finding)


# --- the approver ---------------------------------------------------------------------


@pytest.fixture
def workflow_users(django_user_model):
    ensure_publication_workflow(notice_index())

    def user_in(name, *groups):
        user = django_user_model.objects.create_user(name, password="pw")
        for group in groups:
            user.groups.add(Group.objects.get(name=group))
        return user

    return (
        user_in("editor", CITY_EDITOR),
        user_in("approver", CITY_APPROVER),
        user_in("both", CITY_EDITOR, CITY_APPROVER),
    )


def submit(page, user):
    page.save_revision(user=user)
    return page.get_workflow().start(page, user)


def test_approver_sees_period_closing_moment_and_problems(client, workflow_users):
    editor, approver, _both = workflow_users
    good = make_notice_page(publish=False, start_date=date(2026, 12, 14))
    into_2027 = make_notice_page(
        publish=False, start_date=date(2026, 12, 28), working_days=10
    )
    submit(good, editor)
    submit(into_2027, editor)
    client.force_login(approver)
    body = body_of(client)
    pages = section(body, "publication-review-pages")
    assert count_of(body, "publication-review-pages") == 2
    edit = reverse("wagtailadmin_pages:edit", args=[good.pk])
    assert f'href="{edit}"' in pages
    window = good.window()
    assert period_sentence(window) in pages
    assert long_datetime(window.closes_at) in pages
    assert unconfirmed_year_message(2027) in pages
    # Wagtail's own panel with the actions stays, and is linked.
    assert 'id="awaiting-review-section"' in body
    assert 'href="#awaiting-review-section"' in pages
    assert datetime(2026, 12, 18, 23, 59, 59, tzinfo=SHANGHAI) == window.closes_at


def test_approver_is_told_of_their_own_submission(client, workflow_users):
    _editor, _approver, both = workflow_users
    page = make_notice_page(publish=False, start_date=date(2026, 12, 14))
    submit(page, both)
    client.force_login(both)
    pages = section(body_of(client), "publication-review-pages")
    assert page.title in pages
    assert (
        gettext("You submitted it (or edited it): another approver must approve it.")
        in pages
    )


def test_approver_with_nothing_waiting_is_told_so(client, workflow_users):
    client.force_login(workflow_users[1])
    body = body_of(client)
    assert 'id="publication-review-section"' in body
    assert gettext("Nothing is awaiting your review.") in body


def test_editor_gets_no_review_panel(client, workflow_users):
    client.force_login(workflow_users[0])
    assert "publication-review-section" not in body_of(client)


def test_review_panel_queries_stop_growing_after_the_rows_shown(rf, workflow_users):
    editor, approver, _both = workflow_users
    for _n in range(11):
        submit(make_notice_page(publish=False, start_date=date(2026, 12, 14)), editor)
    request = rf.get("/admin/")
    request.user = approver

    def queries() -> int:
        panel = AwaitingReviewPanel(request)
        panel.render_html({"request": request, "csrf_token": ""})
        with CaptureQueriesContext(connection) as ctx:
            AwaitingReviewPanel(request).render_html(
                {"request": request, "csrf_token": ""}
            )
        return len(ctx.captured_queries)

    eleven = queries()
    for _n in range(3):
        submit(make_notice_page(publish=False, start_date=date(2026, 12, 14)), editor)
    assert queries() == eleven


def test_holiday_reminder_is_kept_beside_the_new_panels(client, django_user_model):
    # The test world confirms holiday years up to 2026: from 1 October 2026 the
    # 2027 arrangement is missing, and the reminder says so once.
    editor = django_user_model.objects.create_user("editor", password="pw")
    editor.groups.add(Group.objects.get(name=CITY_EDITOR))
    client.force_login(editor)
    body = body_of(client)
    assert body.count('id="holiday-year-reminder-section"') == 1
    assert "2027" in section_of_panel(body, "holiday-year-reminder-section")


def section_of_panel(body: str, panel_id: str) -> str:
    start = body.index(f'id="{panel_id}"')
    return body[start : body.index("</section>", start)]
