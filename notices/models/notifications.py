"""Staff preferences for the plugin's notification emails."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationPreference(models.Model):
    """Whether a staff member receives the plugin's work emails (业务提醒邮件).

    Missing row means "yes": every staff member with the permission concerned is
    told, until they switch it off under 账户 → 通知 in the admin.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notice_notification_preference",
        verbose_name=_("user"),
    )
    work_emails = models.BooleanField(
        _("receive work emails"),
        default=True,
        help_text=_(
            "Emails about applications, objections and notice windows that wait for you."
        ),
    )

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return str(self.user)


class NoticeReminder(models.Model):
    """A reminder about a notice window that has been sent (once per closing moment).

    ``send_notice_reminders`` (cron) writes one row per notice, kind and closing
    moment before it mails, so a run repeated or overlapping never mails twice, and
    an extension (a later closing moment) is announced again.
    """

    class Kind(models.TextChoices):
        CLOSING_SOON = "closing_soon", _("Closes in one working day")
        CLOSED = "closed", _("Closed, with its outcome")

    notice = models.ForeignKey(
        "notices.NoticePage",
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name=_("notice"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    closes_at = models.DateTimeField(_("closing moment"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("notice reminder")
        verbose_name_plural = _("notice reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["notice", "kind", "closes_at"], name="one_reminder_per_closing"
            )
        ]

    def __str__(self) -> str:
        return f"{self.notice_id} {self.kind} {self.closes_at:%Y-%m-%d %H:%M}"
