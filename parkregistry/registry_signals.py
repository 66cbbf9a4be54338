"""Publishing a decision page applies it to the registry.

The rules live in ``registry_services``; ``DecisionPage.clean`` checks them
before publication so that an editor sees any problem in the form.
"""

from django.dispatch import receiver
from wagtail.signals import page_published

from parkregistry.models import DecisionPage


@receiver(page_published, sender=DecisionPage)
def apply_published_decision(sender, instance, revision=None, **kwargs):
    from parkregistry.registry_services import apply_decision

    user = getattr(revision, "user", None) if revision is not None else None
    apply_decision(instance, user=user)
