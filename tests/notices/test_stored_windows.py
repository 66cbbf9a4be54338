"""The stored window of each notice is what the engine computes, after every input.

A notice page keeps its computed window in columns that the lists order, filter
and page by. The engine stays the source of truth: after the demo data, the
benchmark data, a publication, a correction, a holiday year imported, amended,
confirmed or synchronised, and a policy version change, every stored window equals
a fresh computation.
"""

from __future__ import annotations

import importlib
from datetime import date, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.apps import apps as django_apps
from django.core.management import call_command
from django.utils import timezone

from notices.models import HolidayDate, HolidayYear, NoticePage
from notices.models.windows import STORED_WINDOW_FIELDS, stored_window_values
from notices.rules.workingdays import SHANGHAI, WindowState, window_state
from notices.services.holidays import confirm_year, plan_import, store_import
from notices.services.notices import extend, live_notice_pages, restart
from tests.factories_notices import make_notice_page, notice_index
from tests.notices.test_holiday_import import NOTICE_2027, NOTICES

pytestmark = pytest.mark.django_db

EMPTY = dict.fromkeys(STORED_WINDOW_FIELDS)


def stored(page) -> dict:
    row = NoticePage.objects.get(pk=page.pk)
    return {name: getattr(row, name) for name in STORED_WINDOW_FIELDS}


def fresh(page) -> dict:
    """What the engine computes now, from the records (not from a cache)."""
    from django.core.cache import cache

    cache.clear()
    return stored_window_values(NoticePage.objects.get(pk=page.pk))


def assert_every_notice_stores_its_window(least: int = 1) -> None:
    pages = list(NoticePage.objects.all())
    computed = 0
    for page in pages:
        assert stored(page) == fresh(page), page.title
        computed += stored(page)["closes_at"] is not None
    assert computed >= least


def spoil(page) -> None:
    """Empty the stored window behind the model's back (no input changes)."""
    NoticePage.objects.filter(pk=page.pk).update(**EMPTY)


def published_at(page, moment: datetime) -> None:
    NoticePage.objects.filter(pk=page.pk).update(
        first_published_at=moment, last_published_at=moment
    )


# --- demo and benchmark data --------------------------------------------------------


@pytest.mark.parametrize(
    "moment",
    [datetime(2026, 11, 10, 10, 0), datetime(2027, 7, 1, 10, 0)],
    ids=str,
)
def test_demo_notices_store_what_the_engine_computes(moment):
    with time_machine.travel(moment.replace(tzinfo=SHANGHAI), tick=False):
        call_command("load_demo_data", "--skip-holidays", stdout=StringIO())
        assert_every_notice_stores_its_window(least=5)
        states = {
            window_state_of(page)
            for page in NoticePage.objects.live()
            if page.closes_at
        }
        assert {WindowState.OPEN, WindowState.UPCOMING, WindowState.CLOSED} <= states


def window_state_of(page) -> WindowState:
    if timezone.now() < page.opens_at:
        return WindowState.UPCOMING
    if timezone.now() < page.closes_at:
        return WindowState.OPEN
    return WindowState.CLOSED


def test_benchmark_notices_store_what_the_engine_computes(settings):
    settings.BENCH_MODE = True
    call_command(
        "generate_bench_data",
        "--parks=20",
        "--years=1",
        "--notices=10",
        "--candidates=1",
        "--objections=10",
        stdout=StringIO(),
    )
    assert NoticePage.objects.count() == 10
    assert_every_notice_stores_its_window(least=10)
    # The first one is open today, published the morning before.
    first = NoticePage.objects.get(slug="bench-notice-1")
    assert first.opens_at == first.first_published_at


# --- the page's own inputs ------------------------------------------------------------


def test_publication_stores_the_window_opening_at_publication(now):
    page = make_notice_page(publish=False, start_date=date(2026, 11, 9))
    assert stored(page)["opens_at"] == datetime(2026, 11, 9, tzinfo=SHANGHAI)
    page.save_revision().publish()
    page = NoticePage.objects.get(pk=page.pk)
    assert page.opens_at == page.first_published_at >= now
    assert stored(page) == fresh(page)


def test_only_the_live_revision_counts_until_a_new_one_goes_live():
    page = make_notice_page(start_date=date(2026, 11, 16))
    before = stored(page)
    page.start_date = date(2026, 11, 23)
    revision = page.save_revision()
    assert stored(page) == before  # a draft changes nothing public
    revision.publish()
    after = stored(page)
    assert after["window_start"] == date(2026, 11, 23)
    assert after == fresh(page)


