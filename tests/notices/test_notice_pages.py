"""Notice pages as a reader sees them: sentence, state, candidates, index order."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from notices.models import Finding, Objection, ObjectionStatus, ObjectorKind
from notices.rules.workingdays import SHANGHAI
from parkregistry.models import Stage
from tests.factories_notices import make_application, make_notice_page, notice_index

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


def at(monkeypatch, moment: datetime) -> None:
    monkeypatch.setattr(timezone, "now", lambda: moment)


def national_day_notice(**kwargs):
    kwargs.setdefault("start_date", date(2026, 9, 28))
    kwargs.setdefault("working_days", 8)
    page = make_notice_page(**kwargs)
    # Published the day before it starts, so it opens at the start's 00:00.
    type(page).objects.filter(pk=page.pk).update(
        first_published_at=datetime(2026, 9, 27, 9, 0, tzinfo=SHANGHAI)
    )
    return type(page).objects.get(pk=page.pk)


def test_page_shows_sentence_candidates_and_contact(client, monkeypatch):
    app = make_application(
        name="晋中市榆次区人力资源服务产业园", address="榆次区测试路1号"
    )
    page = national_day_notice(applications=[app])
    at(monkeypatch, datetime(2026, 9, 29, 10, 0, tzinfo=SHANGHAI))
    html = client.get(page.url).content.decode()
    # 8 working days from 2026-09-28 skip 国庆 and count the makeup Saturday 10-10.
    assert "公示期为2026年9月28日至2026年10月13日（8个工作日）" in html
    assert "公示中（剩余7个工作日）" in html
    assert "晋中市榆次区人力资源服务产业园" in html
    assert "榆次区测试路1号" in html
    assert "3500 m²" in html
    assert "第九条" not in html  # the Art. 9 report stays in the admin
    assert "晋中市人社局" in html
    assert f'href="{page.url}objection/"' in html
    assert f'href="{page.url}notice.ics"' in html
    assert 'href="/notices/feed/"' in html


def test_state_changes_at_the_closing_moment(client, monkeypatch):
    page = national_day_notice()
    closes = page.window().closes_at
    assert closes == datetime(2026, 10, 13, 23, 59, 59, tzinfo=SHANGHAI)

    at(monkeypatch, closes - timedelta(seconds=1))
    html = client.get(page.url).content.decode()
    assert "公示中（剩余1个工作日）" in html
    assert "objection/" in html

    at(monkeypatch, closes + timedelta(seconds=1))
    html = client.get(page.url).content.decode()
    assert "已结束" in html
    assert "公示已结束" in html
    assert f'href="{page.url}objection/"' not in html
    assert "公示期满，无异议。" in html


def test_upcoming_notice_says_not_started(client, monkeypatch):
    page = national_day_notice()
    at(monkeypatch, datetime(2026, 9, 27, 23, 59, 59, tzinfo=SHANGHAI))
    html = client.get(page.url).content.decode()
    assert "未开始" in html
    assert "公示尚未开始" in html
    assert "objection/" not in html.replace("notice.ics", "")


def test_closing_time_is_used(monkeypatch):
    from datetime import time

    page = national_day_notice(closing_time=time(17, 30))
    assert page.window().closes_at == datetime(2026, 10, 13, 17, 30, tzinfo=SHANGHAI)


def test_outcome_counts_only(client, monkeypatch):
    page = national_day_notice()
    candidate = page.candidates.first()
    base = {
        "notice": page,
        "candidate": candidate,
        "code_hash": "x",
        "kind": ObjectorKind.INDIVIDUAL,
        "name": "秘密姓名",
        "phone": "13912345678",
        "submitted_at": datetime(2026, 9, 29, 10, tzinfo=SHANGHAI),
    }
    Objection.objects.create(
        receipt_no="YY2026-000001",
        status=ObjectionStatus.CLOSED,
        finding=Finding.NOT_SUSTAINED,
        **base,
    )
    Objection.objects.create(
        receipt_no="YY2026-000002", status=ObjectionStatus.NOT_ACCEPTED, **base
    )
    Objection.objects.create(
        receipt_no="YY2026-000003", status=ObjectionStatus.CHECKING, **base
    )
    at(monkeypatch, datetime(2026, 10, 20, tzinfo=SHANGHAI))
    html = client.get(page.url).content.decode()
    assert "公示期满，共收到异议3件。" in html
    assert "异议不成立：1件" in html
    assert "不予受理：1件" in html
    assert "正在办理：1件" in html
    assert "秘密姓名" not in html
    assert "13912345678" not in html


def test_a_notice_that_would_already_have_ended_cannot_be_published():
    from notices.models.windows import publication_problem

    page = make_notice_page(publish=False, start_date=date(2026, 9, 1))
    problem = publication_problem(page, now=datetime(2026, 10, 9, tzinfo=SHANGHAI))
    assert "已经结束" in problem
    assert publication_problem(page, now=datetime(2026, 8, 9, tzinfo=SHANGHAI)) is None


def test_fewer_than_the_policy_minimum_is_refused():
    page = make_notice_page(publish=False)
    page.working_days = 4
    with pytest.raises(ValidationError) as exc:
        page.full_clean()
    assert "不得少于5个工作日" in str(exc.value)


def test_only_expert_reviewed_applications_can_be_candidates():
    from notices.models import NoticeCandidate

    draft = make_application(stage=Stage.CITY_REVIEWED)
    page = make_notice_page(publish=False)
    candidate = NoticeCandidate(page=page, subject=draft)
    with pytest.raises(ValidationError) as exc:
        candidate.full_clean()
    assert "专家评审" in str(exc.value)
    # A candidate already in this notice stays acceptable after publication.
    page.save_revision().publish()
    listed = page.candidates.first()
    listed.subject.refresh_from_db()
    assert listed.subject.stage == Stage.IN_NOTICE
    listed.full_clean()


def test_publishing_moves_candidates_to_in_notice():
    app = make_application()
    make_notice_page(applications=[app])
    app.refresh_from_db()
    assert app.stage == Stage.IN_NOTICE
    assert app.history.first().stage == Stage.IN_NOTICE


def test_index_orders_open_upcoming_closed_and_filters(client, monkeypatch):
    closed = make_notice_page(title="已结束的公示", start_date=date(2026, 9, 1))
    upcoming = make_notice_page(title="未开始的公示", start_date=date(2026, 12, 14))
    opened = make_notice_page(title="公示中的公示", start_date=date(2026, 11, 30))
    for p in (closed, upcoming, opened):
        type(p).objects.filter(pk=p.pk).update(
            first_published_at=datetime(2026, 8, 1, tzinfo=SHANGHAI)
        )
    at(monkeypatch, datetime(2026, 12, 1, 12, tzinfo=SHANGHAI))
    index = notice_index()
    html = client.get(index.url).content.decode()
    positions = [
        html.index(t) for t in ("公示中的公示", "未开始的公示", "已结束的公示")
    ]
    assert positions == sorted(positions)

    html = client.get(index.url, {"state": "closed"}).content.decode()
    assert "已结束的公示" in html and "公示中的公示" not in html
    html = client.get(index.url, {"year": "2025"}).content.decode()
    assert "没有符合条件的公示" in html
    # Nonsense filters are ignored, never a 500.
    assert (
        client.get(index.url, {"year": "abc", "state": "x", "page": "z"}).status_code
        == 200
    )


def test_index_is_paginated(client, monkeypatch):
    for i in range(12):
        make_notice_page(title=f"分页公示{i:02d}", start_date=date(2026, 9, 1))
    index = notice_index()
    first = client.get(index.url).content.decode()
    second = client.get(index.url, {"page": 2}).content.decode()
    assert first.count("分页公示") == 10
    assert second.count("分页公示") == 2
    assert "第2页，共2页" in second


def test_unconfirmed_year_cannot_be_published_through_the_admin(
    client, django_user_model
):
    from django.urls import reverse
    from wagtail.models import Page
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    admin = django_user_model.objects.create_superuser("boss", "b@example.com", "pw")
    client.force_login(admin)
    index = notice_index()
    app = make_application()
    url = reverse("wagtailadmin_pages:add", args=("notices", "noticepage", index.pk))
    data = nested_form_data(
        {
            "title": "跨年公示",
            "slug": "cross-year",
            "intro": rich_text(""),
            "start_date": "2026-12-28",
            "working_days": "5",
            "closing_time": "",
            "contact_unit": "",
            "contact_address": "",
            "contact_phone": "",
            "contact_email": "",
            "candidates": inline_formset([{"subject": app.pk}]),
            "comments": inline_formset([]),
            "action-publish": "publish",
        }
    )
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    page = Page.objects.get(slug="cross-year")
    assert not page.live
    messages = [str(m) for m in response.context["messages"]]
    assert any("2027" in m and "公示未发布" in m for m in messages)
    assert sum(m.count("2027年的节假日安排尚未确认") for m in messages) == 1
    app.refresh_from_db()
    assert app.stage == Stage.EXPERT_REVIEWED

    # Four working days are refused by the form itself.
    data["slug"] = "too-short"
    data["start_date"] = "2026-10-12"
    data["working_days"] = "4"
    response = client.post(url, data)
    assert response.status_code == 200
    assert not Page.objects.filter(slug="too-short").exists()
    assert "不得少于5个工作日" in response.content.decode()


def test_home_page_lists_open_and_upcoming_notices(client, monkeypatch):
    opened = national_day_notice(title="首页公示中")
    ended = make_notice_page(title="首页已结束", start_date=date(2026, 9, 1))
    type(ended).objects.filter(pk=ended.pk).update(
        first_published_at=datetime(2026, 8, 30, tzinfo=SHANGHAI)
    )
    at(monkeypatch, datetime(2026, 10, 9, 12, tzinfo=SHANGHAI))
    html = client.get("/").content.decode()
    assert "正在公示" in html
    assert "首页公示中" in html
    assert opened.url in html
    assert "首页已结束" not in html
    assert 'href="/notices/feed/"' in html


def test_home_page_keeps_upcoming_notices_apart_from_open_ones(client, monkeypatch):
    national_day_notice(title="首页公示中")
    make_notice_page(title="首页即将公示", start_date=date(2026, 10, 19))
    at(monkeypatch, datetime(2026, 10, 9, 12, tzinfo=SHANGHAI))
    html = client.get("/").content.decode()
    open_part, _sep, upcoming_part = html.partition("即将公示</h3>")
    assert "首页公示中" in open_part
    assert "首页即将公示" not in open_part  # not under 正在公示
    assert "首页即将公示" in upcoming_part
