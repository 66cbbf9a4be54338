"""Approval, evaluations and Art. 25 consequences, subsidies and revocation."""

from datetime import date

import pytest

from parkregistry.models import (
    AnnualTask,
    Evaluation,
    Park,
    ParkStatus,
    RecognitionAward,
    Revocation,
    RevocationStatus,
    Stage,
    SubsidyRecord,
)
from parkregistry.models.registry import RegistryError
from parkregistry.services.approvals import approve, proposed_name
from parkregistry.services.evaluations import record_evaluation, record_rectification
from parkregistry.services.revocations import confirm_revocation
from parkregistry.services.subsidies import record_subsidy
from tests.factories_registry import make_application, make_closed_notice, make_park

pytestmark = pytest.mark.django_db


def test_approve_copies_the_application_and_records_the_award_once():
    app = make_application(name="榆次人力资源服务产业园")
    candidate = make_closed_notice(app)
    assert proposed_name(app) == "晋中榆次人力资源服务产业园"
    park = approve(
        candidate, proposed_name(app), "市人社发〔2024〕9号", date(2024, 4, 1)
    )
    app.refresh_from_db()
    assert app.stage == Stage.APPROVED
    assert park.name == "晋中榆次人力资源服务产业园"
    assert park.county == app.county
    assert park.notice_id == candidate.page_id
    assert park.sites.count() == 1 and park.institutions.count() == 10
    assert RecognitionAward.objects.get(park=park).amount_yuan == 600_000
    # Approving again changes nothing (idempotent).
    again = approve(
        candidate, proposed_name(app), "市人社发〔2024〕9号", date(2024, 4, 1)
    )
    assert again.pk == park.pk
    assert RecognitionAward.objects.count() == 1
    assert park.history.first().history_type == "+"


def test_approve_refuses_a_name_without_the_prefix():
    app = make_application(name="榆次园")
    candidate = make_closed_notice(app)
    with pytest.raises(RegistryError, match="晋中"):
        approve(candidate, "榆次园", "市人社发〔2024〕9号", date(2024, 4, 1))
    assert not Park.objects.exists()


def test_approve_refuses_when_no_policy_is_in_force():
    app = make_application()
    candidate = make_closed_notice(app)
    with pytest.raises(RegistryError, match="2025-04-01"):
        approve(candidate, proposed_name(app), "号", date(2025, 4, 1))
    assert not Park.objects.exists()


def test_approve_refuses_while_the_notice_is_open(today):
    from home.demo_bench import ensure_demo_policy

    ensure_demo_policy(lambda *args: None)  # a policy in force today
    app = make_application()
    candidate = make_closed_notice(app, start=today)
    with pytest.raises(RegistryError):
        approve(candidate, proposed_name(app), "号", today)
    assert not Park.objects.exists()


def test_park_clean_enforces_the_prefix():
    from django.core.exceptions import ValidationError

    park = make_park()
    park.name = "太谷园"
    with pytest.raises(ValidationError) as exc:
        park.full_clean()
    assert "name" in exc.value.message_dict


def test_grade_twice_or_before_approval_or_outside_q1_is_refused():
    park = make_park(approved_on=date(2024, 5, 1))
    with pytest.raises(RegistryError):
        record_evaluation(park, 2023, "合格", date(2024, 2, 1))
    with pytest.raises(RegistryError):
        record_evaluation(park, 2024, "合格", date(2025, 4, 1))
    record_evaluation(park, 2024, "合格", date(2025, 3, 31))
    with pytest.raises(RegistryError):
        record_evaluation(park, 2024, "优秀", date(2025, 1, 5))
    assert Evaluation.objects.count() == 1


def test_fail_then_rectification_passed_returns_to_normal():
    park = make_park()
    ev = record_evaluation(
        park, 2023, "不合格", date(2024, 2, 1), rectification_deadline=date(2024, 5, 1)
    )
    park.refresh_from_db()
    assert park.status == ParkStatus.RECTIFYING
    assert park.rectification_deadline == date(2024, 5, 1)
    record_rectification(ev, "整改合格", date(2024, 5, 1))
    park.refresh_from_db()
    assert park.status == ParkStatus.NORMAL


