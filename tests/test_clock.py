"""The suite runs at a chosen moment, never at the machine's date."""

import time
from datetime import date

import pytest
from django.utils import timezone

from tests.conftest import LAST_CONFIRMED_YEAR, TEST_NOW


def test_every_clock_reads_the_test_moment(now, today):
    assert now == TEST_NOW
    assert today == date(2026, 11, 10)
    assert timezone.localdate() == today
    assert abs(timezone.now() - now).total_seconds() < 60
    assert abs(time.time() - now.timestamp()) < 60


@pytest.mark.django_db
def test_the_test_world_confirms_years_up_to_a_fixed_one():
    from notices.models import HolidayYear

    years = set(HolidayYear.objects.values_list("year", flat=True))
    assert max(years) == LAST_CONFIRMED_YEAR
    assert not HolidayYear.objects.filter(confirmed=False).exists()
