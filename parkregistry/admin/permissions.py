"""Permission policies of the county-owned models (属地管理, Art. 4).

Wagtail asks a model's permission policy before its generic views act on an
object (editing sessions, choosers' creation, bulk actions, delete buttons…).
The model permissions say *what* a role may do; these policies add *where*: a
county editor's permissions reach only the records of their own county
(``parkregistry.services.access.visible_records``), so for a record of another
county Wagtail behaves as if the user had no permission at all. Applications
add their stage rules: a county editor changes drafts only, and only drafts are
deleted.

:func:`register_policies` registers them; ``parkregistry.wagtail_hooks`` calls
it before any viewset of these models is registered (Wagtail refuses a policy
registered after it made a fallback one).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry, register_permission_policy

from parkregistry.models.applications import Application
from parkregistry.services.access import (
    COUNTY_PATHS,
    county_id_of,
    may_delete,
    may_edit,
    visible_records,
)


class CountyPermissionPolicy(ModelPermissionPolicy):
    """Model permissions, narrowed to the records of the user's county."""

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return visible_records(user, self.model)

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        if instance.pk is None:
            return True  # a record being created: the model permission decides
        return visible_records(user, self.model).filter(pk=instance.pk).exists()

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(
            self.user_has_permission_for_instance(user, action, instance)
            for action in actions
        )

    def users_with_any_permission_for_instance(self, actions, instance):
        users = self.users_with_any_permission(actions)
        city = Permission.objects.filter(
            content_type__app_label="parkregistry", codename="review_all_counties"
        )
        city_users = get_user_model().objects.filter(
            Q(is_superuser=True)
            | Q(user_permissions__in=city)
            | Q(groups__permissions__in=city)
        )
        return users.filter(
            Q(pk__in=city_users.values("pk"))
            | Q(county_membership__county_id=county_id_of(instance))
        ).distinct()


class ApplicationPermissionPolicy(CountyPermissionPolicy):
    """Applications: the county rule plus the stage rules of ``services.access``."""

    def user_has_permission_for_instance(self, user, action, instance):
        if not super().user_has_permission_for_instance(user, action, instance):
            return False
        if action == "change":
            return may_edit(user, instance)
        if action == "delete":
            return may_delete(user, instance)
        return True


def register_policies() -> None:
    """Register the policy of every county-owned model (once)."""
    for model in COUNTY_PATHS:
        if isinstance(
            policy_registry.get_by_type(model, fallback=False), CountyPermissionPolicy
        ):
            continue
        policy_class = (
            ApplicationPermissionPolicy
            if model is Application
            else CountyPermissionPolicy
        )
        register_permission_policy(model, policy_class(model), exact_class=True)
