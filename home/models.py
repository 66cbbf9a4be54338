"""The site's home page."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from notices.models.view_restrictions import CachedViewRestrictionsMixin


class HomePage(CachedViewRestrictionsMixin, Page):
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

    def route(self, request, path_components):
        """Route into a section (notices, registry, …) without querying for it.

        The section pages under the home page are kept in the shared cache for
        the current page-cache generation, which any page change renews.
        Wagtail's own routing (and its live check) runs from the section on.
        """
        if path_components:
            section = self.sections().get(path_components[0])
            if section is not None:
                return section.route(request, path_components[1:])
        return super().route(request, path_components)

    def sections(self) -> dict:
        from demosite.pagecache import memo

        return memo(
            f"home-sections:{self.pk}",
            lambda: {p.slug: p for p in self.get_children().specific()},
        )
