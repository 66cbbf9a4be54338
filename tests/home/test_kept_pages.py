"""Pages whose data is kept for the content generation never show it stale.

With the page cache off, the notice index, the home page, a notice's candidates,
the registry list and a park page are built from values kept for the content
generation. A record change shows at once; a window opening or closing and the
turn of the day show without any change being saved; a preview never leaks.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from notices.models import NoticeCandidate, NoticePage
from notices.models.windows import safe_window, state_label
from notices.services.built import state_token
from parkregistry.models import Park, RegistryIndexPage
from parkregistry.services.evaluations import record_evaluation
from tests.factories_notices import make_application, make_notice_page
from tests.factories_registry import add_page, home_page, make_park

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0  # what is measured here is the kept data


@pytest.fixture
def registry():
    return add_page(home_page(), RegistryIndexPage(title="园区名录", slug="registry"))


def text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


# --- notices --------------------------------------------------------------------


def test_the_index_and_home_follow_the_window_without_a_save(client, now):
    page = make_notice_page(title="窗口切换公示", start_date=date(2026, 11, 16))
    window = safe_window(page)
    assert state_label(window, now) == "未开始"
    assert "未开始" in text(client, "/notices/")
    assert "窗口切换公示" in text(client, "/")  # listed among the upcoming
    opened = window.opens_at + timedelta(hours=10)
    next_day = opened + timedelta(days=1)
    for moment in (opened, next_day):
        with time_machine.travel(moment, tick=False):
            expected = state_label(window, moment)
            assert expected.startswith("公示中")
            assert expected in text(client, "/notices/")
            assert expected in text(client, "/notices/?state=open")
            assert expected in text(client, "/")
    assert state_label(window, opened) != state_label(window, next_day)
    with time_machine.travel(window.closes_at + timedelta(minutes=1), tick=False):
        assert "已结束" in text(client, "/notices/?state=closed")


def test_a_candidate_change_shows_at_once_on_the_notice(client):
    app = make_application(address="旧地址1号")
    page = make_notice_page(applications=[app], start_date=date(2026, 11, 16))
    assert "旧地址1号" in text(client, page.url)
    app.address = "新地址2号"
    app.save()
    html = text(client, page.url)
    assert "新地址2号" in html and "旧地址1号" not in html


def test_a_draft_shown_in_preview_never_reaches_the_public_page(client, admin_user):
    live = make_application(name="已公示申报园区")
    page = make_notice_page(applications=[live], start_date=date(2026, 11, 16))
    assert "已公示申报园区" in text(client, page.url)
    draft = NoticePage.objects.get(pk=page.pk)
    other = make_application(name="草稿中的申报园区")
    draft.candidates = [NoticeCandidate(subject=other)]
    draft.save_revision()
    client.force_login(admin_user)
    assert "草稿中的申报园区" in text(client, f"/admin/pages/{page.pk}/view_draft/")
    client.logout()
    html = text(client, page.url)
    assert "已公示申报园区" in html and "草稿中的申报园区" not in html


def test_the_state_token_moves_when_a_window_input_is_updated_in_bulk(now):
    page = make_notice_page(start_date=date(2026, 11, 16))
    before = state_token(now)
    assert state_token(now) == before
    # Dating the start back by a queryset update saves no record: the stored
    # windows are stored afresh and the token moves all the same.
    NoticePage.objects.filter(pk=page.pk).update(start_date=date(2026, 11, 2))
    after = state_token(now)
    assert after != before
    assert NoticePage.objects.get(pk=page.pk).window_start == date(2026, 11, 2)


# --- registry -------------------------------------------------------------------


def test_a_park_change_shows_at_once_in_the_registry_list(client, registry):
    park = make_park(name="晋中旧名园")
    assert "晋中旧名园" in text(client, "/registry/")
    park.name = "晋中新名园"
    park.save()
    html = text(client, "/registry/")
    assert "晋中新名园" in html and "晋中旧名园" not in html


def test_page_numbers_out_of_range_read_as_the_paginator_reads_them(client, registry):
    for n in range(55):
        make_park(name=f"晋中分页园{n:02d}")
    names = Park.objects.order_by("county__sort_order", "name").values_list(
        "name", flat=True
    )
    first, last = names[0], names[54]
    assert first in text(client, "/registry/?page=abc")
    assert last in text(client, "/registry/?page=999")
    assert last not in text(client, "/registry/?page=1")
    assert "第2页，共2页" in text(client, "/registry/?page=2")


def test_an_overdue_rectification_shows_the_next_day_without_a_save(
    client, registry, today
):
    park = make_park(approved_on=date(2024, 6, 1))
    record_evaluation(
        park, 2025, "不合格", date(2026, 2, 1), rectification_deadline=today
    )
    url = f"/registry/park/{park.pk}/"
    assert "逾期未整改" not in text(client, url)
    tomorrow = datetime.combine(today + timedelta(days=1), datetime.min.time())
    with time_machine.travel(tomorrow.replace(hour=9, tzinfo=SHANGHAI), tick=False):
        assert "逾期未整改" in text(client, url)


@pytest.mark.parametrize("value", ["²", "0", "9" * 40, "abc"])
def test_a_bad_page_value_is_a_page_not_an_error(client, registry, value):
    make_park(name="晋中页码园")
    assert "晋中页码园" in text(client, f"/registry/?page={value}")
    make_notice_page(title="页码公示", start_date=date(2026, 11, 16))
    assert "页码公示" in text(client, f"/notices/?page={value}")


def test_an_unknown_park_is_not_kept(client, registry, monkeypatch):
    from parkregistry.views import registry as views

    calls = []
    original = views._park_facts_today

    def counting(park_id):
        calls.append(park_id)
        return original(park_id)

    monkeypatch.setattr(views, "_park_facts_today", counting)
    assert client.get("/registry/park/987654/").status_code == 404
    assert client.get("/registry/park/987654/").status_code == 404
    assert calls == [987654, 987654]  # nothing kept for an id that is no park
    park = make_park()
    client.get(f"/registry/park/{park.pk}/")
    client.get(f"/registry/park/{park.pk}/")
    assert calls.count(park.pk) == 1  # a park's page is kept


def test_a_new_notice_previews_its_candidates_before_it_is_saved():
    from notices.views.pages import candidate_rows

    app = make_application(name="新公示预览园区")
    page = NoticePage(
        title="未保存的公示",
        start_date=date(2026, 11, 16),
        working_days=5,
        candidates=[NoticeCandidate(subject=app)],
    )
    assert page.pk is None
    rows = candidate_rows(page)
    assert [r["name"] for r in rows] == ["新公示预览园区"]
    assert "3500 m²" in rows[0]["facts_html"]  # the facts of its unsaved candidate
