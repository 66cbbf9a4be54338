"""Admin side of notices: correction actions, the period lock, page history."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from home.roles import CITY_EDITOR, COUNTY_EDITOR
from notices.models import NoticeCorrection, NoticePage
from notices.rules.workingdays import SHANGHAI
from notices.services.caching import next_transition
from notices.services.workflow import ensure_publication_workflow
from tests.factories_notices import make_notice_page, notice_index

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 10, 9, 10, tzinfo=SHANGHAI)


@pytest.fixture
def notice(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    page = make_notice_page(start_date=date(2026, 9, 28), working_days=8)
    NoticePage.objects.filter(pk=page.pk).update(
        first_published_at=datetime(2026, 9, 27, 9, tzinfo=SHANGHAI)
    )
    return NoticePage.objects.get(pk=page.pk)


@pytest.fixture
def admin_client(client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "r@example.com", "pw")
    client.force_login(admin)
    return client


def test_extend_through_the_admin_and_see_it_in_history(admin_client, notice):
    url = reverse("notices_extend", args=[notice.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    assert "公示期为2026年9月28日至2026年10月13日（8个工作日）" in page.content.decode()
    response = admin_client.post(
        url, {"extra_working_days": "2", "reason": "补充材料"}, follow=True
    )
    assert response.status_code == 200
    correction = NoticeCorrection.objects.get()
    assert correction.made_by.username == "root"
    assert correction.new_end == date(2026, 10, 15)
    history = admin_client.get(reverse("wagtailadmin_pages:history", args=[notice.pk]))
    assert "延长公示" in history.content.decode()


def test_refused_correction_is_a_4xx_with_a_message(admin_client, notice):
    url = reverse("notices_restart", args=[notice.pk])
    response = admin_client.post(url, {"new_start_date": "2026-10-01", "reason": "x"})
    assert response.status_code == 400
    assert "新的开始日期不能早于今天" in response.content.decode()
    response = admin_client.post(url, {"new_start_date": "not a date", "reason": ""})
    assert response.status_code == 400
    assert not NoticeCorrection.objects.exists()


def test_county_editor_cannot_correct(client, django_user_model, notice):
    ensure_publication_workflow(notice_index())
    user = django_user_model.objects.create_user("county", "c@example.com", "pw")
    user.groups.add(Group.objects.get(name=COUNTY_EDITOR))
    client.force_login(user)
    response = client.get(reverse("notices_extend", args=[notice.pk]))
    assert response.status_code in (302, 403)
    assert not NoticeCorrection.objects.exists()


def test_published_period_is_locked_in_the_edit_form(admin_client, notice):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    candidate = notice.candidates.first()
    data = nested_form_data(
        {
            "title": notice.title,
            "slug": notice.slug,
            "intro": rich_text(""),
            "start_date": "2026-10-12",
            "working_days": "8",
            "closing_time": "",
            "contact_unit": "",
            "contact_address": "",
            "contact_phone": "",
            "contact_email": "",
            "candidates": inline_formset(
                [{"id": candidate.pk, "subject": candidate.subject_id}]
            ),
            "comments": inline_formset([]),
        }
    )
    url = reverse("wagtailadmin_pages:edit", args=[notice.pk])
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "以便留存记录" in response.content.decode()
    notice.refresh_from_db()
    assert notice.get_latest_revision_as_object().start_date == date(2026, 9, 28)


def test_city_editor_sees_no_direct_publish(client, django_user_model, notice):
    ensure_publication_workflow(notice_index())
    user = django_user_model.objects.create_user("city", "e@example.com", "pw")
    user.groups.add(Group.objects.get(name=CITY_EDITOR))
    client.force_login(user)
    html = client.get(
        reverse("wagtailadmin_pages:edit", args=[notice.pk])
    ).content.decode()
    assert 'name="action-publish"' not in html
    assert 'name="action-submit"' in html


def test_cache_bound_follows_an_extension(notice):
    from notices.services.notices import extend

    assert next_transition(NOW) == datetime(2026, 10, 13, 23, 59, 59, tzinfo=SHANGHAI)
    extend(notice, 2, "延长", now=NOW)
    assert next_transition(NOW) == datetime(2026, 10, 15, 23, 59, 59, tzinfo=SHANGHAI)


def test_approver_cannot_publish_directly(client, django_user_model, monkeypatch):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    from home.roles import CITY_APPROVER

    monkeypatch.setattr(timezone, "now", lambda: NOW)
    ensure_publication_workflow(notice_index())
    page = make_notice_page(publish=False, start_date=date(2026, 10, 12))
    user = django_user_model.objects.create_user("appr", "a@example.com", "pw")
    user.groups.add(Group.objects.get(name=CITY_APPROVER))
    client.force_login(user)
    candidate = page.candidates.first()
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "intro": rich_text(""),
            "start_date": "2026-10-12",
            "working_days": "5",
            "closing_time": "",
            "contact_unit": "",
            "contact_address": "",
            "contact_phone": "",
            "contact_email": "",
            "candidates": inline_formset(
                [{"id": candidate.pk, "subject": candidate.subject_id}]
            ),
            "comments": inline_formset([]),
            "action-publish": "publish",
        }
    )
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert 'name="action-publish"' not in client.get(url).content.decode()
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    page.refresh_from_db()
    assert not page.live
    assert any("审核流程" in str(m) for m in response.context["messages"])
