"""The admin form of a notice page."""

from __future__ import annotations

from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm

from notices.models.slugs import SequentialSlugFormMixin

PERIOD_FIELDS = ("start_date", "working_days", "closing_time")


class NoticePageForm(SequentialSlugFormMixin, WagtailAdminPageForm):
    """Once a notice has been published its period changes only through the
    recorded corrections (延长公示 / 更正后重新公示), never by editing the dates.

    Its slug is ``<year>-<n>`` unless the editor enters an ASCII one
    (``notices.models.slugs``)."""

    def clean(self):
        cleaned = super().clean()
        instance = self.instance
        if instance.pk and instance.first_published_at:
            published = type(instance).objects.filter(pk=instance.pk).first()
            if published is not None:
                for name in PERIOD_FIELDS:
                    if name in cleaned and cleaned[name] != getattr(published, name):
                        self.add_error(
                            name,
                            _(
                                "The period of a published notice changes only through "
                                "“Extend notice” or “Correct and restart”, so that the "
                                "change is recorded."
                            ),
                        )
        return cleaned