def test_dating_the_publication_back_stores_the_earlier_opening():
    page = make_notice_page(start_date=date(2026, 11, 9))
    moment = datetime(2026, 11, 6, 9, tzinfo=SHANGHAI)
    published_at(page, moment)
    assert stored(page)["opens_at"] == datetime(2026, 11, 9, tzinfo=SHANGHAI)
    assert stored(page) == fresh(page)


# --- corrections --------------------------------------------------------------------


def test_an_extension_stores_the_later_end(now):
    page = make_notice_page(start_date=date(2026, 11, 9), working_days=5)
    before = stored(page)
    extend(page, 3, "延长公示", now=now)
    after = stored(page)
    assert after["closes_at"] > before["closes_at"]
    assert after["window_working_days"] == 8
    assert after == fresh(page)
    assert page.closes_at == after["closes_at"]  # the page in hand follows


def test_a_restart_stores_the_new_period(now):
    page = make_notice_page(start_date=date(2026, 11, 9), working_days=5)
    restart(page, date(2026, 11, 16), "更正候选对象名称", now=now)
    after = stored(page)
    assert after["window_start"] == date(2026, 11, 16)
    assert after["opens_at"] == datetime(2026, 11, 16, tzinfo=SHANGHAI)
    assert after == fresh(page)


# --- holiday years ------------------------------------------------------------------


def reaching_2027():
    """A published notice whose window reaches 2027 (unconfirmed in the tests)."""
    return make_notice_page(start_date=date(2026, 12, 28), working_days=5)


def test_a_window_reaching_an_unconfirmed_year_is_stored_empty_and_not_listed():
    page = reaching_2027()
    assert stored(page) == EMPTY
    assert page.pk not in {p.pk for p in live_notice_pages()}
    assert page.title not in [n["title"] for n in api_notices()]


def api_notices() -> list[dict]:
    from django.test import Client

    return Client().get("/api/notices").json()


def test_importing_then_confirming_a_year_stores_the_windows_reaching_it():
    page = reaching_2027()
    row = store_import(plan_import(NOTICE_2027), source_label="test")
    assert stored(page) == EMPTY  # imported, not yet confirmed
    confirm_year(row)
    # 12-28..12-31, then 1月1日-3日 are off: day 5 is Monday 1月4日.
    assert stored(page)["window_end"] == date(2027, 1, 4)
    assert stored(page) == fresh(page)
    assert page.title in [n["title"] for n in api_notices()]


def test_the_admin_import_and_confirm_flow_stores_the_windows(client, admin_user):
    page = reaching_2027()
    client.force_login(admin_user)
    url = "/admin/snippets/notices/holidayyear/import/"
    response = client.post(url, {"text": NOTICE_2027, "action": "save"})
    assert response.status_code == 302
    assert stored(page) == EMPTY
    client.post(response["Location"])  # 已逐日核对，确认
    assert stored(page)["closes_at"] is not None
    assert stored(page) == fresh(page)


def test_an_amendment_unconfirms_its_year_and_confirming_it_stores_the_change():
    # 2019 as it was before the amendment: 5月1日 alone, no makeup days.
    year = HolidayYear.objects.get(year=2019)
    year.dates.filter(name="劳动节").delete()
    HolidayDate.objects.create(arrangement=year, date=date(2019, 5, 1), name="劳动节")
    # A notice over 劳动节 2019 (moved there in the database: no policy version
    # was in force then, so the page could not be saved with that date).
    page = make_notice_page(start_date=date(2026, 11, 9), working_days=5)
    NoticePage.objects.filter(pk=page.pk).update(start_date=date(2019, 4, 26))
    assert stored(page)["window_end"] == date(2019, 5, 3)
    text = (NOTICES / "2019_labour_day_amendment.txt").read_text(encoding="utf-8")
    row = store_import(plan_import(text), source_label="test")
    assert stored(page) == EMPTY  # 2019 is unconfirmed until checked again
    confirm_year(row)
    # 4月28日 and 5月5日 (Sundays) are worked, 5月2日-4日 are off now.
    assert stored(page)["window_end"] == date(2019, 5, 5)
    assert stored(page) == fresh(page)


