"""Candidate notices (公示, Art. 10(3)): the index, the notice page and its candidates."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page


class NoticeIndexPage(Page):
    """公示公告: every notice, open ones first, then upcoming, then closed."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["notices.NoticePage"]
    max_count = 1

    class Meta:
        verbose_name = _("notice index")


class NoticePage(RoutablePageMixin, Page):
    """A candidate notice: the candidates, the window and the objection contact.

    The window is computed by the working-day engine from ``start_date`` and
    ``working_days``; it is never typed by hand.
    """

    intro = RichTextField(_("introduction"), blank=True)
    start_date = models.DateField(_("start date"))
    working_days = models.PositiveSmallIntegerField(_("working days"), default=5)
    closing_time = models.TimeField(
        _("closing time"),
        null=True,
        blank=True,
        help_text=_("Optional: the window closes at this time on its last day."),
    )
    contact_unit = models.CharField(_("contact unit"), max_length=200, blank=True)
    contact_address = models.CharField(_("contact address"), max_length=300, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=50, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        InlinePanel("candidates", heading=_("Candidates"), label=_("candidate")),
        MultiFieldPanel(
            [
                FieldPanel("start_date"),
                FieldPanel("working_days"),
                FieldPanel("closing_time"),
            ],
            heading=_("Notice period"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("contact_unit"),
                FieldPanel("contact_address"),
                FieldPanel("contact_phone"),
                FieldPanel("contact_email"),
            ],
            heading=_("Contact for written objections"),
        ),
    ]
    parent_page_types = ["notices.NoticeIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("candidate notice")

    # Sub-pages of a notice. The objection views live in notices.objection_views;
    # ``<notice url>notice.ics`` is served by notices.urls (a dotted name is not a
    # Wagtail route segment).
    @path("objection/", name="objection")
    def objection(self, request):
        from notices.objection_views import objection_form

        return objection_form(request, self)

    @path("objection/receipt/", name="objection_receipt")
    def objection_receipt(self, request):
        from notices.objection_views import objection_receipt

        return objection_receipt(request, self)

    def window(self):
        """The computed window (raises UnconfirmedYear for an unconfirmed year)."""
        from notices.services import compute_notice_window

        return compute_notice_window(
            self.start_date,
            self.working_days,
            closing_time=self.closing_time,
            published_at=self.first_published_at,
        )


class NoticeCandidate(Orderable):
    """One application listed on a notice."""

    page = ParentalKey(NoticePage, on_delete=models.CASCADE, related_name="candidates")
    application = models.ForeignKey(
        "parkregistry.Application",
        on_delete=models.PROTECT,
        related_name="notice_candidates",
        verbose_name=_("application"),
    )

    panels = [FieldPanel("application")]

    class Meta(Orderable.Meta):
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")

    def __str__(self):
        return str(self.application)
