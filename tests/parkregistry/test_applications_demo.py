"""Demo accounts and demo applications: every intake stage, safe to run twice."""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate

from home import demo_applications, demo_users
from home import demo_bench as demo
from parkregistry.models import Stage
from parkregistry.models.applications import Application, StageMove
from parkregistry.services.applications import eligibility_report

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def _build(lines):
    demo.ensure_demo_policy(lines.append)
    demo_users.build(lines.append)
    demo_applications.build(lines.append)


def test_demo_accounts_log_in_and_print_their_passwords():
    lines = []
    demo_users.build(lines.append)
    for username, password, *_ in demo_users.DEMO_ACCOUNTS:
        assert authenticate(username=username, password=password) is not None
        assert any(username in line and password in line for line in lines)
    yuci = authenticate(username="yuci_editor", password="yuci-demo-2026")
    assert yuci.county_membership.county.name == "榆次区"
    assert authenticate(username="admin", password="admin-demo-2026").is_superuser


def test_no_demo_accounts_where_they_are_switched_off(settings):
    settings.DEMO_ACCOUNTS = False
    lines = []
    demo_users.build(lines.append)
    assert authenticate(username="admin", password="admin-demo-2026") is None


def test_production_settings_switch_demo_accounts_off():
    from pathlib import Path

    text = (
        Path(__file__).resolve().parents[2] / "site/demosite/settings/production.py"
    ).read_text()
    assert "DEMO_ACCOUNTS = False" in text


def test_demo_applications_cover_the_intake_stages_and_run_twice():
    lines = []
    _build(lines)
    count = Application.objects.count()
    moves = StageMove.objects.count()
    _build(lines)
    assert Application.objects.count() == count
    assert StageMove.objects.count() == moves
    stages = set(Application.objects.values_list("stage", flat=True))
    assert {
        Stage.DRAFT,
        Stage.COUNTY_REVIEWED,
        Stage.CITY_REVIEWED,
        Stage.EXPERT_REVIEWED,
        Stage.REJECTED,
        Stage.WITHDRAWN,
    } <= stages
    expert = Application.objects.filter(stage=Stage.EXPERT_REVIEWED)
    assert expert.count() >= 6
    assert expert.values("county").distinct().count() == expert.count()
    for application in expert:
        assert application.institutions.count() >= 10
        assert eligibility_report(application).eligible, application.name
        assert application.missing_materials == []
        assert application.expert_review_date and application.expert_conclusion
        assert application.moves.count() == 3
        assert application.county_opinion and application.county_opinion_date
        assert application.city_opinion and application.city_opinion_date
        assert application.judgement_planning
    yuci = Application.objects.get(name="晋中市榆次区人力资源服务产业园")
    assert yuci.moves.first().moved_by.username == "yuci_editor"
