"""Admin menus of the notices app."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from notices.admin.holidays import HolidayYearViewSet, reminder_panels

register_snippet(HolidayYearViewSet)
hooks.register("construct_homepage_panels", reminder_panels)

# Each side registers its own admin views and hooks in its module.
from notices.admin import notices, objections  # noqa: E402, F401

# 帐号 → 通知: the staff's switch for work emails.
from notices.admin.notifications import WorkEmailsSettingsPanel  # noqa: E402

hooks.register("register_account_settings_panel", WorkEmailsSettingsPanel)

# The approver's and the objection handler's panels on the admin home.
from notices.admin.dashboard import dashboard_panels  # noqa: E402

hooks.register("construct_homepage_panels", dashboard_panels)
