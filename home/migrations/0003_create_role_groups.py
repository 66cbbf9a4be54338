from django.db import migrations

# The roles of SPEC §1. Permissions are attached by the apps that own the
# records (applications, notices, objections); the names are fixed.
ROLE_GROUPS = ["县级编辑", "市局编辑", "市局审核", "异议处理"]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLE_GROUPS:
        Group.objects.get_or_create(name=name)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [("home", "0002_create_homepage"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create_groups, remove_groups)]
