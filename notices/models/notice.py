"""Candidate notices (公示, Art. 10(3)): the index, the notice page and its candidates.

The page classes stay thin: the window, state, corrections and outcome are worked
out in ``notices.services.notices`` (which calls the pure working-day engine).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet

from notices import conf
from notices.models.dispatch import call
from notices.models.page_forms import NoticePageForm
from notices.models.panels import WindowCheckPanel
from notices.models.publication import WorkflowPublishedPageMixin
from notices.models.slugs import SequentialSlugMixin
from notices.models.subject import candidate_choices, get_subject_model_string
from notices.models.view_restrictions import CachedViewRestrictionsMixin
from notices.models.windows import (
    STORED_WINDOW_FIELDS,
    WINDOW_INPUT_FIELDS,
    apply_stored_window,
    effective_window,
    minimum_working_days_problem,
    notice_state,
    publication_problem,
    store_windows,
)


class NoticeIndexPage(WorkflowPublishedPageMixin, CachedViewRestrictionsMixin, Page):
    """公示公告 (/notices/): every notice, open ones first, then upcoming, then closed.

    Readers filter by year and state; the list is paginated. Links to the RSS feed
    and the calendar of every notice window.
    """

    intro = RichTextField(
        _("introduction"),
        blank=True,
        help_text=_("Shown above the list of notices."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    # Where the index may be created: any page unless the site says
    # (``NOTICES_PARENT_PAGE_TYPES``, e.g. ["home.HomePage"]).
    parent_page_types = conf.NOTICES_PARENT_PAGE_TYPES
    subpage_types = ["notices.NoticePage"]
    max_count = 1
    context_view = "notices.views.pages.index_context"

    class Meta:
        verbose_name = _("notice index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(call(self.context_view, request, self))
        return context


class NoticePageQuerySet(PageQuerySet):
    def update(self, **kwargs):
        """An update of a window input (e.g. dating a publication back) stores
        the changed pages' windows afresh, in the same transaction."""
        if not WINDOW_INPUT_FIELDS.intersection(kwargs):
            return super().update(**kwargs)
        with transaction.atomic(using=self.db):
            pks = list(self.values_list("pk", flat=True))
            count = super().update(**kwargs)
            store_windows(self.model.objects.filter(pk__in=pks))
        return count


NoticePageManager = PageManager.from_queryset(NoticePageQuerySet)


