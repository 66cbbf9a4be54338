"""Admin menus of the notices app."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from notices.models import HolidayYear


class HolidayYearViewSet(SnippetViewSet):
    """节假日安排: editors enter a newly published year and confirm it."""

    model = HolidayYear
    icon = "date"
    menu_label = _("Holiday arrangements")
    menu_name = "holiday-arrangements"
    add_to_settings_menu = True
    list_display = ["year", "doc_no", "source_title", "confirmed"]
    list_filter = ["confirmed"]
    ordering = ["-year"]


register_snippet(HolidayYearViewSet)

# Each side registers its own admin views and hooks in its module.
from notices import notice_admin, objection_admin  # noqa: E402, F401
