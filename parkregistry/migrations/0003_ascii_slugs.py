"""Decisions saved with a non-ASCII slug (the Chinese title) get ``<year>-<n>``.

The year is the decision's date's. The old address redirects (301) to the new
one; the decision's revisions carry the new slug (``notices.models.slugs``).
"""

from django.apps import apps as global_apps
from django.db import migrations

from notices.models.slugs import rename_non_ascii_slugs, restore_non_ascii_slugs


def rename_slugs(apps, schema_editor):
    rename_non_ascii_slugs(apps, "parkregistry", "DecisionPage", "decision_date")


def restore_slugs(apps, schema_editor):
    restore_non_ascii_slugs(apps, "parkregistry", "DecisionPage")


class Migration(migrations.Migration):
    dependencies = [
        ("parkregistry", "0002_seed_counties_and_2022_policy"),
        ("notices", "0006_ascii_slugs"),
    ]
    if global_apps.is_installed("wagtail.contrib.redirects"):
        dependencies.append(("wagtailredirects", "0008_add_verbose_name_plural"))

    operations = [migrations.RunPython(rename_slugs, restore_slugs)]