class NoticePage(
    SequentialSlugMixin,
    WorkflowPublishedPageMixin,
    CachedViewRestrictionsMixin,
    RoutablePageMixin,
    Page,
):
    """A candidate notice: the candidates, the window and the objection contact.

    The window is computed by the working-day engine from ``start_date`` and
    ``working_days`` (and any recorded corrections); it is never typed by hand.
    Shown under the notice index; listed in the RSS feed and the calendars.
    """

    # The RSS feed at /notices/feed/ lists every live page whose class says so.
    in_notice_feed = True

    doc_no = models.CharField(
        _("document number"),
        max_length=100,
        blank=True,
        help_text=_(
            "Optional: the notice's document number (文号), e.g. "
            "晋市人社函〔2026〕12号; shown under the title."
        ),
    )
    intro = RichTextField(
        _("introduction"),
        blank=True,
        help_text=_("The opening words of the notice, e.g. the legal basis."),
    )
    start_date = models.DateField(
        _("start date"),
        help_text=_(
            "The first day of the notice; counted as day 1 when it is a working day."
        ),
    )
    working_days = models.PositiveSmallIntegerField(
        _("working days"),
        default=5,
        help_text=_(
            "Length of the notice period in working days (at least the policy minimum, 5)."
        ),
    )
    closing_time = models.TimeField(
        _("closing time"),
        null=True,
        blank=True,
        help_text=_("Optional: the window closes at this time on its last day."),
    )
    contact_unit = models.CharField(
        _("contact unit"),
        max_length=200,
        blank=True,
        help_text=_("The office that receives written objections."),
    )
    contact_address = models.CharField(
        _("contact address"),
        max_length=300,
        blank=True,
        help_text=_("Postal address for written objections."),
    )
    contact_phone = models.CharField(
        _("contact phone"),
        max_length=50,
        blank=True,
        help_text=_("Telephone number of the contact unit, with area code."),
    )
    contact_email = models.EmailField(
        _("contact email"),
        blank=True,
        help_text=_("Email address of the contact unit."),
    )

    # The window as the engine computes it (``notices.models.windows``), stored so
    # that lists order, filter and page in SQL; recomputed on every save and
    # whenever another input changes (corrections, holiday years, policy
    # versions: ``notices.services.windows``). Null while it cannot be computed.
    window_start = models.DateField(
        _("start of the current period"), null=True, editable=False, db_index=True
    )
    window_working_days = models.PositiveSmallIntegerField(
        _("working days of the current period"), null=True, editable=False
    )
    window_first_day = models.DateField(
        _("first counted day"), null=True, editable=False
    )
    window_end = models.DateField(
        _("last counted day"), null=True, editable=False, db_index=True
    )
    opens_at = models.DateTimeField(
        _("opens at"), null=True, editable=False, db_index=True
    )
    closes_at = models.DateTimeField(
        _("closes at"), null=True, editable=False, db_index=True
    )

    objects = NoticePageManager()

    content_panels = [
        *Page.content_panels,
        FieldPanel("doc_no"),
        FieldPanel("intro"),
        InlinePanel(
            "candidates",
            heading=_("Candidates"),
            label=_("candidate"),
            help_text=_("Only those the procedure allows can be chosen."),
        ),
        MultiFieldPanel(
            [
                WindowCheckPanel(heading=_("Computed period")),
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
    base_form_class = NoticePageForm
    parent_page_types = ["notices.NoticeIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("candidate notice")
        # Roles are these permissions; a site gives them to its groups.
        permissions = [
            ("write_notices", _("Can write notices and submit them for approval")),
            ("approve_notices", _("Can approve the publication of notices")),
        ]

    context_view = "notices.views.pages.notice_context"
    objection_view = "notices.views.objections.objection_form"
    receipt_view = "notices.views.objections.objection_receipt"

    # Sub-pages of a notice; ``<notice url>notice.ics`` is served by notices.urls
    # (a dotted name is not a Wagtail route segment).
    @path("objection/", name="objection")
    def objection(self, request):
        return call(self.objection_view, request, self)

    @path("objection/receipt/", name="objection_receipt")
    def objection_receipt(self, request):
        return call(self.receipt_view, request, self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(call(self.context_view, request, self))
        return context

    def clean(self):
        super().clean()
        problem = minimum_working_days_problem(self.start_date, self.working_days)
        if problem:
            raise ValidationError({"working_days": [problem]})

    def save(self, *args, **kwargs):
        """Save, with the stored window recomputed whenever its inputs are saved."""
        update_fields = kwargs.get("update_fields")
        if update_fields is None or WINDOW_INPUT_FIELDS.intersection(update_fields):
            apply_stored_window(self)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, *STORED_WINDOW_FIELDS}
        return super().save(*args, **kwargs)

    def window(self):
        """The computed window, corrections applied.

        Raises:
            UnconfirmedYear: the window reaches a year without confirmed data.
        """
        return effective_window(self)

    def state(self, now=None):
        """upcoming / open / closed at ``now`` (None when it cannot be computed)."""
        return notice_state(self, now)

    def publication_problem(self, now=None) -> str | None:
        """Why this notice may not go live (None if it may)."""
        return publication_problem(self, now)

    def went_live(self, user=None) -> None:
        """The subjects' own step when the notice goes live (e.g. an application
        enters the notice stage); the subjects make it idempotent."""
        rows = NoticeCandidate.objects.filter(page=self).select_related("subject")
        for candidate in rows.order_by("sort_order"):
            candidate.subject.on_notice_published(self, user)

    def issue_date(self) -> date:
        """The notice's date of issue, as its 落款 shows it.

        An official notice is dated the day it was issued: the day it was first
        published (Beijing time). A notice not yet published (a preview) shows
        its start date instead.
        """
        if self.first_published_at:
            return timezone.localtime(self.first_published_at).date()
        return self.start_date

    def feed_date(self):
        """The notice's own date in the feed: its issue (first publication), or
        its start date while it has none. The feed reads a date as 00:00."""
        return self.first_published_at or self.start_date

    def __str__(self):
        return self.title or gettext("candidate notice")


class NoticeCandidate(Orderable):
    """One subject listed on a notice (an application, a person …)."""

    page = ParentalKey(NoticePage, on_delete=models.CASCADE, related_name="candidates")
    subject = models.ForeignKey(
        get_subject_model_string(),
        on_delete=models.PROTECT,
        related_name="notice_candidates",
        verbose_name=_("candidate"),
        help_text=_("Only those the procedure allows can be chosen."),
        limit_choices_to=candidate_choices,
    )

    panels = [FieldPanel("subject")]

    class Meta(Orderable.Meta):
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")

    def __str__(self):
        return self.subject.notice_name if self.subject_id else ""

    def clean(self):
        super().clean()
        subject = self.subject if self.subject_id else None
        problem = subject.notice_candidate_problem(self.page_id) if subject else None
        if problem:
            raise ValidationError({"subject": [problem]})
