"""Public pages of the registry: the registry itself, decisions (认定、考核、表扬、取消)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from notices.models.dispatch import call
from notices.models.publication import WorkflowPublishedPageMixin
from notices.models.slugs import SequentialSlugFormMixin, SequentialSlugMixin
from notices.models.view_restrictions import CachedViewRestrictionsMixin
from parkregistry.rules.decisions import revocation_text_error


class RegistryIndexPage(CachedViewRestrictionsMixin, RoutablePageMixin, Page):
    """名录: the public registry of municipal-level parks, with filters and counts.

    Each park has a detail page at ``park/<id>/`` under this page.
    """

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = getattr(settings, "PARKREGISTRY_PARENT_PAGE_TYPES", None)
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("park registry")

    list_view = "parkregistry.views.registry.registry_list"
    park_view = "parkregistry.views.registry.park_detail"

    @path("")
    def registry_list(self, request):
        return call(self.list_view, request, self)

    @path("park/<int:park_id>/", name="park")
    def park_detail(self, request, park_id):
        return call(self.park_view, request, self, park_id)


class DecisionIndexPage(WorkflowPublishedPageMixin, CachedViewRestrictionsMixin, Page):
    """决定公告: every published decision of the registry, newest first."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = getattr(settings, "PARKREGISTRY_PARENT_PAGE_TYPES", None)
    subpage_types = ["parkregistry.DecisionPage"]
    max_count = 1

    class Meta:
        verbose_name = _("decision index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["decisions"] = (
            DecisionPage.objects.child_of(self).live().order_by("-decision_date", "-pk")
        )
        return context


class DecisionKind(models.TextChoices):
    APPROVAL = "approval", _("Approval (认定批复)")
    RESULTS = "results", _("Evaluation results (考核结果通报)")
    COMMENDATION = "commendation", _("Commendation (通报表扬)")
    REVOCATION = "revocation", _("Revocation (取消资格)")


class DecisionPageForm(SequentialSlugFormMixin, WagtailAdminPageForm):
    """Checks in the editor's form that the decision can be applied on publish.

    Its slug is ``<year of the decision>-<n>`` unless the editor enters an ASCII
    one (``notices.models.slugs``)."""

    def clean(self):
        cleaned = super().clean()
        # Saving a draft defers what is required (Wagtail); a revocation's text
        # is then checked when it is submitted or published.
        draft = getattr(self, "is_deferred_validation", False)
        errors = call(
            DecisionPage.form_check,
            kind=cleaned.get("kind") or "",
            year=cleaned.get("year"),
            candidate=cleaned.get("candidate"),
            official_name=cleaned.get("official_name") or "",
            parks=list(cleaned.get("parks") or []),
            body=None if draft else (cleaned.get("body") or ""),
            decision_date=cleaned.get("decision_date"),
        )
        for field, messages in errors.items():
            for message in messages:
                self.add_error(field if field in self.fields else None, message)
        # The model's own check cannot see the chosen parks yet; skip it here.
        self.instance._decision_checked_by_form = True
        return cleaned


class DecisionPage(
    SequentialSlugMixin, WorkflowPublishedPageMixin, CachedViewRestrictionsMixin, Page
):
    """A decision of the city bureau about the registry.

    Publishing it applies it: an approval enters the candidate in the registry;
    a result notice links that year's grades; a commendation lists the year's
    优秀 parks; a revocation revokes the parks whose revocation was proposed.
    It appears in the notices feed (``in_notice_feed``).
    """

    in_notice_feed = True
    # Its URL is /decisions/<year of the decision>-<n>/.
    slug_date_field = "decision_date"

    kind = models.CharField(_("kind"), max_length=20, choices=DecisionKind.choices)
    doc_no = models.CharField(
        _("document number"),
        max_length=100,
        help_text=_("e.g. 市人社发〔2025〕12号"),
    )
    decision_date = models.DateField(_("date of the decision"))
    body = RichTextField(_("text"), blank=True)
    year = models.PositiveSmallIntegerField(
        _("operating year"),
        null=True,
        blank=True,
        help_text=_("For result notices and commendations: the year evaluated."),
    )
    candidate = models.ForeignKey(
        "notices.NoticeCandidate",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("candidate approved"),
        help_text=_("For approvals: the candidate of a closed notice."),
    )
    official_name = models.CharField(
        _("official name"),
        max_length=200,
        blank=True,
        help_text=_(
            "For approvals: 晋中 + the proposed name; it must begin with 晋中."
        ),
    )
    parks = ParentalManyToManyField(
        "parkregistry.Park",
        blank=True,
        related_name="decisions",
        verbose_name=_("parks concerned"),
        help_text=_(
            "For revocations: the parks revoked. Filled in automatically otherwise."
        ),
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldPanel("doc_no"),
                FieldPanel("decision_date"),
                FieldPanel("year"),
            ],
            heading=_("Decision"),
        ),
        MultiFieldPanel(
            [FieldPanel("candidate"), FieldPanel("official_name")],
            heading=_("Approval"),
        ),
        FieldPanel("parks"),
        FieldPanel(
            "body",
            # Help on the panel: the field (and its migration) stays as it is.
            help_text=_(
                "For revocations: the facts and the legal basis (which "
                "evaluations were graded fail, Art. 25 of the measures); the "
                "notice of remedies is added on publication."
            ),
        ),
    ]
    parent_page_types = ["parkregistry.DecisionIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("decision")

    base_form_class = DecisionPageForm

    # The registry's rules live in its services and views, which import the
    # models; the page names them (``notices.models.dispatch``).
    form_check = "parkregistry.services.decisions.decision_errors_for"
    record_check = "parkregistry.services.decisions.decision_errors"
    apply_step = "parkregistry.services.decisions.apply_decision"
    context_view = "parkregistry.views.registry.decision_context"

    def clean(self):
        super().clean()
        if getattr(self, "_decision_checked_by_form", False):
            return
        # A draft (not live) may still lack its text; publication checks it.
        errors = call(self.record_check, self, check_text=self.live)
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(call(self.context_view, self))
        return context

    def feed_date(self):
        """The decision's own date in the feed (read as 00:00 Beijing time)."""
        return self.decision_date

    def publication_problem(self, now=None) -> str | None:
        """Why this approval (认定批复) may not go live now, or None.

        The workflow's approval task asks it: while an approval cannot be
        applied (an objection filed in writing after the editor submitted it and
        not yet 办结, a date that is no longer valid …) the approver gets no
        approve action and the editor sees why.
        """
        if self.kind != DecisionKind.APPROVAL:
            return None
        errors = call(self.record_check, self)
        messages = [message for field in errors.values() for message in field]
        return messages[0] if messages else None

    def went_live(self, user=None) -> None:
        """Going live applies the decision to the registry (idempotent), whichever
        way it goes live; inside ``publish()`` a refusal undoes the publication."""
        # The last guard of a revocation's text (the editor's form checks it first).
        if self.kind == DecisionKind.REVOCATION:
            message = revocation_text_error(self.body)
            if message:
                raise ValidationError({"body": [message]})
        call(self.apply_step, self, user=user)
