"""The records Wagtail's migrations create carry Chinese names (home 0004)."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from wagtail.models import GroupApprovalTask, Page, Task, Workflow, WorkflowPage

pytestmark = pytest.mark.django_db

migration = importlib.import_module("home.migrations.0004_wagtail_defaults_in_chinese")


def test_the_migrated_site_names_them_in_chinese():
    names = set(Group.objects.values_list("name", flat=True))
    assert {"网站内容审核", "网站内容编辑"} <= names
    assert not {"Moderators", "Editors"} & names
    workflow = Workflow.objects.get(name="网站内容审核批准")
    assert WorkflowPage.objects.get(workflow=workflow).page.depth == 1
    task = GroupApprovalTask.objects.get(name="网站内容审核批准")
    # Renamed, not changed: the same group approves as before.
    assert list(task.groups.values_list("name", flat=True)) == ["网站内容审核"]
    root = Page.objects.get(depth=1)
    assert (root.title, root.draft_title) == ("根页面", "根页面")


def test_a_record_renamed_by_an_administrator_is_left_alone():
    Group.objects.filter(name="网站内容审核").update(name="Moderators")
    Task.objects.filter(name="网站内容审核批准").update(name="办公室审核")
    migration.to_chinese(apps, None)
    assert Group.objects.filter(name="网站内容审核").exists()  # the default: renamed
    assert Task.objects.filter(name="办公室审核").exists()  # the administrator's: kept


def test_it_can_be_reversed():
    migration.to_english(apps, None)
    assert Group.objects.filter(name="Moderators").exists()
    assert Workflow.objects.filter(name="Moderators approval").exists()
    assert Page.objects.get(depth=1).title == "Root"
    migration.to_chinese(apps, None)
    assert Page.objects.get(depth=1).title == "根页面"
