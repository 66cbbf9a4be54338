from django.db import migrations

MODELS = ["holidayyear", "holidaydate"]
ACTIONS = ["add", "change", "view"]


def grant(apps, schema_editor):
    """City editors import, check and confirm holiday arrangements."""
    from django.contrib.auth.management import create_permissions

    config = apps.get_app_config("notices")
    config.models_module = True  # the migration state has no models module
    create_permissions(config, verbosity=0, apps=apps)
    del config.models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    city, _ = Group.objects.get_or_create(name="市局编辑")
    city.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="notices",
            codename__in=[f"{a}_{m}" for a in ACTIONS for m in MODELS],
        )
    )


def ungrant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    perms = Permission.objects.filter(
        content_type__app_label="notices",
        codename__in=[f"{a}_{m}" for a in ACTIONS for m in MODELS],
    )
    for group in Group.objects.filter(name="市局编辑"):
        group.permissions.remove(*perms)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0003_create_role_groups"),
        ("notices", "0005_holiday_year_demo_flag"),
    ]

    operations = [migrations.RunPython(grant, ungrant)]
