"""Applications (申报, Art. 10 and the appendix form).

The skeleton shared by the intake, notice and registry sides: the application, its
county and its stage. The appendix-form fields, sites, roster and materials hang off it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from simple_history.models import HistoricalRecords


class Stage(models.TextChoices):
    """Where an application stands (SPEC §2 "Application")."""

    DRAFT = "draft", _("Draft")
    COUNTY_REVIEWED = "county_reviewed", _("County reviewed")
    CITY_REVIEWED = "city_reviewed", _("City reviewed")
    EXPERT_REVIEWED = "expert_reviewed", _("Expert reviewed")
    IN_NOTICE = "in_notice", _("In public notice")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Application(ClusterableModel):
    """One county's application for a park to be recognised as municipal-level."""

    county = models.ForeignKey(
        "parkregistry.County",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("county"),
    )
    name = models.CharField(_("park name"), max_length=200)
    address = models.CharField(_("park address"), max_length=300, blank=True)
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage.choices, default=Stage.DRAFT
    )
    park = models.ForeignKey(
        "parkregistry.Park",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sub_park_applications",
        verbose_name=_("existing park (adding a sub-park, Art. 11)"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")

    def __str__(self):
        return self.name


class ApplicationSite(models.Model):
    """A site of the park: the core park or a sub-park (分园), with its building area."""

    application = ParentalKey(
        Application, on_delete=models.CASCADE, related_name="sites"
    )
    name = models.CharField(_("site name"), max_length=200)
    address = models.CharField(_("site address"), max_length=300, blank=True)
    area_m2 = models.DecimalField(
        _("building area (m²)"), max_digits=12, decimal_places=2
    )
    is_core = models.BooleanField(_("core site"), default=False)
    sort_order = models.PositiveSmallIntegerField(default=0, editable=False)

    history = HistoricalRecords(excluded_fields=["application"])

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")

    def __str__(self):
        return self.name


class RosterInstitution(models.Model):
    """An HR service institution on the application's roster (入驻机构名录)."""

    application = ParentalKey(
        Application, on_delete=models.CASCADE, related_name="institutions"
    )
    name = models.CharField(_("institution name"), max_length=200)
    licence_no = models.CharField(
        _("licence or filing number"), max_length=100, blank=True
    )
    revenue_yuan = models.DecimalField(
        _("prior-year revenue (yuan, including collections and payments on behalf)"),
        max_digits=14,
        decimal_places=2,
        default=0,
    )
    operating = models.BooleanField(_("operating (for-profit)"), default=True)
    sort_order = models.PositiveSmallIntegerField(default=0, editable=False)

    history = HistoricalRecords(excluded_fields=["application"])

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")

    def __str__(self):
        return self.name
