"""Public page types of the notices app."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from notices import conf
from notices.models.dispatch import call
from notices.models.view_restrictions import CachedViewRestrictionsMixin


class CalculatorPage(CachedViewRestrictionsMixin, Page):
    """公示期计算器: anyone enters a start date and N and sees the notice period.

    Shows the customary sentence, each counted day and each skipped day with its
    reason. Works without JavaScript (a plain GET form).
    """

    intro = RichTextField(
        _("introduction"),
        blank=True,
        help_text=_("Shown above the calculator; explain the working-day rule."),
    )
    default_days = models.PositiveSmallIntegerField(
        _("default working days"),
        default=5,
        help_text=_("Pre-filled number of working days (the policy minimum is 5)."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("default_days"),
    ]
    parent_page_types = conf.NOTICES_PARENT_PAGE_TYPES
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("notice period calculator")

    context_view = "notices.views.calculator.calculator_context"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(call(self.context_view, request, self.default_days))
        return context
