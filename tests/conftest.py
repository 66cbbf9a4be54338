"""Shared fixtures: a fixed clock, and the confirmed holiday years of the test world.

Every test runs at ``TEST_NOW`` whatever the machine's date (``faketime`` included):
the clock is moved there for the whole session, so class-level set-up sees it too,
and back to it before each test. A test that needs another moment travels there
itself with ``time_machine.travel``; a test that needs "today" takes the ``today``
or ``now`` fixture.

The test world's holiday data is the chinese-calendar package's up to
``LAST_CONFIRMED_YEAR``; later years stay unconfirmed even when a newer release of
the package knows them, so the tests of an unconfirmed year keep their meaning.
"""

from __future__ import annotations

from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command

# The second site (notices alone) runs with its own settings: `make test-plugin`.
collect_ignore = ["personnel_site"]

#: The moment the suite runs at: a Tuesday in 2026, a confirmed year, with every
#: window the tests build from "today" ending inside that year.
TEST_NOW = datetime(2026, 11, 10, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
LAST_CONFIRMED_YEAR = 2026


def pytest_configure(config):
    # Started here rather than in a fixture so that collection, session and
    # class-level set-up (``setUpTestData``) all see the test clock.
    traveller = time_machine.travel(TEST_NOW, tick=True)
    traveller.start()
    config.add_cleanup(traveller.stop)


@pytest.fixture(autouse=True)
def clock():
    """Each test starts at ``TEST_NOW`` (the clock then runs on)."""
    with time_machine.travel(TEST_NOW, tick=True) as traveller:
        yield traveller


@pytest.fixture
def now(clock) -> datetime:
    """The moment the test starts at (Asia/Shanghai)."""
    return TEST_NOW


@pytest.fixture
def today(clock) -> date:
    """The local date the test runs on."""
    return TEST_NOW.date()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from notices.models import HolidayYear

    with django_db_blocker.unblock():
        call_command("sync_holidays", verbosity=0, stdout=StringIO())
        HolidayYear.objects.filter(year__gt=LAST_CONFIRMED_YEAR).delete()


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()