def test_sync_holidays_stores_the_windows_of_the_years_it_changes():
    page = make_notice_page(start_date=date(2026, 9, 28), working_days=8)
    HolidayDate.objects.get(date=date(2026, 10, 7)).delete()
    spoil(page)
    call_command("sync_holidays", "--year", "2026", stdout=StringIO())
    assert stored(page)["window_end"] == date(2026, 10, 13)
    assert stored(page) == fresh(page)


def test_editing_a_year_in_the_admin_stores_the_windows(client, admin_user):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    page = make_notice_page(start_date=date(2026, 11, 9))
    year = HolidayYear.objects.get(year=2026)
    dates = list(year.dates.all())
    client.force_login(admin_user)
    data = nested_form_data(
        {
            "year": "2026",
            "source_title": year.source_title,
            "doc_no": year.doc_no,
            "published_on": "",
            "notes": year.notes,
            # confirmed left out: unticked
            "dates": inline_formset(
                [
                    {
                        "id": d.pk,
                        "date": d.date.isoformat(),
                        "kind": d.kind,
                        "name": d.name,
                    }
                    for d in dates
                ],
                initial=len(dates),
            ),
        }
    )
    url = f"/admin/snippets/notices/holidayyear/edit/{year.pk}/"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not HolidayYear.objects.get(year=2026).confirmed
    assert stored(page) == EMPTY


# --- the subject's rules ---------------------------------------------------------------


def test_a_policy_version_change_stores_the_windows_again():
    from parkregistry.models import PolicyVersion

    page = make_notice_page(start_date=date(2026, 11, 9))
    spoil(page)
    version = PolicyVersion.objects.order_by("-effective_from").first()
    version.doc_no = "晋人社规〔2024〕9号"
    version.save()
    assert stored(page)["closes_at"] is not None
    assert stored(page) == fresh(page)


# --- the migration ----------------------------------------------------------------------


def test_the_migration_computes_the_windows_of_pages_saved_before(now):
    pages = [
        make_notice_page(start_date=date(2026, 11, 9)),
        make_notice_page(start_date=date(2026, 9, 28), working_days=8),
        reaching_2027(),
    ]
    extend(pages[0], 2, "延长", now=now)
    restart(pages[1], date(2026, 11, 23), "更正", now=now)
    for page in pages:
        spoil(page)
    migration = importlib.import_module("notices.migrations.0007_stored_windows")
    migration.store_windows(django_apps, None)
    for page in pages:
        assert stored(page) == fresh(page)
    assert stored(pages[2]) == EMPTY


# --- the lists order by the stored windows ------------------------------------------------


def test_lists_keep_the_order_of_the_engine(client, monkeypatch):
    notice_index()
    starts = [date(2026, 9, 1) + timedelta(days=8 * i) for i in range(14)]
    for i, start in enumerate(starts):
        page = make_notice_page(
            title=f"排序公示{i:02d}", start_date=start, working_days=5 + i % 3
        )
        published_at(page, datetime(2026, 8, 1, tzinfo=SHANGHAI))
    moment = datetime(2026, 10, 20, 12, tzinfo=SHANGHAI)
    monkeypatch.setattr(timezone, "now", lambda: moment)

    def key(page):
        window = page.window()
        state = window_state(window, moment)
        if state is WindowState.OPEN:
            return (0, window.closes_at.timestamp())
        if state is WindowState.UPCOMING:
            return (1, window.opens_at.timestamp())
        return (2, -window.closes_at.timestamp())

    expected = [p.title for p in sorted(NoticePage.objects.live(), key=key)]
    assert {key(p)[0] for p in NoticePage.objects.live()} == {0, 1, 2}
    listed = [n["title"] for n in client.get("/api/notices").json()]
    assert listed == expected
    index = notice_index()
    first = client.get(index.url).content.decode()
    second = client.get(index.url, {"page": 2}).content.decode()
    assert [t for t in expected[:10] if t in first] == expected[:10]
    assert not any(t in first for t in expected[10:])
    assert [t for t in expected[10:] if t in second] == expected[10:]
    assert all(
        expected.index(a) < expected.index(b) for a, b in _pairs(first, expected)
    )


def _pairs(html: str, titles: list[str]):
    shown = sorted((html.index(t), t) for t in titles if t in html)
    return zip([t for _, t in shown], [t for _, t in shown][1:], strict=False)
