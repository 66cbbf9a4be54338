"""The staff's switch for work emails: a panel of the admin's account settings
(帐号 → 通知), registered by ``notices.wagtail_hooks``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy
from wagtail.admin.views.account import BaseSettingsPanel, notifications_tab

from notices.models import NotificationPreference


class WorkEmailsForm(forms.ModelForm):
    class Meta:
        model = NotificationPreference
        fields = ["work_emails"]


class WorkEmailsSettingsPanel(BaseSettingsPanel):
    """Receive work emails (业务提醒邮件) or not; on until switched off."""

    name = "notices_work_emails"
    title = gettext_lazy("Work emails")
    tab = notifications_tab
    order = 300
    form_class = WorkEmailsForm

    def get_form(self):
        instance = NotificationPreference.objects.filter(
            user=self.user
        ).first() or NotificationPreference(user=self.user)
        kwargs = {"instance": instance, "prefix": self.name}
        if self.request.method == "POST":
            return self.form_class(self.request.POST, **kwargs)
        return self.form_class(**kwargs)
