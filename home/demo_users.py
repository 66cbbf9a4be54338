"""Demo accounts, one per role (never created under production settings).

The passwords are printed by ``load_demo_data`` so a person trying the demo can
log in; ``DEMO_ACCOUNTS`` is False in production settings, so these well-known
passwords never exist there.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from home.roles import CITY_APPROVER, CITY_EDITOR, COUNTY_EDITOR, OBJECTION_HANDLER
from parkregistry.models import County
from parkregistry.models.applications import CountyMembership

# (username, password, group or None for the superuser, county code, full name)
DEMO_ACCOUNTS = [
    ("yuci_editor", "yuci-demo-2026", COUNTY_EDITOR, "yuci", "榆次区人社局编辑"),
    ("jiexiu_editor", "jiexiu-demo-2026", COUNTY_EDITOR, "jiexiu", "介休市人社局编辑"),
    ("city_editor", "city-editor-demo-2026", CITY_EDITOR, None, "市人社局编辑"),
    ("city_approver", "city-approver-demo-2026", CITY_APPROVER, None, "市人社局审核"),
    (
        "objection_handler",
        "objection-demo-2026",
        OBJECTION_HANDLER,
        None,
        "异议处理专员",
    ),
    ("admin", "admin-demo-2026", None, None, "系统管理员"),
]


def build(log) -> None:
    """Create (or reset) the demo accounts; safe to run twice."""
    if not getattr(settings, "DEMO_ACCOUNTS", False):
        log("demo accounts skipped (DEMO_ACCOUNTS is off in these settings)")
        return

    User = get_user_model()
    for username, password, group_name, county_code, full_name in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": full_name, "email": f"{username}@example.invalid"},
        )
        user.set_password(password)
        user.is_active = True
        if group_name is None:
            user.is_staff = user.is_superuser = True
        user.save()
        if group_name is not None:
            user.groups.add(Group.objects.get(name=group_name))
        if county_code:
            CountyMembership.objects.update_or_create(
                user=user, defaults={"county": County.objects.get(code=county_code)}
            )
        log(
            f"{'created' if created else 'kept'} demo account {username} / {password}"
            f" ({group_name or 'superuser'}{', ' + county_code if county_code else ''})"
        )
