"""Notices and decisions go live only through the workflow, whatever the path.

For everyone but superusers: the page editor, the admin API actions (publish,
unpublish, copy, move, revert), bulk actions and scheduled publishing cannot put
a page of these types live, and an approval publishes exactly the revision that
was submitted, never one written by the approver.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Page, Revision

from home.roles import CITY_APPROVER, CITY_EDITOR
from notices.models import NoticeIndexPage, NoticePage
from notices.services.workflow import ensure_publication_workflow
from tests.factories_notices import make_notice_page, notice_index

pytestmark = pytest.mark.django_db


def _user(django_user_model, name, group=None, **kwargs):
    if kwargs.get("is_superuser"):
        return django_user_model.objects.create_superuser(name, f"{name}@e.cn", "pw")
    user = django_user_model.objects.create_user(name, f"{name}@e.cn", "pw")
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def people(django_user_model):
    ensure_publication_workflow(notice_index())
    return {
        "editor": _user(django_user_model, "editor", CITY_EDITOR),
        "approver": _user(django_user_model, "approver", CITY_APPROVER),
        "approver2": _user(django_user_model, "approver2", CITY_APPROVER),
        "root": _user(django_user_model, "root", is_superuser=True),
    }


@pytest.fixture
def draft(people, today):
    """A notice written by the editor, not yet published."""
    page = make_notice_page(publish=False, start_date=today + timedelta(days=7))
    page.save_revision(user=people["editor"])
    return NoticePage.objects.get(pk=page.pk)


def _api(client, page, action, data=None):
    return client.post(
        f"/admin/api/main/pages/{page.pk}/action/{action}/",
        json.dumps(data or {}),
        content_type="application/json",
    )


def _live(page) -> bool:
    return NoticePage.objects.get(pk=page.pk).live


@pytest.mark.parametrize("who", ["editor", "approver"])
def test_admin_api_publish_is_refused(client, people, draft, who):
    client.force_login(people[who])
    response = _api(client, draft, "publish")
    assert response.status_code in (400, 403)
    assert not _live(draft)


def test_admin_api_publish_is_refused_for_a_notice_reaching_an_unconfirmed_year(
    client, people
):
    from datetime import date

    page = make_notice_page(publish=False, start_date=date(2026, 12, 28))
    client.force_login(people["approver"])
    assert _api(client, page, "publish").status_code in (400, 403)
    assert not _live(page)


def test_bulk_publish_is_refused(client, people, draft):
    client.force_login(people["approver"])
    url = (
        reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
        + f"?id={draft.pk}"
    )
    client.get(url)
    client.post(url, {"include_descendants": ""})
    assert not _live(draft)


def test_superuser_may_still_publish_through_the_api(client, people, draft):
    client.force_login(people["root"])
    assert _api(client, draft, "publish").status_code == 200
    assert _live(draft)


@pytest.fixture
def live_notice(people, today):
    return make_notice_page(start_date=today + timedelta(days=7))


def test_admin_api_unpublish_move_and_copy_keep_live_are_refused(
    client, people, live_notice
):
    client.force_login(people["approver"])
    assert _api(client, live_notice, "unpublish").status_code in (400, 403)
    assert _live(live_notice)
    home = Page.objects.get(depth=2)
    response = _api(client, live_notice, "move", {"destination_page_id": home.pk})
    assert response.status_code in (400, 403)
    assert NoticePage.objects.get(pk=live_notice.pk).get_parent().specific_class is (
        NoticeIndexPage
    )
    before = NoticePage.objects.count()
    response = _api(
        client,
        live_notice,
        "copy",
        {
            "destination_page_id": notice_index().pk,
            "slug": "copied-notice",
            "keep_live": True,
        },
    )
    assert not NoticePage.objects.filter(slug="copied-notice", live=True).exists()
    assert NoticePage.objects.filter(live=True).count() == 1
    assert NoticePage.objects.count() in (before, before + 1)


def test_bulk_unpublish_and_delete_of_a_live_notice_are_refused(
    client, people, live_notice
):
    client.force_login(people["approver"])
    for action in ("unpublish", "delete"):
        url = (
            reverse("wagtail_bulk_action", args=["wagtailcore", "page", action])
            + f"?id={live_notice.pk}"
        )
        client.post(url, {"include_descendants": ""})
    assert NoticePage.objects.filter(pk=live_notice.pk, live=True).exists()


def test_revert_to_an_older_revision_does_not_go_live(client, people, live_notice):
    first = live_notice.live_revision
    live_notice.title = "改过的标题"
    live_notice.save_revision(user=people["editor"])
    client.force_login(people["approver"])
    response = _api(
        client,
        live_notice,
        "revert_to_page_revision",
        {"revision_id": first.pk},
    )
    assert response.status_code in (200, 400, 403)
    page = NoticePage.objects.get(pk=live_notice.pk)
    assert page.live_revision_id == first.pk  # nothing new went live


def test_scheduling_is_publishing(client, people, draft, now):
    import time_machine

    page = NoticePage.objects.get(pk=draft.pk)
    page.go_live_at = now + timedelta(days=1)
    page.save_revision(user=people["editor"])
    client.force_login(people["approver"])
    assert _api(client, page, "publish").status_code in (400, 403)
    assert not Revision.objects.filter(
        object_id=str(draft.pk), approved_go_live_at__isnull=False
    ).exists()
    with time_machine.travel(now + timedelta(days=2), tick=False):
        call_command("publish_scheduled", verbosity=0)
    assert not _live(draft)


def test_edit_view_publish_by_an_approver_stays_a_draft(client, people, draft):
    client.force_login(people["approver"])
    url = reverse("wagtailadmin_pages:edit", args=[draft.pk])
    response = client.get(url)
    assert 'name="action-publish"' not in response.content.decode()
    assert not _live(draft)


# --- the approval publishes exactly what was submitted ------------------------------


def _submit(page, user):
    page = NoticePage.objects.get(pk=page.pk)
    workflow = page.get_workflow()
    return workflow.start(page, user)


def _approve(page, user):
    page = NoticePage.objects.get(pk=page.pk)
    task_state = page.current_workflow_task_state
    task_state.task.specific.on_action(task_state, user, "approve")


def test_an_approval_publishes_the_submitted_revision(people, draft):
    _submit(draft, people["editor"])
    submitted = NoticePage.objects.get(pk=draft.pk).latest_revision_id
    _approve(draft, people["approver"])
    page = NoticePage.objects.get(pk=draft.pk)
    assert page.live
    assert page.live_revision_id == submitted


def test_an_approver_who_edits_cannot_approve_the_edit(people, draft):
    from django.core.exceptions import PermissionDenied

    _submit(draft, people["editor"])
    page = NoticePage.objects.get(pk=draft.pk)
    page.working_days = 6
    page.save_revision(user=people["approver"])
    with pytest.raises(PermissionDenied):
        _approve(draft, people["approver"])
    assert not _live(draft)
    # Another approver cannot approve it either until it is submitted again.
    with pytest.raises(PermissionDenied):
        _approve(draft, people["approver2"])
    assert not _live(draft)


def test_edit_and_approve_in_one_post_is_refused(client, people, draft):
    from tests.factories_notices import notice_form_data

    _submit(draft, people["editor"])
    client.force_login(people["approver"])
    url = reverse("wagtailadmin_pages:edit", args=[draft.pk])
    data = notice_form_data(NoticePage.objects.get(pk=draft.pk), working_days="9")
    data.update({"action-workflow-action": "1", "workflow-action-name": "approve"})
    response = client.post(url, data)
    assert response.status_code in (302, 403)  # Wagtail's "no permission"
    page = NoticePage.objects.get(pk=draft.pk)
    assert not page.live and page.live_revision_id is None
    # The approver's edit is kept as a draft by its author, not approved.
    assert page.get_latest_revision().user == people["approver"]
    assert page.current_workflow_task_state.status == "in_progress"
    # Reloaded, the edit view offers that approver no approval any more.
    html = client.get(url).content.decode()
    assert 'data-workflow-action-name="approve"' not in html


def test_an_edit_by_the_writer_after_submission_needs_a_new_submission(people, draft):
    from django.core.exceptions import PermissionDenied

    _submit(draft, people["editor"])
    page = NoticePage.objects.get(pk=draft.pk)
    page.working_days = 7
    page.save_revision(user=people["editor"])
    with pytest.raises(PermissionDenied):
        _approve(draft, people["approver"])
    # Submitted again, the edited revision is approved by someone else.
    page = NoticePage.objects.get(pk=draft.pk)
    page.current_workflow_state.cancel(user=people["editor"])
    _submit(draft, people["editor"])
    _approve(draft, people["approver"])
    page = NoticePage.objects.get(pk=draft.pk)
    assert page.live and page.working_days == 7


def test_a_superuser_publishing_in_the_editor_applies_the_notice(client, people, draft):
    """Wagtail's editor publishes without ``Page.publish()``: the step still runs."""
    from parkregistry.models import Stage
    from tests.factories_notices import notice_form_data

    client.force_login(people["root"])
    url = reverse("wagtailadmin_pages:edit", args=[draft.pk])
    data = notice_form_data(NoticePage.objects.get(pk=draft.pk))
    data["action-publish"] = "action-publish"
    client.post(url, data)
    assert _live(draft)
    application = NoticePage.objects.get(pk=draft.pk).candidates.first().subject
    application.refresh_from_db()
    assert application.stage == Stage.IN_NOTICE


def test_two_notices_submitted_side_by_side_cannot_both_list_a_candidate(
    people, draft, today
):
    from django.core.exceptions import PermissionDenied

    application = draft.candidates.first().subject
    second = make_notice_page(
        publish=False,
        applications=[application],
        start_date=today + timedelta(days=8),
        slug="second-notice",
    )
    second.save_revision(user=people["editor"])
    _submit(draft, people["editor"])
    _submit(second, people["editor"])
    _approve(draft, people["approver"])
    assert _live(draft)
    with pytest.raises(PermissionDenied):
        _approve(second, people["approver"])
    assert not _live(second)
