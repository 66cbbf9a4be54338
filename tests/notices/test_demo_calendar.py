"""The demo works on any date; its made-up years are marked and never used in production."""

from datetime import date, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from notices.models import HolidayYear, NoticePage, Objection
from notices.models.calendars import compute_notice_window, load_calendar
from notices.rules.workingdays import UnconfirmedYear, WindowState
from notices.services.demo_calendar import ensure_demo_years
from tests.factories_objections import (
    _private_root,  # noqa: F401
    objection_data,
    objection_url,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_private_root")]

SHANGHAI = ZoneInfo("Asia/Shanghai")


def load_demo():
    call_command("load_demo_data", "--skip-holidays", stdout=StringIO())


def states(now) -> dict[WindowState, list[NoticePage]]:
    found: dict[WindowState, list[NoticePage]] = {s: [] for s in WindowState}
    for page in NoticePage.objects.live():
        state = page.state(now)
        if state is not None:
            found[state].append(page)
    return found


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 12, 21, 9, 0),
        datetime(2026, 12, 28, 10, 0),
        datetime(2027, 1, 31, 10, 0),
        datetime(2027, 7, 1, 10, 0),
        datetime(2029, 9, 30, 23, 0),
        datetime(2031, 12, 31, 16, 0),
    ],
    ids=str,
)
def test_demo_has_open_upcoming_and_closed_notices_on_any_date(client, moment):
    now = moment.replace(tzinfo=SHANGHAI)
    with time_machine.travel(now, tick=False):
        load_demo()
        found = states(now)
        assert found[WindowState.OPEN], "no open notice"
        assert found[WindowState.UPCOMING], "no upcoming notice"
        assert found[WindowState.CLOSED], "no closed notice"
        # The objection form of the open notice takes an objection.
        page = found[WindowState.OPEN][0]
        data = objection_data(page, with_candidate=True)
        response = client.post(objection_url(page), data)
        assert response.status_code == 303, response.content.decode()[:500]
        assert Objection.objects.filter(notice=page).count() == 1


def test_a_year_without_official_data_is_registered_as_marked_demo_data(client):
    now = datetime(2026, 12, 28, 10, 0, tzinfo=SHANGHAI)
    with time_machine.travel(now, tick=False):
        load_demo()
        demo = HolidayYear.objects.get(year=2027)
        assert demo.is_demo and demo.confirmed
        assert "演示数据（非官方安排，仅供演示）" in demo.source_title
        # Official years are left alone.
        assert not HolidayYear.objects.get(year=2026).is_demo
        # The open notice crosses into 2027: its page and the calculator say so.
        page = next(p for p in states(now)[WindowState.OPEN] if p.slug == "open-notice")
        assert page.window().demo_years == (2027,)
        html = client.get(page.url).content.decode()
        assert "2027年节假日安排为演示数据（非官方安排，仅供演示）" in html
        calc = client.get("/calculator/", {"start": "2026-12-28", "days": "5"})
        assert (
            "2027年节假日安排为演示数据（非官方安排，仅供演示）"
            in calc.content.decode()
        )
        # A window inside an official year carries no mark.
        official = client.get("/calculator/", {"start": "2026-12-01", "days": "5"})
        assert "演示数据" not in official.content.decode()


def test_loading_again_later_adds_a_new_open_and_upcoming_notice():
    first = datetime(2026, 11, 10, 10, 0, tzinfo=SHANGHAI)
    with time_machine.travel(first, tick=False):
        load_demo()
    later = first + timedelta(days=70)
    with time_machine.travel(later, tick=False):
        load_demo()
        found = states(later)
        assert found[WindowState.OPEN] and found[WindowState.UPCOMING]
        load_demo()  # and a third time changes nothing more
        assert len(states(later)[WindowState.OPEN]) == len(found[WindowState.OPEN])


def test_production_settings_never_use_or_make_demo_years(settings):
    ensure_demo_years([2027], lambda *a: None)
    assert 2027 in load_calendar([2027]).years
    settings.NOTICES_DEMO_CALENDAR = False
    from django.core.cache import cache

    cache.clear()
    assert 2027 not in load_calendar([2027]).years
    with pytest.raises(UnconfirmedYear) as exc:
        compute_notice_window(date(2026, 12, 28), 5)
    assert exc.value.year == 2027
    with pytest.raises(ImproperlyConfigured):
        ensure_demo_years([2028], lambda *a: None)
    assert not HolidayYear.objects.filter(year=2028).exists()


def test_the_official_arrangement_replaces_a_demo_year():
    ensure_demo_years([2026], lambda *a: None)  # 2026 is official: left alone
    assert not HolidayYear.objects.get(year=2026).is_demo
    HolidayYear.objects.filter(year=2026).update(is_demo=True, source_title="x")
    call_command("sync_holidays", "--year", "2026", stdout=StringIO())
    year = HolidayYear.objects.get(year=2026)
    assert not year.is_demo and year.confirmed
    assert year.doc_no == "国办发明电〔2025〕7号"
    assert year.dates.filter(name="春节").exists()
