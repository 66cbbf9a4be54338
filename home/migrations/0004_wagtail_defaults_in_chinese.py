"""Wagtail's own records in Chinese: its migrations create them with English names.

Every Wagtail site gets the tree's root page ("Root"), the groups "Moderators" and
"Editors", and the "Moderators approval" workflow and task (for pages outside the
notice and decision sections, approved by superusers and the moderators group).
A bureau administrator meets them in the page explorer, the group list and the
workflow list, so they are renamed here; what they do is unchanged. A record an
administrator has renamed already is left as it is.
"""

from django.db import migrations

GROUPS = {"Moderators": "网站内容审核", "Editors": "网站内容编辑"}
WORKFLOW = {"Moderators approval": "网站内容审核批准"}
ROOT = {"Root": "根页面"}


def _rename(model, field: str, names: dict[str, str], **filters) -> None:
    for old, new in names.items():
        model.objects.filter(**{field: old}, **filters).update(**{field: new})


def to_chinese(apps, schema_editor):
    _rename(apps.get_model("auth", "Group"), "name", GROUPS)
    _rename(apps.get_model("wagtailcore", "Workflow"), "name", WORKFLOW)
    _rename(apps.get_model("wagtailcore", "Task"), "name", WORKFLOW)
    page = apps.get_model("wagtailcore", "Page")
    _rename(page, "title", ROOT, depth=1)
    _rename(page, "draft_title", ROOT, depth=1)


def to_english(apps, schema_editor):
    def back(names):
        return {new: old for old, new in names.items()}

    _rename(apps.get_model("auth", "Group"), "name", back(GROUPS))
    _rename(apps.get_model("wagtailcore", "Workflow"), "name", back(WORKFLOW))
    _rename(apps.get_model("wagtailcore", "Task"), "name", back(WORKFLOW))
    page = apps.get_model("wagtailcore", "Page")
    _rename(page, "title", back(ROOT), depth=1)
    _rename(page, "draft_title", back(ROOT), depth=1)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0003_roles"),
        ("wagtailcore", "0048_add_default_workflows"),
    ]

    operations = [migrations.RunPython(to_chinese, to_english)]
