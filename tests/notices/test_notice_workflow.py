"""Publication workflow, permissions, scheduled publishing and corrections."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Workflow, WorkflowPage

from home.roles import CITY_APPROVER, CITY_EDITOR, COUNTY_EDITOR
from notices.models import NoticeCorrection, NoticePage, PublicationApprovalTask
from notices.models.approval import may_approve
from notices.rules.workingdays import SHANGHAI
from notices.services.notices import CorrectionRefused, extend, restart
from notices.services.workflow import WORKFLOW_NAME, ensure_publication_workflow
from parkregistry.models import Stage
from tests.factories_notices import make_application, make_notice_page, notice_index

pytestmark = pytest.mark.django_db


def user_in(django_user_model, name, *groups):
    user = django_user_model.objects.create_user(name, f"{name}@example.com", "pw")
    for group in groups:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def setup(django_user_model):
    index = notice_index()
    ensure_publication_workflow(index)
    editor = user_in(django_user_model, "editor", CITY_EDITOR)
    approver = user_in(django_user_model, "approver", CITY_APPROVER)
    both = user_in(django_user_model, "both", CITY_EDITOR, CITY_APPROVER)
    county = user_in(django_user_model, "county", COUNTY_EDITOR)
    return index, editor, approver, both, county


def submit(page, user):
    page.save_revision(user=user)
    workflow = page.get_workflow()
    assert workflow.name == WORKFLOW_NAME
    return workflow.start(page, user)


def test_workflow_assignment_is_idempotent(setup):
    index = setup[0]
    ensure_publication_workflow(index)
    assert Workflow.objects.filter(name=WORKFLOW_NAME).count() == 1
    assert WorkflowPage.objects.filter(page=index).count() == 1
    task = PublicationApprovalTask.objects.get()
    assert list(task.groups.values_list("name", flat=True)) == [CITY_APPROVER]


def test_editor_submits_approver_approves_and_candidates_move(setup):
    index, editor, approver, _both, _county = setup
    app = make_application()
    page = make_notice_page(
        publish=False, applications=[app], start_date=date(2026, 12, 14)
    )
    assert not page.permissions_for_user(editor).can_publish()
    assert page.permissions_for_user(editor).can_edit()
    state = submit(page, editor)
    task = state.current_task_state.task.specific
    assert "approve" not in [a[0] for a in task.get_actions(page, editor)]
    assert "approve" in [a[0] for a in task.get_actions(page, approver)]
    task.on_action(state.current_task_state, approver, "approve")
    page.refresh_from_db()
    assert page.live
    app.refresh_from_db()
    assert app.stage == Stage.IN_NOTICE


def test_nobody_approves_their_own_submission(setup):
    _index, _editor, _approver, both, _county = setup
    page = make_notice_page(publish=False)
    state = submit(page, both)
    task = state.current_task_state.task.specific
    assert [a[0] for a in task.get_actions(page, both)] == ["reject"]
    with pytest.raises(PermissionDenied):
        task.on_action(state.current_task_state, both, "approve")
    page.refresh_from_db()
    assert not page.live


def test_approval_refuses_an_unconfirmed_year(setup):
    _index, editor, approver, _both, _county = setup
    page = make_notice_page(publish=False, start_date=date(2026, 12, 28))
    state = submit(page, editor)
    task = state.current_task_state.task.specific
    assert [a[0] for a in task.get_actions(page, approver)] == ["reject"]
    with pytest.raises(PermissionDenied) as exc:
        task.on_action(state.current_task_state, approver, "approve")
    assert "2027" in str(exc.value)
    page.refresh_from_db()
    assert not page.live


def test_county_editor_cannot_publish_or_edit_notices(setup):
    _index, _editor, _approver, _both, county = setup
    page = make_notice_page(publish=False)
    perms = page.permissions_for_user(county)
    assert not perms.can_publish()
    assert not perms.can_edit()


def test_scheduled_notice_is_hidden_until_its_time(setup, client, settings, clock, now):
    settings.PAGE_CACHE_SECONDS = 0
    _index, editor, approver, _both, _county = setup
    page = make_notice_page(publish=False, start_date=date(2026, 12, 14))
    page.go_live_at = now + timedelta(days=3)
    page.save()
    state = submit(page, editor)
    task = state.current_task_state.task.specific
    task.on_action(state.current_task_state, approver, "approve")
    page.refresh_from_db()
    assert not page.live
    assert client.get("/notices/" + page.slug + "/").status_code == 404
    assert page.title not in client.get("/notices/").content.decode()
    assert page.revisions.filter(approved_go_live_at__isnull=False).exists()
    clock.move_to(now + timedelta(days=3, seconds=1))
    call_command("publish_scheduled", stdout=StringIO())
    page.refresh_from_db()
    assert page.live
    assert client.get(page.url).status_code == 200


# --- corrections -------------------------------------------------------------------


def open_notice():
    page = make_notice_page(start_date=date(2026, 9, 28), working_days=8)
    NoticePage.objects.filter(pk=page.pk).update(
        first_published_at=datetime(2026, 9, 27, 9, tzinfo=SHANGHAI)
    )
    return NoticePage.objects.get(pk=page.pk)


def test_extension_moves_only_the_end_and_is_recorded(client, settings, monkeypatch):
    settings.PAGE_CACHE_SECONDS = 0
    page = open_notice()
    now = datetime(2026, 10, 9, 10, tzinfo=SHANGHAI)
    extend(page, 2, "应申报单位请求补充材料", now=now)
    window = page.window()
    assert window.start == date(2026, 9, 28)
    assert window.end == date(2026, 10, 15)
    correction = NoticeCorrection.objects.get()
    assert correction.history.get().history_type == "+"
    from wagtail.models import PageLogEntry

    assert PageLogEntry.objects.filter(
        page=page, action="notices.extend_notice"
    ).exists()
    monkeypatch.setattr(timezone, "now", lambda: now)
    html = client.get(page.url).content.decode()
    assert "延长公示" in html
    assert "公示期为2026年9月28日至2026年10月15日（10个工作日）" in html
    # After closing, no more extensions.
    with pytest.raises(CorrectionRefused):
        extend(page, 1, "太晚了", now=datetime(2026, 10, 16, tzinfo=SHANGHAI))
    with pytest.raises(CorrectionRefused):
        extend(page, 0, "无效", now=now)


def test_material_correction_restarts_the_full_period(client, settings, monkeypatch):
    settings.PAGE_CACHE_SECONDS = 0
    page = open_notice()
    now = datetime(2026, 10, 9, 10, tzinfo=SHANGHAI)
    with pytest.raises(CorrectionRefused):
        restart(page, date(2026, 10, 1), "过去的日期", now=now)
    restart(page, date(2026, 10, 12), "更正公示对象的园区面积", now=now)
    window = page.window()
    assert window.start == date(2026, 10, 12)
    assert window.working_days == 8
    monkeypatch.setattr(timezone, "now", lambda: now)
    html = client.get(page.url).content.decode()
    assert "更正后重新公示" in html
    assert "<del>公示期为2026年9月28日至2026年10月13日（8个工作日）</del>" in html
    assert "公示期为2026年10月12日至2026年10月21日（8个工作日）" in html
    assert "未开始" in html


def test_may_approve_follows_corrections():
    page = open_notice()
    candidate = page.candidates.first()
    after_original_close = datetime(2026, 10, 14, 9, tzinfo=SHANGHAI)
    assert may_approve(candidate, now=after_original_close)
    extend(page, 3, "延长", now=datetime(2026, 10, 9, tzinfo=SHANGHAI))
    answer = may_approve(candidate, now=after_original_close)
    assert not answer
    assert answer.reason
