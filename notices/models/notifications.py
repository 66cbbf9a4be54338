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
