"""Entering a year from the State Council's notice: command, admin, reminders, flags."""

from __future__ import annotations

import json
from datetime import date, datetime
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from home.roles import CITY_APPROVER, CITY_EDITOR, COUNTY_EDITOR
from notices.models import HolidayDate, HolidayYear
from notices.models.calendars import load_calendar
from notices.services.holiday_sources import package_arrangements
from notices.services.workflow import ensure_publication_workflow
from tests.factories_notices import make_notice_page, notice_index

pytestmark = pytest.mark.django_db

NOTICES = Path(__file__).parent / "holiday_notices"
IMPORT_URL = "/admin/snippets/notices/holidayyear/import/"

# A 2027 notice in the usual form (the dates are made up for the test; the
# document itself is not published in the test world).
NOTICE_2027 = """国务院办公厅关于2027年部分节假日安排的通知
国办发明电〔2026〕99号
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
经国务院批准，现将2027年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。
一、元旦：1月1日（周五）至3日放假，共3天。
二、春节：2月5日（农历除夕、周五）至13日（周六）放假调休，共9天。2月14日（周日）上班。
三、清明节：4月3日（周六）至5日（周一）放假，共3天。
四、劳动节：5月1日（周六）至5日（周三）放假调休，共5天。4月25日（周日）、5月8日（周六）上班。
五、端午节：6月9日（周三）放假，共1天。
六、中秋节：9月15日（周三）放假，共1天。
七、国庆节：10月1日（周五）至7日（周四）放假调休，共7天。9月26日（周日）、10月9日（周六）上班。
国务院办公厅
2026年11月10日
"""


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_holiday_notice", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def notice_2027(tmp_path) -> Path:
    path = tmp_path / "2027.txt"
    path.write_text(NOTICE_2027, encoding="utf-8")
    return path


def user_in(django_user_model, name, *groups):
    user = django_user_model.objects.create_user(name, f"{name}@example.com", "pw")
    for group in groups:
        user.groups.add(Group.objects.get(name=group))
    return user


# --- the command ------------------------------------------------------------------


def test_dry_run_json_prints_exactly_the_spec_shape(notice_2027):
    out, _ = run(str(notice_2027), "--dry-run", "--json")
    data = json.loads(out)
    assert list(data) == [
        "year",
        "kind",
        "document_number",
        "holidays",
        "makeup_workdays",
        "warnings",
    ]
    assert data["year"] == 2027
    assert data["kind"] == "arrangement"
    assert data["document_number"] == "国办发明电〔2026〕99号"
    assert data["holidays"]["2027-02-05"] == "春节"
    assert data["holidays"]["2027-10-07"] == "国庆节"
    assert len(data["holidays"]) == 3 + 9 + 3 + 5 + 1 + 1 + 7
    assert data["makeup_workdays"] == [
        "2027-02-14",
        "2027-04-25",
        "2027-05-08",
        "2027-09-26",
        "2027-10-09",
    ]
    assert data["warnings"] == []
    assert not HolidayYear.objects.filter(year=2027).exists()


@pytest.mark.parametrize("name", ["2025.txt", "2025_govcn.html"])
def test_a_real_notice_as_text_or_saved_page_gives_the_official_days(name):
    out, _ = run(str(NOTICES / name), "--dry-run", "--json")
    data = json.loads(out)
    official = package_arrangements()[2025]
    assert {date.fromisoformat(d) for d in data["makeup_workdays"]} == set(
        official.makeup_workdays
    )
    # every weekday off in the package is a holiday of the notice, and back
    off_weekdays = {
        date.fromisoformat(d)
        for d in data["holidays"]
        if date.fromisoformat(d).weekday() < 5
    }
    assert off_weekdays == {d for d in official.holidays if d.weekday() < 5}
    assert data["warnings"] == []  # no difference from chinese-calendar


def test_storing_makes_the_year_unconfirmed_with_its_source_and_history(
    notice_2027, client
):
    out, _ = run(str(notice_2027))
    assert "未确认" in out
    year = HolidayYear.objects.get(year=2027)
    assert not year.confirmed and not year.is_demo
    assert year.doc_no == "国办发明电〔2026〕99号"
    assert year.source_title == "国务院办公厅关于2027年部分节假日安排的通知"
    assert year.dates.filter(kind=HolidayDate.Kind.MAKEUP_WORKDAY).count() == 5
    assert year.history.first().history_change_reason.startswith("从")
    # Unconfirmed: windows reaching 2027 still stop with the year named.
    response = client.get("/api/workdays/window", {"start": "2026-12-28", "days": "5"})
    assert response.status_code == 409 and response.json()["year"] == 2027
    # Confirmed: the imported days count.
    from notices.services.holidays import confirm_year

    confirm_year(year)
    response = client.get("/api/workdays/window", {"start": "2026-12-28", "days": "5"})
    assert response.json()["end"] == "2027-01-04"
    assert year.history.filter(confirmed=True).exists()


