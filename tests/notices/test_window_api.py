"""GET /api/workdays/window, as SPEC §3 fixes it."""

import pytest

pytestmark = pytest.mark.django_db

URL = "/api/workdays/window"


def get(client, **params):
    return client.get(URL, params)


def test_national_day_with_makeup_saturday(client):
    response = get(client, start="2026-09-30", days="5")
    assert response.status_code == 200
    assert response.json() == {
        "start": "2026-09-30",
        "end": "2026-10-12",
        "working_days": 5,
        "dates": ["2026-09-30", "2026-10-08", "2026-10-09", "2026-10-10", "2026-10-12"],
        "closes_at": "2026-10-12T23:59:59+08:00",
    }


def test_start_on_a_holiday_counts_from_next_working_day(client):
    body = get(client, start="2026-05-01", days="5").json()
    assert body["dates"][0] == "2026-05-06"
    assert body["end"] == "2026-05-11"
    assert "2026-05-09" in body["dates"]  # makeup Saturday


def test_unconfirmed_year_is_409_naming_it(client):
    response = get(client, start="2026-12-28", days="5")
    assert response.status_code == 409
    body = response.json()
    assert body["year"] == 2027
    assert "2027" in body["error"]
    assert "节假日" in body["error"]


@pytest.mark.parametrize(
    "params",
    [
        {"start": "2026-13-01", "days": "5"},
        {"start": "2026-02-30", "days": "5"},
        {"start": "20260930", "days": "5"},
        {"start": "2026/09/30", "days": "5"},
        {"start": "", "days": "5"},
        {"days": "5"},
        {"start": "2026-09-30"},
        {"start": "2026-09-30", "days": "0"},
        {"start": "2026-09-30", "days": "-3"},
        {"start": "2026-09-30", "days": "61"},
        {"start": "2026-09-30", "days": "five"},
        {"start": "2026-09-30", "days": "5.5"},
        {"start": "1999-01-04", "days": "5"},
        {"start": "0001-01-01", "days": "5"},
    ],
)
def test_bad_input_is_400_with_a_chinese_message(client, params):
    response = get(client, **params)
    assert response.status_code == 400
    error = response.json()["error"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in error), error


def test_sixty_days_is_allowed(client):
    response = get(client, start="2026-01-05", days="60")
    assert response.status_code == 200
    assert response.json()["working_days"] == 60


def test_year_far_ahead_is_409(client):
    response = get(client, start="2031-03-02", days="5")
    assert response.status_code == 409
    assert response.json()["year"] == 2031


def test_openapi_document_lists_the_endpoint(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert "/api/workdays/window" in response.json()["paths"]


def test_editor_confirming_2027_makes_it_computable(client):
    from datetime import date

    from notices.models import HolidayDate, HolidayYear

    year = HolidayYear.objects.create(
        year=2027, doc_no="国办发明电〔2026〕X号", confirmed=False
    )
    HolidayDate.objects.create(arrangement=year, date=date(2027, 1, 1), name="元旦")
    assert get(client, start="2026-12-28", days="5").status_code == 409
    year.confirmed = True
    year.save()
    body = get(client, start="2026-12-28", days="5").json()
    # 12-28..12-31, then 2027-01-01 is off: day 5 is Monday 01-04.
    assert body["end"] == "2027-01-04"
