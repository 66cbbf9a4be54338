"""Applications: the appendix form, materials checklist, moves and eligibility."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile

from parkregistry.models import PolicyVersion, Stage
from parkregistry.models.applications import MATERIALS, StageMove
from parkregistry.rules.terms import NoPolicyInForce
from parkregistry.services.applications import (
    ALLOWED_MOVES,
    IllegalMove,
    eligibility_report,
    move,
    record_expert_review,
)
from tests.factories_applications import (
    make_application,
    make_county_editor,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"


def test_missing_materials_lists_the_six_required_slots_until_uploaded(settings):
    application = make_application()
    assert [s.field for s in application.missing_materials] == [
        s.field for s in MATERIALS if s.required
    ]
    application.material_letter.save("函.pdf", ContentFile(b"%PDF-1.4 x"))
    application.refresh_from_db()
    missing = [s.field for s in application.missing_materials]
    assert "material_letter" not in missing
    assert len(missing) == 5
    # Stored under a generated name outside the public media root.
    assert "函" not in application.material_letter.name
    path = application.material_letter.path
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not path.startswith(str(settings.MEDIA_ROOT))
    with pytest.raises(ValueError):
        application.material_letter.url  # noqa: B018 (no public URL at all)


def test_move_records_who_when_and_the_opinion_and_the_county_opinion():
    user = make_county_editor("yuci_ed", "yuci")
    application = make_application()
    move(application, Stage.COUNTY_REVIEWED, user=user, note="同意上报")
    application.refresh_from_db()
    assert application.stage == Stage.COUNTY_REVIEWED
    assert application.county_opinion == "同意上报"
    assert application.county_opinion_date is not None
    record = StageMove.objects.get(application=application)
    assert (record.from_stage, record.to_stage, record.moved_by, record.opinion) == (
        Stage.DRAFT,
        Stage.COUNTY_REVIEWED,
        user,
        "同意上报",
    )
    assert application.history.first().history_user == user


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (Stage.DRAFT, Stage.CITY_REVIEWED),
        (Stage.DRAFT, Stage.APPROVED),
        (Stage.COUNTY_REVIEWED, Stage.IN_NOTICE),
        (Stage.APPROVED, Stage.DRAFT),
        (Stage.WITHDRAWN, Stage.COUNTY_REVIEWED),
    ],
)
def test_illegal_moves_are_refused_and_nothing_is_recorded(start, target):
    application = make_application(stage=start)
    with pytest.raises(IllegalMove) as exc:
        move(application, target)
    assert "不能" in str(exc.value) or "cannot" in str(exc.value)
    application.refresh_from_db()
    assert application.stage == start
    assert not StageMove.objects.filter(application=application).exists()


def test_every_stage_is_in_the_move_table():
    assert set(ALLOWED_MOVES) == set(Stage.values)


def test_expert_review_is_recorded_with_date_conclusion_and_notes():
    application = make_application(stage=Stage.CITY_REVIEWED)
    record_expert_review(application, date(2026, 5, 6), "recommended", "规划合理")
    application.refresh_from_db()
    assert application.stage == Stage.EXPERT_REVIEWED
    assert application.expert_review_date == date(2026, 5, 6)
    assert application.expert_conclusion == "recommended"
    assert application.expert_notes == "规划合理"


def test_city_cannot_proceed_past_a_failed_criterion_without_a_reason():
    application = make_application(eligible=False, stage=Stage.COUNTY_REVIEWED)
    with pytest.raises(IllegalMove):
        move(application, Stage.CITY_REVIEWED, enforce_eligibility=True)
    application.proceed_reason = (
        "该园区为乡村振兴重点帮扶县唯一园区，经研究同意继续评审"
    )
    application.save()
    move(application, Stage.CITY_REVIEWED, enforce_eligibility=True)
    application.refresh_from_db()
    assert application.stage == Stage.CITY_REVIEWED


def test_eligibility_report_is_the_api_computation_under_the_version_in_force():
    application = make_application(
        institutions=[
            (f"机构{n}", f"证{n}", Decimal("5000000.01") if n < 3 else Decimal(0))
            for n in range(10)
        ]
    )
    report = eligibility_report(application)
    assert report.policy.title == "市级人力资源服务产业园管理办法（试行）"
    assert report.eligible
    assert report.criterion("revenue").result == "pass"
    assert report.criterion("planning").result == "judgement"


def test_eligibility_report_at_the_boundary_fails_exactly_at_500_wan():
    application = make_application(
        institutions=[
            (f"机构{n}", f"证{n}", Decimal("5000000") if n < 3 else Decimal(0))
            for n in range(10)
        ]
    )
    assert eligibility_report(application).criterion("revenue").result == "fail"


def test_no_policy_in_force_says_so():
    application = make_application(filed_on=date(2025, 3, 1))
    assert not PolicyVersion.objects.filter(effective_from__gt=date(2024, 11, 30))
    with pytest.raises(NoPolicyInForce):
        eligibility_report(application)


def test_history_is_kept_on_the_form_and_roster():
    application = make_application()
    application.contact_phone = "0354-7654321"
    application.save()
    assert [h.history_type for h in application.history.all()] == ["~", "+"]
    institution = application.institutions.first()
    assert institution.history.count() == 1
