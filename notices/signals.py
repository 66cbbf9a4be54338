"""Cache purges only; business rules never live in signals."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from notices.models import HolidayDate, HolidayYear
from notices.models.calendars import forget_cached_years


@receiver([post_save, post_delete], sender=HolidayYear)
@receiver([post_save, post_delete], sender=HolidayDate)
def drop_cached_arrangements(sender, instance, **kwargs):
    forget_cached_years()
