"""拟任职人员公示 on a site that installs only the notices plugin.

The whole flow: a writer submits the notice, another person approves it in the
workflow and it goes live; the people listed enter the notice; a citizen files an
objection through the public form; a handler answers it; after the window the
candidates are approved (or not) by the rule of the notice.
"""

from __future__ import annotations

import sys
import time
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission, User
from django.core.exceptions import PermissionDenied
from wagtail.models import Page

from notices.models import NoticeCandidate, NoticeIndexPage, NoticePage, Objection
from notices.services.limits import issue_token
from notices.services.notices import ApprovalRefused, approve_candidate
from notices.services.objections import handle
from notices.services.workflow import ensure_publication_workflow
from tests.personnel_site.personnel.models import Person

pytestmark = pytest.mark.django_db


def _group(name: str, codename: str) -> Group:
    group = Group.objects.create(name=name)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="notices", codename=codename)
    )
    return group


def _user(username: str, group: Group) -> User:
    user = User.objects.create_user(username, password=f"{username}-pw-1")
    user.groups.add(group)
    return user


@pytest.fixture
def people():
    return [
        Person.objects.create(
            name="张三", current_post="人事科副科长", proposed_post="人事科科长"
        ),
        Person.objects.create(
            name="李四", current_post="办公室科员", proposed_post="办公室副主任"
        ),
    ]


@pytest.fixture
def notice(people, today):
    """Written by one person, approved by another through the workflow."""
    writer = _user("writer", _group("人事科", "write_notices"))
    approver = _user("approver", _group("局领导", "approve_notices"))
    root = Page.objects.get(depth=1).get_children().first()
    index = root.add_child(
        instance=NoticeIndexPage(title="人事任免公示", slug="renmian")
    )
    workflow = ensure_publication_workflow(index)
    page = index.add_child(
        instance=NoticePage(
            title="拟任职人员公示",
            slug="nirenzhi",
            start_date=today,
            working_days=5,
            contact_unit="局组织人事科",
            live=False,
            candidates=[NoticeCandidate(subject=p) for p in people],
        )
    )
    page.save_revision(user=writer)
    state = workflow.start(page, writer)
    task_state = state.current_task_state
    task = task_state.task.specific
    with pytest.raises(PermissionDenied):
        task.on_action(task_state, writer, "approve")  # nobody approves their own
    assert not NoticePage.objects.get(pk=page.pk).live
    task.on_action(task_state, approver, "approve")
    return NoticePage.objects.get(pk=page.pk)


@pytest.fixture
def today():
    from django.utils import timezone

    return timezone.localdate()


def test_the_plugin_runs_without_the_demo_site():
    for name in ("home", "parkregistry", "demosite"):
        assert name not in sys.modules
        with pytest.raises(ImportError):
            __import__(name)


def test_publication_puts_the_people_in_the_notice(notice, people, client):
    assert notice.live
    for person in people:
        person.refresh_from_db()
        assert person.status == Person.Status.IN_NOTICE
    html = client.get(notice.url).content.decode()
    for fact in ("张三", "人事科科长", "李四", "办公室副主任", "拟任职务"):
        assert fact in html
    assert "公示期为2026年11月10日至2026年11月16日（5个工作日）" in html
    feed = client.get("/notices/feed/").content.decode()
    assert "拟任职人员公示" in feed


def test_objection_handling_and_the_outcome(notice, people, client):
    first, second = notice.candidates.order_by("sort_order")
    form = client.get(notice.url + "objection/")
    assert form.status_code == 200
    assert "某市人力资源和社会保障局" in form.content.decode()  # the consent text
    response = client.post(
        notice.url + "objection/",
        {
            "kind": "individual",
            "name": "王五",
            "organisation": "",
            "phone": "13800001234",
            "email": "",
            "address": "",
            "candidate": str(first.pk),
            "content": "该同志任现职时间不满规定年限，请核查。",
            "consent": "on",
            "form_token": issue_token(issued_at=time.time() - 60),
            "website": "",
        },
    )
    assert response.status_code == 303
    objection = Objection.objects.get()
    assert objection.candidate == first
    receipt = client.get(response["Location"]).content.decode()
    assert objection.receipt_no in receipt

    # While the notice runs, nobody is approved.
    with pytest.raises(ApprovalRefused):
        approve_candidate(second)

    handle(objection, status="checking", finding="", reply="", reason="")
    handle(
        objection,
        status="replied",
        finding="sustained",
        reply="经核查，情况属实。",
        reason="",
    )
    closed = notice.window().closes_at + timedelta(hours=1)
    with time_machine.travel(closed, tick=False):
        html = client.get(notice.url).content.decode()
        assert "公示期满，共收到异议1件。" in html
        assert "王五" not in html  # counts only, never who objected
        with pytest.raises(ApprovalRefused, match="成立"):
            approve_candidate(first)
        assert approve_candidate(second) == people[1]
    people[0].refresh_from_db()
    people[1].refresh_from_db()
    assert people[0].status == Person.Status.IN_NOTICE
    assert people[1].status == Person.Status.APPOINTED


def test_a_handler_needs_the_permission(notice, client):
    handler = _user("handler", _group("纪检监察", "handle_objection"))
    handler.groups.first().permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    writer = User.objects.get(username="writer")
    client.force_login(writer)
    assert client.get("/admin/objections/").status_code in (302, 403)
    client.force_login(handler)
    assert client.get("/admin/objections/").status_code == 200


def test_appointed_people_cannot_be_listed_again(people):
    people[0].status = Person.Status.APPOINTED
    people[0].save()
    candidate = NoticeCandidate(subject=people[0])
    with pytest.raises(Exception, match="已任职"):
        candidate.full_clean(exclude=["page"])


def test_the_dashboards_work_with_another_subject(notice, client):
    """The handler's panel names the person objected to, never the objector; the
    approver's panel answers with nothing waiting."""
    from django.utils import timezone

    handler = _user("handler", _group("纪检监察", "handle_objection"))
    handler.groups.first().permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    objection = Objection.objects.create(
        notice=notice,
        candidate=notice.candidates.get(subject__name="张三"),
        receipt_no="YY2026-000001",
        code_hash="x",
        kind="individual",
        name="王五",
        phone="13912345678",
        content="反映张三的工作情况。",
        submitted_at=timezone.now(),
    )
    client.force_login(handler)
    html = client.get("/admin/").content.decode()
    assert f'href="/admin/objections/{objection.pk}/"' in html
    assert "张三" in html and "YY2026-000001" in html
    assert "王五" not in html and "13912345678" not in html
    client.force_login(User.objects.get(username="approver"))
    assert 'id="publication-review-section"' in client.get("/admin/").content.decode()
