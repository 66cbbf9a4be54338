"""The publication workflow of notices and decisions (公示与决定发布审核).

A city editor (市局编辑) writes and submits; a city approver (市局审核) approves and
the page goes live (or is scheduled, when it has a go-live time). Nobody approves
their own submission (see ``PublicationApprovalTask``). City editors get no
``publish`` permission; approvers have it because approving publishes, but a
direct publish of a notice by anyone but a city admin is refused (notice_admin),
so publishing runs through the workflow. County editors (县级编辑) get no
permission on these pages at all.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import GroupPagePermission, Workflow, WorkflowPage, WorkflowTask

from home.roles import CITY_APPROVER, CITY_EDITOR

WORKFLOW_NAME = "公示与决定发布审核"
TASK_NAME = "市局审核批准发布"

# Page permissions on the pages the workflow covers (and their descendants).
EDITOR_PAGE_PERMISSIONS = {
    CITY_EDITOR: ("add_page", "change_page"),
    # Approving publishes as the approver, which needs the publish permission;
    # a direct publish that skips the workflow is refused by notice_admin.
    CITY_APPROVER: ("change_page", "publish_page"),
}


def _page_permission(codename: str) -> Permission:
    return Permission.objects.get(
        content_type__app_label="wagtailcore", codename=codename
    )


def ensure_editor_permissions(page) -> None:
    """City editors may add and edit under ``page``; approvers may edit. No publish."""
    admin_access = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    for group_name, codenames in EDITOR_PAGE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        group.permissions.add(admin_access)
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=group, page=page, permission=_page_permission(codename)
            )


def publication_workflow() -> Workflow:
    """The workflow with its single approval task, created once."""
    from notices.models import PublicationApprovalTask

    approvers, _ = Group.objects.get_or_create(name=CITY_APPROVER)
    task = PublicationApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = PublicationApprovalTask.objects.create(name=TASK_NAME, active=True)
    task.groups.add(approvers)
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=True)
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task=task, defaults={"sort_order": 0}
    )
    return workflow


def ensure_publication_workflow(*pages) -> Workflow:
    """Assign the publication workflow to ``pages`` (idempotent).

    Args:
        pages: the index pages whose children go through it (the notice index,
            the decision index).

    Returns:
        The workflow.
    """
    with transaction.atomic():
        workflow = publication_workflow()
        for page in pages:
            WorkflowPage.objects.update_or_create(
                page=page, defaults={"workflow": workflow}
            )
            ensure_editor_permissions(page)
    return workflow