def test_still_failing_withdraws_the_previous_cycle_subsidy():
    park = make_park(approved_on=date(2023, 3, 1))
    AnnualTask.objects.create(
        year=2023, urban_new_employment=30000, rural_labour_transfer=20000
    )
    record_evaluation(park, 2023, "合格", date(2024, 2, 1))
    subsidy = record_subsidy(park, 2023, 6000)
    assert subsidy.threshold == 5000
    assert subsidy.amount_yuan == 220_000
    assert "5000" in subsidy.formula
    ev = record_evaluation(
        park, 2024, "不合格", date(2025, 2, 1), rectification_deadline=date(2025, 6, 1)
    )
    record_rectification(ev, "整改后仍不合格", date(2025, 6, 2))
    subsidy.refresh_from_db()
    assert subsidy.withdrawn and subsidy.withdrawn_in_cycle == 2024
    assert subsidy.granted_yuan == 0
    park.refresh_from_db()
    assert park.status == ParkStatus.RECTIFYING


def test_subsidy_needs_the_annual_tasks():
    park = make_park()
    with pytest.raises(RegistryError, match="2023"):
        record_subsidy(park, 2023, 100)


def test_failed_year_gets_no_subsidy():
    park = make_park()
    AnnualTask.objects.create(
        year=2023, urban_new_employment=30000, rural_labour_transfer=20000
    )
    record_evaluation(
        park, 2023, "不合格", date(2024, 2, 1), rectification_deadline=date(2024, 5, 1)
    )
    assert record_subsidy(park, 2023, 9000).amount_yuan == 0


def test_two_consecutive_fails_propose_revocation_then_confirm():
    park = make_park()
    ev = record_evaluation(
        park, 2023, "不合格", date(2024, 2, 1), rectification_deadline=date(2024, 5, 1)
    )
    record_rectification(ev, "整改合格", date(2024, 5, 1))
    assert not Revocation.objects.exists()
    record_evaluation(
        park, 2024, "不合格", date(2025, 2, 1), rectification_deadline=date(2025, 5, 1)
    )
    revocation = Revocation.objects.get(park=park)
    assert revocation.status == RevocationStatus.PROPOSED
    assert (revocation.first_year, revocation.second_year) == (2023, 2024)
    park.refresh_from_db()
    assert park.status == ParkStatus.RECTIFYING  # only proposed so far
    confirm_revocation(park, date(2025, 3, 10), "市人社发〔2025〕20号")
    park.refresh_from_db()
    assert park.status == ParkStatus.REVOKED
    assert park.revoked_on == date(2025, 3, 10)
    assert "2023" in park.revocation_reason
    assert Park.objects.filter(pk=park.pk).exists()  # never deleted
    with pytest.raises(RegistryError):
        record_evaluation(park, 2025, "合格", date(2026, 2, 1))


def test_revocation_needs_a_proposal():
    park = make_park()
    with pytest.raises(RegistryError):
        confirm_revocation(park, date(2025, 3, 10), "号")


def test_excellent_is_commended_and_subsidised():
    park = make_park()
    ev = record_evaluation(park, 2023, "优秀", date(2024, 2, 1))
    assert ev.commended
    park.refresh_from_db()
    assert park.status == ParkStatus.NORMAL
    assert not SubsidyRecord.objects.exists()


def test_sub_park_application_adds_sites_to_the_park():
    from decimal import Decimal

    park = make_park()
    app = make_application(
        name="分园申请",
        park=park,
        filed_on=date(2024, 1, 10),
        sites=[("晋中分园一", Decimal("1500"), False)],
        institutions=0,
    )
    candidate = make_closed_notice(app)
    result = approve(candidate, "", "市人社发〔2024〕7号", date(2024, 4, 1))
    assert result.pk == park.pk
    assert park.sites.filter(name="晋中分园一", is_core=False).exists()
    assert Park.objects.count() == 1
    assert RecognitionAward.objects.count() == 1
    again = approve(candidate, "", "市人社发〔2024〕7号", date(2024, 4, 1))
    assert again.pk == park.pk and park.sites.count() == 2


def test_sub_parks_are_capped():
    from decimal import Decimal

    park = make_park()
    app = make_application(
        name="分园申请",
        park=park,
        filed_on=date(2024, 1, 10),
        sites=[(f"分园{i}", Decimal("1000"), False) for i in range(4)],
        institutions=0,
    )
    candidate = make_closed_notice(app)
    with pytest.raises(RegistryError, match="3"):
        approve(candidate, "", "号", date(2024, 4, 1))
    assert park.sites.count() == 1
