"""Stored holiday arrangements: sync from chinese-calendar, history, admin editing."""

from datetime import date
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from notices.models import HolidayDate, HolidayYear
from notices.models.calendars import load_calendar

pytestmark = pytest.mark.django_db


def sync(*args):
    out = StringIO()
    call_command("sync_holidays", *args, stdout=out)
    return out.getvalue()


def test_sync_loaded_every_package_year_confirmed_with_source():
    years = list(HolidayYear.objects.order_by("year").values_list("year", flat=True))
    assert years == list(range(2004, 2027))
    y2026 = HolidayYear.objects.get(year=2026)
    assert y2026.confirmed
    assert y2026.doc_no == "国办发明电〔2025〕7号"
    assert y2026.source_title == "国务院办公厅关于2026年部分节假日安排的通知"
    national = y2026.dates.get(date=date(2026, 10, 1))
    assert (national.kind, national.name) == (HolidayDate.Kind.HOLIDAY, "国庆节")
    makeup = y2026.dates.get(date=date(2026, 10, 10))
    assert makeup.kind == HolidayDate.Kind.MAKEUP_WORKDAY


def test_sync_is_idempotent_and_adds_no_history():
    before = HolidayYear.history.count() + HolidayDate.history.count()
    out = sync()
    assert "23 years checked, 0 written" in out
    assert HolidayYear.history.count() + HolidayDate.history.count() == before


def test_sync_repairs_a_tampered_year():
    year = HolidayYear.objects.get(year=2025)
    year.dates.filter(date=date(2025, 10, 1)).delete()
    assert "2025: updated" in sync("--year", "2025")
    assert year.dates.filter(date=date(2025, 10, 1)).exists()


def test_sync_refuses_an_unknown_year():
    with pytest.raises(CommandError, match="2027"):
        sync("--year", "2027")


def test_changes_are_kept_in_history():
    year = HolidayYear.objects.create(
        year=2027, source_title="国务院办公厅关于2027年部分节假日安排的通知"
    )
    year.confirmed = True
    year.doc_no = "国办发明电〔2026〕1号"
    year.save()
    types = list(
        year.history.order_by("history_date").values_list("history_type", flat=True)
    )
    assert types == ["+", "~"]
    assert year.history.earliest().confirmed is False
    assert year.history.latest().doc_no == "国办发明电〔2026〕1号"


def test_unconfirmed_year_is_not_loaded():
    HolidayYear.objects.create(year=2027, confirmed=False)
    assert 2027 not in load_calendar([2026, 2027]).years
    assert 2026 in load_calendar([2026, 2027]).years


def test_cached_calendar_follows_edits():
    assert date(2026, 12, 31) not in load_calendar([2026]).arrangement(2026).holidays
    HolidayDate.objects.create(
        arrangement=HolidayYear.objects.get(year=2026),
        date=date(2026, 12, 31),
        name="测试假日",
    )
    assert (
        load_calendar([2026]).arrangement(2026).holidays[date(2026, 12, 31)]
        == "测试假日"
    )


@pytest.mark.parametrize(
    ("fields", "field_with_error"),
    [
        (
            {"date": date(2027, 10, 5), "kind": "makeup_workday", "name": ""},
            "kind",
        ),  # a Tuesday
        ({"date": date(2026, 10, 5), "kind": "holiday", "name": "国庆节"}, "date"),
        ({"date": date(2027, 10, 1), "kind": "holiday", "name": ""}, "name"),
    ],
)
def test_holiday_date_validation(fields, field_with_error):
    from django.core.exceptions import ValidationError

    year = HolidayYear.objects.create(year=2027)
    row = HolidayDate(arrangement=year, **fields)
    with pytest.raises(ValidationError) as exc:
        row.full_clean()
    assert field_with_error in exc.value.message_dict


def test_editor_enters_2027_in_the_admin(client):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    admin = get_user_model().objects.create_superuser("admin", "a@example.com", "pw")
    client.force_login(admin)
    data = nested_form_data(
        {
            "year": 2027,
            "source_title": "国务院办公厅关于2027年部分节假日安排的通知",
            "doc_no": "国办发明电〔2026〕9号",
            "published_on": "2026-11-10",
            "confirmed": "on",
            "notes": "",
            "dates": inline_formset(
                [
                    {"date": "2027-01-01", "kind": "holiday", "name": "元旦"},
                    {"date": "2027-01-02", "kind": "holiday", "name": "元旦"},
                    {"date": "2027-01-03", "kind": "holiday", "name": "元旦"},
                ]
            ),
        }
    )
    response = client.post("/admin/snippets/notices/holidayyear/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    year = HolidayYear.objects.get(year=2027)
    assert year.dates.count() == 3
    response = client.get("/api/workdays/window", {"start": "2026-12-28", "days": "5"})
    assert response.status_code == 200
    # 12-28..12-31 (4 days), 2027-01-01..03 off, Monday 01-04 is day 5.
    assert response.json()["end"] == "2027-01-04"


def test_admin_listing_shows_years(client):
    admin = get_user_model().objects.create_superuser("admin", "a@example.com", "pw")
    client.force_login(admin)
    response = client.get("/admin/snippets/notices/holidayyear/")
    assert response.status_code == 200
    assert "国办发明电〔2025〕7号" in response.content.decode()
