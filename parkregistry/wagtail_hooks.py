"""Admin menus of the park registry."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from parkregistry.admin.permissions import register_policies
from parkregistry.models import County, PolicyVersion

# 属地管理 in Wagtail's own views: the county-owned models' permission policies
# must be registered before any viewset of them (Wagtail refuses them later).
register_policies()


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
