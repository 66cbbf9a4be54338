"""Admin menus of the notices app."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from notices.admin.holidays import HolidayYearViewSet, reminder_panels

register_snippet(HolidayYearViewSet)
hooks.register("construct_homepage_panels", reminder_panels)

# Each side registers its own admin views and hooks in its module.
from notices.admin import notices, objections  # noqa: E402, F401
