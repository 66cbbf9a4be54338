"""Publishing a notice moves its candidates to stage in_notice.

A signal is the one place that sees every way a page goes live: a direct publish,
an approval in the workflow and a scheduled publication (publish_scheduled).
"""

from django.dispatch import receiver
from wagtail.signals import page_published

from notices.models import NoticePage


@receiver(page_published, sender=NoticePage)
def move_candidates_on_publish(sender, instance, revision=None, **kwargs):
    from notices.notice_services import on_published

    user = getattr(revision, "user", None) if revision is not None else None
    on_published(instance, user)
