"""Admin panels of the notice page."""

from __future__ import annotations

from django.urls import reverse
from wagtail.admin.panels import Panel

from notices.models.calendars import DateOutOfRange
from notices.models.windows import effective_window
from notices.rules.formatting import (
    long_datetime,
    period_sentence,
    unconfirmed_year_message,
)
from notices.rules.workingdays import UnconfirmedYear


def window_check(page) -> dict:
    """The computed period of the saved notice, or why it cannot be computed."""
    if not getattr(page, "start_date", None) or not getattr(page, "working_days", None):
        return {}
    try:
        window = effective_window(page)
    except UnconfirmedYear as exc:
        return {"problem": unconfirmed_year_message(exc.year), "year": exc.year}
    except (DateOutOfRange, ValueError):
        return {}
    return {
        "sentence": period_sentence(window),
        "closes_at": long_datetime(window.closes_at),
    }


class WindowCheckPanel(Panel):
    """Shows the period the engine computes for the saved notice, and flags a
    period that reaches a year without a confirmed holiday arrangement."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "notices/admin/window_check_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context.update(window_check(self.instance))
            if context.get("problem") and self.request.user.has_perm(
                "notices.add_holidayyear"
            ):
                context["import_url"] = reverse(
                    "wagtailsnippets_notices_holidayyear:import"
                )
            return context
