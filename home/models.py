"""The site's home page."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    """The root of the public site: what it is, and the ways in.

    Lists the notices, decisions and registry counts once those sections exist;
    links the 公示期计算器 and every child page shown in menus.
    """

    intro = RichTextField(
        _("introduction"),
        blank=True,
        help_text=_("A short paragraph at the top of the home page."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    max_count = 1

    class Meta:
        verbose_name = _("home page")
