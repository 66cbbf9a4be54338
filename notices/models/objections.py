"""Objections (异议) filed by the public during a notice window.

Personal data (name, organisation, phone, email, address, content attachments) is
visible only to objection handlers and city admins; see SPEC §2 "Objection".
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ObjectionStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    CHECKING = "checking", _("Under verification")
    REPLIED = "replied", _("Replied")
    CLOSED = "closed", _("Closed")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Finding(models.TextChoices):
    NONE = "", _("Not yet decided")
    SUSTAINED = "sustained", _("Sustained")
    NOT_SUSTAINED = "not_sustained", _("Not sustained")


class ObjectorKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    ORGANISATION = "organisation", _("Organisation")


class Objection(models.Model):
    notice = models.ForeignKey(
        "notices.NoticePage",
        on_delete=models.PROTECT,
        related_name="objections",
        verbose_name=_("notice"),
    )
    candidate = models.ForeignKey(
        "notices.NoticeCandidate",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="objections",
        verbose_name=_("candidate"),
        help_text=_("Empty when the objection concerns the whole notice."),
    )
    receipt_no = models.CharField(_("receipt number"), max_length=20, unique=True)
    code_hash = models.CharField(_("query code hash"), max_length=128)
    kind = models.CharField(_("objector"), max_length=20, choices=ObjectorKind.choices)
    name = models.CharField(_("name"), max_length=100, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    content = models.TextField(_("content"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ObjectionStatus.choices,
        default=ObjectionStatus.RECEIVED,
    )
    finding = models.CharField(
        _("finding"), max_length=20, choices=Finding.choices, blank=True, default=""
    )
    reply = models.TextField(_("published reply"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    purged_at = models.DateTimeField(
        _("personal data purged at"), null=True, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")

    def __str__(self):
        return self.receipt_no