def test_importing_the_same_confirmed_year_again_changes_nothing(tmp_path):
    before = HolidayYear.history.count() + HolidayDate.history.count()
    out, _ = run(str(NOTICES / "2025.txt"))
    assert "一致" in out
    assert HolidayYear.objects.get(year=2025).confirmed
    assert HolidayYear.history.count() + HolidayDate.history.count() == before


def test_the_2019_amendment_replaces_only_labour_day():
    year = HolidayYear.objects.get(year=2019)
    others_before = set(
        year.dates.exclude(name="劳动节").values_list("date", "kind", "name")
    )
    # Put 2019 back as it was before the amendment: 5月1日 alone, no makeup days.
    year.dates.filter(name="劳动节").delete()
    HolidayDate.objects.create(arrangement=year, date=date(2019, 5, 1), name="劳动节")
    out, _ = run(str(NOTICES / "2019_labour_day_amendment.txt"))
    year.refresh_from_db()
    assert not year.confirmed
    labour = set(year.dates.filter(name="劳动节").values_list("date", "kind"))
    assert labour == {
        (date(2019, 5, d), HolidayDate.Kind.HOLIDAY) for d in (1, 2, 3, 4)
    } | {
        (date(2019, 4, 28), HolidayDate.Kind.MAKEUP_WORKDAY),
        (date(2019, 5, 5), HolidayDate.Kind.MAKEUP_WORKDAY),
    }
    assert (
        set(year.dates.exclude(name="劳动节").values_list("date", "kind", "name"))
        == others_before
    )
    assert "国办发明电〔2019〕3号" in year.notes
    # Confirmed, it gives exactly the working days chinese-calendar has for 2019.
    year.confirmed = True
    year.save()
    calendar = load_calendar([2019])
    official = package_arrangements()[2019]
    day = date(2019, 1, 1)
    while day.year == 2019:
        expected = day in official.makeup_workdays or (
            day.weekday() < 5 and day not in official.holidays
        )
        assert calendar.is_working_day(day) == expected, day
        day = day.fromordinal(day.toordinal() + 1)


@pytest.mark.parametrize(
    "content",
    [
        "",
        "Hello world, this is not a notice.",
        "国务院办公厅关于2027年部分节假日安排的通知\n一、春节：2月30日至3月2日放假，共3天。",
        "<html><body><p>今天天气很好</p></body></html>",
        "\x00\x01\x02 binary",
    ],
)
def test_bad_text_exits_non_zero_with_a_chinese_message(tmp_path, content):
    path = tmp_path / "bad.txt"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError) as exc:
        run(str(path), "--dry-run", "--json")
    message = str(exc.value)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message), message


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="无法读取"):
        run(str(tmp_path / "nope.txt"))


def test_the_year_must_be_the_one_asked_for(notice_2027):
    with pytest.raises(CommandError, match="2028"):
        run(str(notice_2027), "--dry-run", "--year", "2028")


def test_the_command_exits_non_zero_from_the_shell(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "bad.txt"
    path.write_text("not a notice", encoding="utf-8")
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "import_holiday_notice", str(path), "--json"],
        cwd=root,
        capture_output=True,
        text=True,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "demosite.settings.test",
        },
        check=False,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "未能识别" in result.stderr


# --- the admin --------------------------------------------------------------------


@pytest.fixture
def city_editor(django_user_model):
    return user_in(django_user_model, "city", CITY_EDITOR)


