"""Cache purges only; business rules never live in signals."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from notices.calendars import forget_cached_years
from notices.models import HolidayDate, HolidayYear


@receiver([post_save, post_delete], sender=HolidayYear)
@receiver([post_save, post_delete], sender=HolidayDate)
def drop_cached_arrangements(sender, instance, **kwargs):
    forget_cached_years()


from notices import notice_signals  # noqa: E402, F401
