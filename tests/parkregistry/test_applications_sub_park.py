"""Art. 11: a request to add a sub-park to an approved park."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from parkregistry.models import Stage
from parkregistry.models.registry import Park, ParkSite
from parkregistry.services.applications import (
    IllegalMove,
    allowed_moves,
    approve_sub_park,
    move,
)
from tests.factories_applications import (
    county,
    make_application,
    make_city_editor,
    make_county_editor,
)

pytestmark = pytest.mark.django_db


def _park(sub_parks: int) -> Park:
    park = Park.objects.create(
        name="晋中市榆次区人力资源服务产业园",
        county=county("yuci"),
        approval_doc_no="市人社函〔2023〕12号",
        approved_on=date(2023, 8, 1),
    )
    ParkSite.objects.create(park=park, name="核心园区", area_m2=3000, is_core=True)
    for n in range(sub_parks):
        ParkSite.objects.create(park=park, name=f"分园{n + 1}", area_m2=800)
    return park


def _request(park, **kwargs):
    return make_application(
        "yuci",
        name="榆次区人力资源服务产业园增设大学城分园",
        park=park,
        sites=[("大学城分园", Decimal("1500"), False)],
        stage=Stage.EXPERT_REVIEWED,
        **kwargs,
    )


def test_approval_adds_the_sub_park_to_the_park():
    park = _park(sub_parks=2)
    request = _request(park)
    assert Stage.APPROVED in allowed_moves(request)
    approve_sub_park(request, user=make_city_editor(), note="同意增设")
    request.refresh_from_db()
    assert request.stage == Stage.APPROVED
    names = list(park.sites.values_list("name", flat=True))
    assert "大学城分园" in names and len(names) == 4
    added = park.sites.get(name="大学城分园")
    assert not added.is_core and added.area_m2 == 1500
    assert added.history.first().history_user.username == "city"


def test_a_fourth_sub_park_needs_a_recorded_exception():
    park = _park(sub_parks=3)
    request = _request(park)
    with pytest.raises(IllegalMove) as exc:
        approve_sub_park(request)
    assert "4" in str(exc.value)
    request.refresh_from_db()
    assert request.stage == Stage.EXPERT_REVIEWED
    assert park.sites.count() == 4
    request.sub_park_exception = "经市局党组会研究，同意作为特例增设第4个分园。"
    request.save()
    approve_sub_park(request)
    assert park.sites.count() == 5


def test_an_ordinary_application_cannot_skip_the_notice():
    application = make_application(stage=Stage.EXPERT_REVIEWED)
    assert Stage.APPROVED not in allowed_moves(application)
    with pytest.raises(IllegalMove):
        move(application, Stage.APPROVED)
    with pytest.raises(IllegalMove):
        approve_sub_park(application)


def test_city_approves_the_sub_park_from_the_move_page(client):
    park = _park(sub_parks=1)
    request = _request(park)
    client.force_login(make_county_editor("yuci_ed", "yuci"))
    assert (
        client.post(
            reverse("applications:move", args=[request.pk]), {"to_stage": "approved"}
        ).status_code
        == 400
    )
    client.force_login(make_city_editor())
    response = client.post(
        reverse("applications:move", args=[request.pk]),
        {"to_stage": "approved", "opinion": "同意增设"},
    )
    assert response.status_code == 302
    assert park.sites.filter(name="大学城分园").exists()
