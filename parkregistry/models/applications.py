"""Applications (申报, Art. 10 and the appendix form).

The skeleton shared by the intake, notice and registry sides: the application, its
county and its stage. The appendix-form fields, sites, roster and materials hang off it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
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


class Application(models.Model):
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
