"""Objections (异议) filed by the public during a notice window.

Personal data (name, organisation, phone, email, address, content, attachments) is
visible only to objection handlers and city admins; see SPEC §2 "Objection".
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

#: The fields that hold the objector's personal data (cleared by purge_objections).
PERSONAL_FIELDS = ("name", "organisation", "phone", "email", "address", "content")


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


class Channel(models.TextChoices):
    """How the objection reached the publisher (书面异议 are entered by a handler)."""

    ONLINE = "online", _("Online form")
    POST = "post", _("By post")
    IN_PERSON = "in_person", _("In person")
    FAX = "fax", _("By fax")


class ObjectionQuerySet(models.QuerySet):
    def open(self):
        """Objections still being handled (not closed, not refused, not withdrawn)."""
        return self.filter(
            status__in=[ObjectionStatus.RECEIVED, ObjectionStatus.CHECKING]
        )


class Objection(models.Model):
    """One citizen's objection to a notice or to one of its candidates.

    Filed on the notice page (``<notice url>objection/``), handled in the admin
    (异议处理), looked up by the objector with the receipt number and query code.
    """

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
    submission_token = models.CharField(
        _("submission token"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        help_text=_(
            "Identifies one filled-in form, so a double submission is kept once."
        ),
    )
    kind = models.CharField(_("objector"), max_length=20, choices=ObjectorKind.choices)
    name = models.CharField(pgettext_lazy("person", "name"), max_length=100, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    content = models.TextField(pgettext_lazy("objection", "content"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ObjectionStatus.choices,
        default=ObjectionStatus.RECEIVED,
    )
    finding = models.CharField(
        _("finding"), max_length=20, choices=Finding.choices, blank=True, default=""
    )
    reply = models.TextField(
        _("published reply"),
        blank=True,
        help_text=_("Shown to the objector in the status lookup."),
    )
    not_accepted_reason = models.TextField(
        _("reason for not accepting"),
        blank=True,
        help_text=_(
            "Required when the objection is not accepted; shown in the lookup."
        ),
    )
    channel = models.CharField(
        _("channel"),
        max_length=20,
        choices=Channel.choices,
        default=Channel.ONLINE,
    )
    received_on = models.DateField(
        _("received on"),
        null=True,
        blank=True,
        help_text=_(
            "The day the objection was received; for a letter, the postmark date. "
            "It must fall within the notice period."
        ),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
        help_text=_("The handler who entered an objection received on paper."),
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    reply_due = models.DateField(
        _("reply due"),
        null=True,
        blank=True,
        help_text=_("Computed in working days from the day of receipt."),
    )
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    purged_at = models.DateTimeField(
        _("personal data purged at"), null=True, blank=True
    )

    history = HistoricalRecords()
    objects = ObjectionQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        permissions = [("handle_objection", _("Can handle objections"))]

    def __str__(self):
        return self.receipt_no


class ObjectionAttachment(models.Model):
    """A file sent with an objection, stored outside the public media path."""

    objection = models.ForeignKey(
        Objection,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("objection"),
    )
    stored_name = models.CharField(
        _("stored name"),
        max_length=100,
        unique=True,
        help_text=_("Generated file name under the private media root."),
    )
    original_name = models.CharField(_("original name"), max_length=255, blank=True)
    content_type = models.CharField(
        pgettext_lazy("file", "content type"), max_length=50
    )
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("objection attachment")
        verbose_name_plural = _("objection attachments")

    def __str__(self):
        return self.stored_name


class ObjectionAccess(models.Model):
    """Access log: who saw an objector's personal data, and when."""

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed the details")
        DOWNLOAD = "download", _("Downloaded an attachment")
        ENTER = "enter", _("Entered an objection received on paper")

    objection = models.ForeignKey(
        Objection,
        on_delete=models.CASCADE,
        related_name="accesses",
        verbose_name=_("objection"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("user"),
    )
    at = models.DateTimeField(_("time"), auto_now_add=True)
    action = models.CharField(
        _("action"), max_length=20, choices=Action.choices, default=Action.VIEW
    )

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("objection access")
        verbose_name_plural = _("objection accesses")

    def __str__(self):
        return f"{self.objection} {self.user} {self.at:%Y-%m-%d %H:%M}"


class ReceiptCounter(models.Model):
    """The last receipt number issued in a year (locked with SELECT ... FOR UPDATE)."""

    year = models.PositiveIntegerField(_("year"), unique=True)
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("receipt counter")
        verbose_name_plural = _("receipt counters")

    def __str__(self):
        return f"{self.year}: {self.last}"