def test_admin_preview_shows_the_year_grid_and_saves_nothing(client, city_editor):
    client.force_login(city_editor)
    page = client.get("/admin/snippets/notices/holidayyear/")
    assert IMPORT_URL in page.content.decode()  # 从国务院通知导入 button
    response = client.post(IMPORT_URL, {"text": NOTICE_2027, "action": "preview"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "国办发明电〔2026〕99号" in html
    assert html.count('class="holiday"') >= 29
    assert html.count('class="makeup"') >= 5
    assert "12月" in html
    assert not HolidayYear.objects.filter(year=2027).exists()


def test_admin_saves_unconfirmed_then_an_editor_confirms(client, city_editor):
    client.force_login(city_editor)
    response = client.post(IMPORT_URL, {"text": NOTICE_2027, "action": "save"})
    year = HolidayYear.objects.get(year=2027)
    assert response.status_code == 302
    assert response["Location"].endswith(f"/confirm/{year.pk}/")
    assert not year.confirmed
    assert year.history.first().history_user == city_editor
    confirm = client.get(response["Location"])
    assert "确认" in confirm.content.decode()
    client.post(response["Location"])
    year.refresh_from_db()
    assert year.confirmed
    assert year.history.first().history_user == city_editor


def test_admin_takes_the_saved_web_page(client, city_editor):
    client.force_login(city_editor)
    upload = SimpleUploadedFile(
        "notice.html",
        (NOTICES / "2025_govcn.html").read_bytes(),
        content_type="text/html",
    )
    response = client.post(IMPORT_URL, {"file": upload, "action": "preview"})
    assert response.status_code == 200
    assert "国办发明电〔2024〕12号" in response.content.decode()


def test_admin_amendment_preview_lists_the_days_that_change(client, city_editor):
    client.force_login(city_editor)
    text = (NOTICES / "2019_labour_day_amendment.txt").read_text(encoding="utf-8")
    year = HolidayYear.objects.get(year=2019)
    year.dates.filter(name="劳动节").delete()
    HolidayDate.objects.create(arrangement=year, date=date(2019, 5, 1), name="劳动节")
    response = client.post(IMPORT_URL, {"text": text, "action": "preview"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "2019年5月2日" in html and "2019年4月28日" in html
    assert "2019年10月1日" not in html  # untouched holidays are not listed


def test_admin_refuses_unreadable_text_with_a_400(client, city_editor):
    client.force_login(city_editor)
    response = client.post(IMPORT_URL, {"text": "随便写点什么", "action": "preview"})
    assert response.status_code == 400
    assert "未能识别" in response.content.decode()
    response = client.post(IMPORT_URL, {"text": "", "action": "preview"})
    assert response.status_code == 400


def test_only_those_who_may_enter_holidays_import(client, django_user_model):
    for name, group in (("county", COUNTY_EDITOR), ("approver", CITY_APPROVER)):
        client.force_login(user_in(django_user_model, name, group))
        assert client.get(IMPORT_URL).status_code in (302, 403)
        response = client.post(IMPORT_URL, {"text": NOTICE_2027, "action": "save"})
        assert response.status_code in (302, 403)
        assert not HolidayYear.objects.filter(year=2027).exists()


# --- warning early ------------------------------------------------------------------

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    ("moment", "shown"),
    [
        (datetime(2026, 9, 30, 12, 0), False),
        (datetime(2026, 10, 1, 8, 0), True),
        (datetime(2026, 12, 31, 12, 0), True),
    ],
)
def test_dashboard_reminds_city_editors_from_october(
    client, city_editor, moment, shown
):
    with time_machine.travel(moment.replace(tzinfo=SHANGHAI), tick=False):
        client.force_login(city_editor)
        html = client.get("/admin/").content.decode()
    assert ("2027年节假日安排尚未录入" in html) is shown
    if shown:
        assert IMPORT_URL in html


def test_dashboard_says_imported_but_unconfirmed(client, city_editor, notice_2027):
    run(str(notice_2027))
    client.force_login(city_editor)
    with time_machine.travel(datetime(2026, 11, 20, tzinfo=SHANGHAI), tick=False):
        html = client.get("/admin/").content.decode()
    assert "2027年节假日安排尚未确认" in html
    from notices.services.holidays import confirm_year

    confirm_year(HolidayYear.objects.get(year=2027))
    with time_machine.travel(datetime(2026, 11, 20, tzinfo=SHANGHAI), tick=False):
        html = client.get("/admin/").content.decode()
    assert "2027年节假日安排" not in html


def test_dashboard_reminder_is_not_shown_to_others(client, django_user_model):
    client.force_login(user_in(django_user_model, "approver", CITY_APPROVER))
    with time_machine.travel(datetime(2026, 11, 20, tzinfo=SHANGHAI), tick=False):
        html = client.get("/admin/").content.decode()
    assert "2027年节假日安排" not in html


def test_a_demo_year_still_counts_as_missing(client, city_editor):
    from notices.services.demo_calendar import ensure_demo_years

    ensure_demo_years([2027], lambda *a: None)
    client.force_login(city_editor)
    with time_machine.travel(datetime(2026, 11, 20, tzinfo=SHANGHAI), tick=False):
        html = client.get("/admin/").content.decode()
    assert "2027年节假日安排尚未录入" in html


def test_notice_reaching_an_unconfirmed_year_is_flagged_on_edit_and_submit(
    client, django_user_model
):
    index = notice_index()
    ensure_publication_workflow(index)
    editor = user_in(django_user_model, "editor", CITY_EDITOR)
    page = make_notice_page(publish=False, start_date=date(2026, 12, 28))
    client.force_login(editor)
    edit_url = f"/admin/pages/{page.pk}/edit/"
    html = client.get(edit_url).content.decode()
    assert 'data-window-check="unconfirmed"' in html
    assert "2027" in html
    # A notice inside a confirmed year shows its computed period instead.
    fine = make_notice_page(publish=False, start_date=date(2026, 12, 1))
    fine_html = client.get(f"/admin/pages/{fine.pk}/edit/").content.decode()
    assert 'data-window-check="ok"' in fine_html
    assert "公示期为2026年12月1日至2026年12月7日（5个工作日）" in fine_html
    # Submitting it for approval says at once that it cannot be approved yet.
    from wagtail.test.utils.form_data import (
        inline_formset,
        nested_form_data,
        rich_text,
    )

    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "intro": rich_text(""),
            "candidates": inline_formset(
                [{"subject": c.subject_id, "id": c.pk} for c in page.candidates.all()]
            ),
            "start_date": "2026-12-28",
            "working_days": 5,
            "closing_time": "",
            "contact_unit": page.contact_unit,
            "contact_address": "",
            "contact_phone": "",
            "contact_email": "",
            "action-submit": "Submit",
        }
    )
    response = client.post(edit_url, data, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert any("2027" in m and "尚不能审核通过" in m for m in messages), messages
