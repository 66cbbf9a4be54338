"""The public registry (名录) of municipal-level parks (Art. 10(4), 12, 23–25)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ParkStatus(models.TextChoices):
    NORMAL = "normal", _("Normal")
    RECTIFYING = "rectifying", _("Under rectification")
    REVOKED = "revoked", _("Revoked")


class Park(models.Model):
    """A recognised park. Never deleted: a revoked park stays as 已取消."""

    name = models.CharField(_("official name"), max_length=200, unique=True)
    county = models.ForeignKey(
        "parkregistry.County",
        on_delete=models.PROTECT,
        related_name="parks",
        verbose_name=_("county"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ParkStatus.choices,
        default=ParkStatus.NORMAL,
    )
    application = models.ForeignKey(
        "parkregistry.Application",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("application"),
    )
    approval_doc_no = models.CharField(_("approval document number"), max_length=100)
    approved_on = models.DateField(_("approved on"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["county__sort_order", "name"]
        verbose_name = _("park")
        verbose_name_plural = _("parks")

    def __str__(self):
        return self.name
