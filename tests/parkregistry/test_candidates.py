"""Who may be a candidate on a notice (Art. 10(2)-(3)).

Only what the experts recommend (建议认定) is offered and accepted, an application
is on one open or upcoming notice at a time, and the move to 专家评估 records the
review's date and conclusion.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from notices.models import NoticeCandidate, NoticePage
from parkregistry.models import Application, Stage
from parkregistry.models.applications import StageMove
from parkregistry.models.stages import ExpertConclusion
from parkregistry.services.applications import (
    IllegalMove,
    move,
    record_expert_review,
)
from tests.factories_applications import make_application as make_full_application
from tests.factories_applications import make_city_editor
from tests.factories_notices import (
    make_application,
    make_notice_page,
    notice_form_data,
    notice_index,
)

pytestmark = pytest.mark.django_db

NOT_RECOMMENDED = ExpertConclusion.NOT_RECOMMENDED


def _choices():
    return Application.objects.filter(**Application.notice_candidate_filter())


# --- 建议认定 only ---------------------------------------------------------------


def test_the_chooser_offers_only_recommended_applications():
    recommended = make_application(name="甲园区（建议认定）")
    refused = make_application(
        name="乙园区（不建议认定）", expert_conclusion=NOT_RECOMMENDED
    )
    unrecorded = make_application(name="未记录结论的园区", expert_conclusion="")
    offered = set(_choices())
    assert recommended in offered
    assert refused not in offered
    assert unrecorded not in offered


def test_the_notice_form_does_not_offer_a_not_recommended_application(admin_client):
    make_application(name="甲园区（建议认定）")
    make_application(name="乙园区（不建议认定）", expert_conclusion=NOT_RECOMMENDED)
    index = notice_index()
    html = admin_client.get(
        reverse("wagtailadmin_pages:add", args=["notices", "noticepage", index.pk])
    ).content.decode()
    assert "甲园区（建议认定）" in html
    assert "乙园区（不建议认定）" not in html


def test_a_not_recommended_application_is_refused_as_a_candidate():
    refused = make_application(expert_conclusion=NOT_RECOMMENDED)
    page = make_notice_page(publish=False)
    candidate = NoticeCandidate(page=page, subject=refused)
    with pytest.raises(ValidationError) as exc:
        candidate.full_clean()
    assert "不建议认定" in str(exc.value)


def test_an_application_without_a_recorded_conclusion_is_refused():
    unrecorded = make_application(expert_conclusion="")
    problem = unrecorded.notice_candidate_problem(None)
    assert problem and "建议认定" in problem


def test_a_notice_listing_a_not_recommended_application_cannot_go_live():
    refused = make_application(
        name="专家不推荐的园区", expert_conclusion=NOT_RECOMMENDED
    )
    page = make_notice_page(
        publish=False,
        applications=[refused],
        start_date=date(2026, 11, 16),
    )
    problem = page.publication_problem()
    assert problem and "专家不推荐的园区" in problem and "不建议认定" in problem


def test_a_recommended_application_is_accepted():
    page = make_notice_page(publish=False, start_date=date(2026, 11, 16))
    candidate = page.candidates.first()
    candidate.full_clean()
    assert page.publication_problem() is None


# --- one open or upcoming notice at a time -----------------------------------


@pytest.mark.parametrize(
    ("start", "days"),
    [
        (date(2026, 11, 9), 10),  # open on TEST_NOW (2026-11-10)
        (date(2026, 11, 30), 5),  # upcoming
    ],
)
def test_an_application_on_a_live_notice_not_ended_cannot_be_on_another(start, days):
    app = make_application(name="两份公示的园区")
    first = make_notice_page(publish=False, applications=[app], start_date=start)
    second = make_notice_page(
        publish=False, applications=[app], start_date=date(2026, 12, 7)
    )
    first.save_revision().publish()
    app.refresh_from_db()
    assert app.stage == Stage.IN_NOTICE
    candidate = second.candidates.get(subject=app)
    with pytest.raises(ValidationError) as exc:
        candidate.full_clean()
    assert first.title in str(exc.value)
    # The first notice itself is still fine.
    first.candidates.get(subject=app).full_clean()


def test_a_closed_notice_does_not_block():
    app = make_application()
    closed = make_notice_page(applications=[app], start_date=date(2026, 9, 28))
    assert closed.state().value == "closed"
    app.refresh_from_db()
    assert app.open_notice_elsewhere(None) is None


def test_a_draft_notice_does_not_block_a_live_one():
    app = make_application()
    make_notice_page(publish=False, applications=[app], start_date=date(2026, 12, 7))
    live = make_notice_page(publish=False, applications=[app])
    assert (
        live.candidates.get(subject=app).subject.notice_candidate_problem(live.pk)
        is None
    )


def test_the_admin_refuses_to_save_a_second_open_notice(admin_client):
    app = make_application(name="重复公示的园区")
    first = make_notice_page(
        publish=False, applications=[app], start_date=date(2026, 11, 9), working_days=10
    )
    second = make_notice_page(
        publish=False, applications=[app], start_date=date(2026, 12, 7)
    )
    first.save_revision().publish()
    revisions = second.revisions.count()
    response = admin_client.post(
        reverse("wagtailadmin_pages:edit", args=[second.pk]),
        notice_form_data(NoticePage.objects.get(pk=second.pk), title="第二份公示"),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "重复公示的园区" in html and first.title in html
    assert second.revisions.count() == revisions


# --- the move to 专家评估 ---------------------------------------------------------


def test_moving_to_expert_reviewed_needs_the_date_and_the_conclusion():
    application = make_full_application(stage=Stage.CITY_REVIEWED)
    for kwargs in (
        {},
        {"expert_review_date": date(2026, 11, 2)},
        {"expert_conclusion": ExpertConclusion.RECOMMENDED},
    ):
        with pytest.raises(IllegalMove) as exc:
            move(application, Stage.EXPERT_REVIEWED, **kwargs)
        assert "专家评审" in str(exc.value)
    application.refresh_from_db()
    assert application.stage == Stage.CITY_REVIEWED
    assert application.expert_review_date is None
    assert not StageMove.objects.filter(application=application).exists()


def test_the_expert_review_date_may_not_lie_in_the_future(today):
    application = make_full_application(stage=Stage.CITY_REVIEWED)
    with pytest.raises(IllegalMove):
        record_expert_review(
            application, today + timedelta(days=1), ExpertConclusion.RECOMMENDED
        )
    record_expert_review(application, today, ExpertConclusion.RECOMMENDED)
    application.refresh_from_db()
    assert application.stage == Stage.EXPERT_REVIEWED
    assert application.expert_review_date == today


def test_a_review_already_recorded_on_the_form_suffices():
    application = make_full_application(
        stage=Stage.CITY_REVIEWED,
        expert_review_date=date(2026, 11, 2),
        expert_conclusion=NOT_RECOMMENDED,
    )
    move(application, Stage.EXPERT_REVIEWED)
    application.refresh_from_db()
    assert application.stage == Stage.EXPERT_REVIEWED
    assert application.expert_conclusion == NOT_RECOMMENDED
    assert application.notice_candidate_problem(None)


def test_the_move_form_asks_for_the_date_and_the_conclusion(client):
    application = make_full_application(stage=Stage.CITY_REVIEWED)
    client.force_login(make_city_editor())
    url = reverse("applications:move", args=[application.pk])
    page = client.get(url).content.decode()
    assert 'type="date"' in page and 'name="expert_conclusion"' in page
    response = client.post(
        url, {"to_stage": Stage.EXPERT_REVIEWED, "opinion": "专家组一致同意"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "请填写专家评审日期" in html
    assert "请选择专家评审结论" in html
    response = client.post(
        url,
        {
            "to_stage": Stage.EXPERT_REVIEWED,
            "expert_review_date": "2026-11-11",
            "expert_conclusion": ExpertConclusion.RECOMMENDED,
        },
    )
    assert response.status_code == 400
    assert "不能晚于今天" in response.content.decode()
    application.refresh_from_db()
    assert application.stage == Stage.CITY_REVIEWED
    assert not StageMove.objects.filter(application=application).exists()
