"""Reference records: the county-level units and the policy versions (Art. 26)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from parkregistry.rules.terms import PolicyTerms


class County(models.Model):
    """A county-level unit of 晋中 (县、区、市 or 晋中开发区): the unit of 属地管理."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    code = models.SlugField(
        _("code"), max_length=30, unique=True, help_text=_("Short code used in URLs.")
    )
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("county")
        verbose_name_plural = _("counties")

    def __str__(self):
        return self.name


class PolicyVersionQuerySet(models.QuerySet):
    def in_force_on(self, day: date) -> PolicyVersion | None:
        """The version in force on ``day``, or None; never an expired one."""
        return (
            self.filter(effective_from__lte=day)
            .filter(
                models.Q(effective_to__isnull=True) | models.Q(effective_to__gte=day)
            )
            .order_by("-effective_from")
            .first()
        )


class PolicyVersion(models.Model):
    """A version of the measures with every threshold as data (Art. 26).

    Each computation picks the version in force on its date and names it. When the
    measures are renewed, an editor copies the previous version and sets the new
    document number and dates.
    """

    title = models.CharField(_("title"), max_length=200)
    doc_no = models.CharField(_("document number"), max_length=100, blank=True)
    effective_from = models.DateField(_("in force from"))
    effective_to = models.DateField(
        _("in force until"),
        null=True,
        blank=True,
        help_text=_("Last day in force (inclusive); empty if open-ended."),
    )
    notice_min_working_days = models.PositiveSmallIntegerField(
        _("minimum notice period (working days)"), default=5
    )
    single_site_min_m2 = models.PositiveIntegerField(
        _("single site: minimum building area (m²)"), default=3000
    )
    core_site_min_m2 = models.PositiveIntegerField(
        _("several sites: minimum core site area (m²)"), default=2000
    )
    total_min_m2 = models.PositiveIntegerField(
        _("several sites: minimum total area (m²)"), default=4000
    )
    max_sub_parks = models.PositiveSmallIntegerField(
        _("maximum number of sub-parks"), default=3
    )
    min_institutions = models.PositiveSmallIntegerField(
        _("minimum number of HR service institutions"), default=10
    )
    revenue_total_min_yuan = models.BigIntegerField(
        _("revenue: total at least (yuan)"), default=30_000_000
    )
    revenue_tier1_over_yuan = models.BigIntegerField(
        _("revenue: institutions over (yuan), tier 1"), default=5_000_000
    )
    revenue_tier1_count = models.PositiveSmallIntegerField(
        _("revenue: at least this many institutions, tier 1"), default=3
    )
    revenue_tier2_over_yuan = models.BigIntegerField(
        _("revenue: institutions over (yuan), tier 2"), default=3_000_000
    )
    revenue_tier2_count = models.PositiveSmallIntegerField(
        _("revenue: at least this many institutions, tier 2"), default=5
    )
    revenue_tier3_over_yuan = models.BigIntegerField(
        _("revenue: institutions over (yuan), tier 3"), default=10_000_000
    )
    revenue_tier3_count = models.PositiveSmallIntegerField(
        _("revenue: at least this many institutions, tier 3"), default=1
    )
    recognition_award_yuan = models.PositiveIntegerField(
        _("one-off recognition award (yuan)"), default=600_000
    )
    subsidy_base_yuan = models.PositiveIntegerField(
        _("operating subsidy: base (yuan)"), default=200_000
    )
    subsidy_per_person_yuan = models.PositiveIntegerField(
        _("operating subsidy: per person above the threshold (yuan)"), default=20
    )
    subsidy_cap_yuan = models.PositiveIntegerField(
        _("operating subsidy: yearly cap (yuan)"), default=500_000
    )
    employment_ratio_percent = models.DecimalField(
        _("employment threshold (percent of the city's yearly tasks)"),
        max_digits=5,
        decimal_places=2,
        default=10,
    )
    name_prefix = models.CharField(_("park name prefix"), max_length=20, default="晋中")

    history = HistoricalRecords()
    objects = PolicyVersionQuerySet.as_manager()

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("title"),
                FieldPanel("doc_no"),
                FieldRowPanel(
                    [FieldPanel("effective_from"), FieldPanel("effective_to")]
                ),
            ],
            heading=pgettext_lazy("policy document", "Document"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("notice_min_working_days"),
                FieldRowPanel(
                    [
                        FieldPanel("single_site_min_m2"),
                        FieldPanel("core_site_min_m2"),
                        FieldPanel("total_min_m2"),
                        FieldPanel("max_sub_parks"),
                    ]
                ),
                FieldPanel("min_institutions"),
                FieldPanel("revenue_total_min_yuan"),
                FieldRowPanel(
                    [
                        FieldPanel("revenue_tier1_over_yuan"),
                        FieldPanel("revenue_tier1_count"),
                    ]
                ),
                FieldRowPanel(
                    [
                        FieldPanel("revenue_tier2_over_yuan"),
                        FieldPanel("revenue_tier2_count"),
                    ]
                ),
                FieldRowPanel(
                    [
                        FieldPanel("revenue_tier3_over_yuan"),
                        FieldPanel("revenue_tier3_count"),
                    ]
                ),
            ],
            heading=_("Recognition thresholds (Art. 9, 10)"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("recognition_award_yuan"),
                FieldRowPanel(
                    [
                        FieldPanel("subsidy_base_yuan"),
                        FieldPanel("subsidy_per_person_yuan"),
                        FieldPanel("subsidy_cap_yuan"),
                    ]
                ),
                FieldPanel("employment_ratio_percent"),
                FieldPanel("name_prefix"),
            ],
            heading=_("Money and naming (Art. 10(4), 12, 13)"),
        ),
    ]

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("policy version")
        verbose_name_plural = _("policy versions")

    def __str__(self):
        return f"{self.title} {self.doc_no}".strip()

    def clean(self):
        super().clean()
        if (
            self.effective_to
            and self.effective_from
            and self.effective_to < self.effective_from
        ):
            raise ValidationError(
                {"effective_to": _("The end date cannot be before the start date.")}
            )
        if self.effective_from:
            overlapping = PolicyVersion.objects.exclude(pk=self.pk).filter(
                models.Q(effective_to__isnull=True)
                | models.Q(effective_to__gte=self.effective_from)
            )
            if self.effective_to:
                overlapping = overlapping.filter(effective_from__lte=self.effective_to)
            if overlapping.exists():
                raise ValidationError(
                    _(
                        "Its period overlaps %(other)s: only one version may be in force on a day."
                    )
                    % {"other": overlapping.first()}
                )

    def terms(self) -> PolicyTerms:
        """The thresholds as a plain value object for the pure rule modules."""
        return PolicyTerms(
            title=self.title,
            doc_no=self.doc_no,
            effective_from=self.effective_from,
            effective_to=self.effective_to,
            notice_min_working_days=self.notice_min_working_days,
            single_site_min_m2=self.single_site_min_m2,
            core_site_min_m2=self.core_site_min_m2,
            total_min_m2=self.total_min_m2,
            max_sub_parks=self.max_sub_parks,
            min_institutions=self.min_institutions,
            revenue_total_min_yuan=self.revenue_total_min_yuan,
            revenue_tiers=(
                (self.revenue_tier1_over_yuan, self.revenue_tier1_count),
                (self.revenue_tier2_over_yuan, self.revenue_tier2_count),
                (self.revenue_tier3_over_yuan, self.revenue_tier3_count),
            ),
            recognition_award_yuan=self.recognition_award_yuan,
            subsidy_base_yuan=self.subsidy_base_yuan,
            subsidy_per_person_yuan=self.subsidy_per_person_yuan,
            subsidy_cap_yuan=self.subsidy_cap_yuan,
            employment_ratio_percent=self.employment_ratio_percent,
            name_prefix=self.name_prefix,
        )
