"""Notices saved with a non-ASCII slug (the Chinese title) get ``<year>-<n>``.

The year is the notice's start date's. The old address, its objection form and
its ``notice.ics`` redirect (301) to the new ones where the site installs
Wagtail's redirects app; the notice's revisions carry the new slug, so editing
or publishing a revision does not bring the old one back.
"""

from django.apps import apps as global_apps
from django.db import migrations

from notices.models.slugs import rename_non_ascii_slugs, restore_non_ascii_slugs

EXTRA_PATHS = ("objection/", "notice.ics")


def rename_slugs(apps, schema_editor):
    rename_non_ascii_slugs(apps, "notices", "NoticePage", "start_date", EXTRA_PATHS)


def restore_slugs(apps, schema_editor):
    restore_non_ascii_slugs(apps, "notices", "NoticePage", EXTRA_PATHS)


class Migration(migrations.Migration):
    dependencies = [
        ("notices", "0005_notice_doc_no"),
        ("wagtailcore", "0098_apitoken"),
    ]
    # The redirects are made only where the site installs the app (the plugin
    # does not require it).
    if global_apps.is_installed("wagtail.contrib.redirects"):
        dependencies.append(("wagtailredirects", "0008_add_verbose_name_plural"))

    operations = [migrations.RunPython(rename_slugs, restore_slugs)]
