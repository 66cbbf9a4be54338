"""Cache purges only; business rules never live in signals."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import FieldDoesNotExist
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from notices.models import HolidayDate, HolidayYear, NotificationPreference
from notices.models.calendars import forget_cached_years
from notices.services.notifications import forget_staff


@receiver([post_save, post_delete], sender=HolidayYear)
@receiver([post_save, post_delete], sender=HolidayDate)
def drop_cached_arrangements(sender, instance, **kwargs):
    forget_cached_years()


def _user_links(user_model) -> list:
    """The user model's links to groups and permissions (a custom user model
    may have neither)."""
    links = []
    for name in ("groups", "user_permissions"):
        try:
            links.append(user_model._meta.get_field(name).remote_field.through)
        except FieldDoesNotExist:
            continue
    return links


User = get_user_model()
STAFF_MODELS = (User, Group, Permission, NotificationPreference)
STAFF_LINKS = (*_user_links(User), Group.permissions.through)


def _staff_changed(sender, update_fields=None, **kwargs):
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return  # a sign-in changes nobody's role or address
    forget_staff()


for model in STAFF_MODELS:
    post_save.connect(_staff_changed, sender=model, dispatch_uid=f"staff-save-{model}")
    post_delete.connect(_staff_changed, sender=model, dispatch_uid=f"staff-del-{model}")
for link in STAFF_LINKS:
    m2m_changed.connect(_staff_changed, sender=link, dispatch_uid=f"staff-m2m-{link}")
