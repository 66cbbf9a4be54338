"""The publication workflow of notices (公示发布审核), set up from permissions.

Whoever holds ``notices.write_notices`` writes and submits; whoever holds
``notices.approve_notices`` approves, and the page goes live (or is scheduled,
when it has a go-live time). Nobody approves their own submission (see
``PublicationApprovalTask``). Writers get no ``publish`` permission; approvers
have it because approving publishes, but a direct publish by anyone but a
superuser is refused (``notices.admin.notices``), so publishing runs through the
workflow. The site decides which of its groups hold which permission.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import GroupPagePermission, Workflow, WorkflowPage, WorkflowTask

from notices.models import PublicationApprovalTask

WORKFLOW_NAME = "公示与决定发布审核"
TASK_NAME = "市局审核批准发布"

# Page permissions under the pages the workflow covers, by the role permission
# a group holds. Approving publishes as the approver, which needs the publish
# permission; a direct publish that skips the workflow is refused.
EDITOR_PAGE_PERMISSIONS = {
    "write_notices": ("add_page", "change_page"),
    "approve_notices": ("change_page", "publish_page"),
}


def groups_holding(codename: str):
    """The groups given the notices role permission ``codename``."""
    return Group.objects.filter(
        permissions__content_type__app_label="notices",
        permissions__codename=codename,
    ).distinct()


def _page_permission(codename: str) -> Permission:
    return Permission.objects.get(
        content_type__app_label="wagtailcore", codename=codename
    )


def ensure_editor_permissions(page) -> None:
    """Writers may add and edit under ``page``; approvers may edit. No publish."""
    admin_access = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    for role, codenames in EDITOR_PAGE_PERMISSIONS.items():
        for group in groups_holding(role):
            group.permissions.add(admin_access)
            for codename in codenames:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=page, permission=_page_permission(codename)
                )


def publication_workflow() -> Workflow:
    """The workflow with its single approval task, created once."""
    task = PublicationApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = PublicationApprovalTask.objects.create(name=TASK_NAME, active=True)
    task.groups.add(*groups_holding("approve_notices"))
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
