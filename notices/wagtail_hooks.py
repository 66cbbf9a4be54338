"""Admin menus of the notices app."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from notices.holiday_admin import HolidayYearViewSet, reminder_panels

register_snippet(HolidayYearViewSet)
hooks.register("construct_homepage_panels", reminder_panels)

# Each side registers its own admin views and hooks in its module.
from notices import notice_admin, objection_admin  # noqa: E402, F401
