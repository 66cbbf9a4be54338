"""Fixtures of the second site: a fixed clock and the confirmed holiday years.

Run with this site's settings and without the demo site's conftest
(``make test-plugin`` does):
``pytest tests/personnel_site --confcutdir=tests/personnel_site
--ds=tests.personnel_site.settings``.
"""

from __future__ import annotations

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command

# A Tuesday of a confirmed year, as in the demo site's suite.
TEST_NOW = datetime(2026, 11, 10, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def pytest_configure(config):
    traveller = time_machine.travel(TEST_NOW, tick=True)
    traveller.start()
    config.add_cleanup(traveller.stop)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(TEST_NOW, tick=True) as traveller:
        cache.clear()
        yield traveller


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from notices.models import HolidayYear

    with django_db_blocker.unblock():
        call_command("sync_holidays", verbosity=0, stdout=StringIO())
        HolidayYear.objects.filter(year__gt=2026).delete()
