"""Recorded corrections of a published notice: extensions and restarts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class CorrectionKind(models.TextChoices):
    EXTENSION = "extension", _("Extension")
    RESTART = "restart", _("Material correction (restart)")


class NoticeCorrection(models.Model):
    """A change to a notice's period after publication, kept for the record.

    An extension (延长公示) adds working days, so the end only moves later. A material
    correction (更正后重新公示) restarts the full period from a new start date; the
    previous period stays on the page, struck through. Made from the page's admin
    actions; every change is kept by django-simple-history and in the page history.
    """

    page = models.ForeignKey(
        "notices.NoticePage",
        on_delete=models.CASCADE,
        related_name="corrections",
        verbose_name=_("notice"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CorrectionKind.choices)
    made_at = models.DateTimeField(_("made at"), default=timezone.now)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("made by"),
    )
    reason = models.TextField(
        _("reason"), help_text=_("Why the notice is extended or corrected (public).")
    )
    extra_working_days = models.PositiveSmallIntegerField(
        _("additional working days"),
        null=True,
        blank=True,
        help_text=_("Extension: the number of working days added at the end."),
    )
    new_start_date = models.DateField(
        _("new start date"),
        null=True,
        blank=True,
        help_text=_("Material correction: the full period restarts on this date."),
    )
    previous_start = models.DateField(_("previous start"))
    previous_end = models.DateField(_("previous end"))
    previous_working_days = models.PositiveSmallIntegerField(_("previous working days"))
    new_end = models.DateField(_("new end"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["made_at", "pk"]
        verbose_name = _("notice correction")
        verbose_name_plural = _("notice corrections")

    def __str__(self):
        return f"{self.get_kind_display()} {self.made_at:%Y-%m-%d}"
