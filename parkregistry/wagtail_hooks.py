"""Admin menus of the park registry."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from parkregistry.admin.permissions import CountyPermissionPolicy, register_policies
from parkregistry.models import County, Park, PolicyVersion


class ParkPermissionPolicy(CountyPermissionPolicy):
    """Parks: the county rule, and "add" for superusers only.

    A park enters the registry when its approval decision (认定批复) is
    published through the workflow; adding one by hand (园区 → 添加) records a
    park approved before this system (历史认定), which only the city's
    administrators do. Everyone else gets no add button and a refused add URL.
    """

    def user_has_permission(self, user, action):
        if action == "add" and not (user.is_active and user.is_superuser):
            return False
        return super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        others = [action for action in actions if action != "add"]
        users = super().users_with_any_permission(others) if others else None
        if "add" not in actions:
            return users
        admins = get_user_model().objects.filter(is_active=True, is_superuser=True)
        return admins if users is None else (users | admins).distinct()


# 属地管理 in Wagtail's own views: the county-owned models' permission policies
# must be registered before any viewset of them (Wagtail refuses them later).
register_policies()
register_permission_policy(Park, ParkPermissionPolicy(Park), exact_class=True)


class PolicyVersionViewSet(SnippetViewSet):
    """政策版本: the thresholds of each version of the measures (Art. 26)."""

    model = PolicyVersion
    icon = "doc-full"
    menu_label = _("Policy versions")
    menu_name = "policy-versions"
    add_to_settings_menu = True
    list_display = ["title", "doc_no", "effective_from", "effective_to"]
    copy_view_enabled = True


class CountyViewSet(SnippetViewSet):
    """县（区、市）: the county-level units of 晋中."""

    model = County
    icon = "site"
    menu_label = _("Counties")
    menu_name = "counties"
    add_to_settings_menu = True
    list_display = ["name", "code", "sort_order"]


register_snippet(PolicyVersionViewSet)
register_snippet(CountyViewSet)

# Each side registers its own admin views and hooks in its module.
from parkregistry.admin import applications, registry  # noqa: E402, F401

# The county editor's and the city editor's panels on the admin home.
from parkregistry.admin.dashboard import dashboard_panels  # noqa: E402

hooks.register("construct_homepage_panels", dashboard_panels)
