"""The roles of SPEC §1 as groups, each given the permissions of its role.

The apps define permissions; the site decides which group holds which. The
group names are fixed.
"""

from django.db import migrations

ROLE_PERMISSIONS = {
    "县级编辑": {
        "wagtailadmin": ["access_admin"],
        "parkregistry": [
            "add_application", "change_application", "delete_application",
            "view_application",
            "view_park", "view_evaluation", "view_rectification", "view_annualtask",
            "view_subsidyrecord", "view_recognitionaward", "view_revocation",
        ],
    },
    "市局编辑": {
        "wagtailadmin": ["access_admin"],
        "notices": [
            "write_notices",
            "add_holidayyear", "change_holidayyear", "view_holidayyear",
            "add_holidaydate", "change_holidaydate", "view_holidaydate",
        ],
        "parkregistry": [
            "review_all_counties", "act_for_city",
            "add_application", "change_application", "delete_application",
            "view_application", "view_countymembership",
            "add_policyversion", "change_policyversion", "view_policyversion",
            *(
                f"{action}_{model}"
                for model in (
                    "park", "evaluation", "rectification", "annualtask",
                    "subsidyrecord", "recognitionaward", "revocation",
                )
                for action in ("add", "change", "view")
            ),
        ],
    },
    "市局审核": {
        "wagtailadmin": ["access_admin"],
        "notices": ["approve_notices"],
        "parkregistry": ["review_all_counties", "view_application"],
    },
    "异议处理": {
        "wagtailadmin": ["access_admin"],
        "notices": ["handle_objection"],
    },
}


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after every migration has run; create
    # those of these apps now so that the groups can be given them.
    for label in ("notices", "parkregistry"):
        config = apps.get_app_config(label)
        config.models_module = True  # the migration state has no models module
        create_permissions(config, verbosity=0, apps=apps)
        del config.models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, by_app in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codenames in by_app.items():
            found = Permission.objects.filter(
                content_type__app_label=app_label, codename__in=codenames
            )
            missing = set(codenames) - set(found.values_list("codename", flat=True))
            if missing:
                raise RuntimeError(f"unknown permissions of {app_label}: {missing}")
            group.permissions.add(*found)


def remove(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_create_homepage"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("notices", "0002_candidate_subjects"),
        ("parkregistry", "0002_seed_counties_and_2022_policy"),
    ]

    operations = [migrations.RunPython(grant, remove)]
