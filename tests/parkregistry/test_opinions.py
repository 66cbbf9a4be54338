"""The county's and the city's opinions belong to their authors (Art. 10(1)) and
the appendix form prints the latest opinion of each, with its date."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from docx import Document

from parkregistry.models import Stage
from parkregistry.models.applications import StageMove
from parkregistry.services.applications import (
    CITY,
    COUNTY,
    IllegalMove,
    latest_opinion,
    move,
)
from parkregistry.services.docx import build_docx
from tests.factories_applications import (
    make_application,
    make_city_editor,
    make_county_editor,
)
from tests.parkregistry.test_applications_admin import _form_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def _docx_text(application) -> str:
    document = Document(io.BytesIO(build_docx(application)))
    return "\n".join(
        cell.text
        for table in document.tables
        for row in table.rows
        for cell in row.cells
    )


# --- who writes which opinion ---------------------------------------------------


def test_the_city_cannot_overwrite_the_county_opinion_in_the_form(client):
    application = make_application(
        stage=Stage.COUNTY_REVIEWED,
        county_opinion="经初审，同意上报。",
        county_opinion_date=date(2026, 11, 2),
    )
    client.force_login(make_city_editor())
    url = reverse("applications:edit", args=[application.pk])
    page = client.get(url)
    html = page.content.decode()
    assert 'name="county_opinion"' in html
    data = _form_data(page)
    data.update(
        {
            "county_opinion": "市局改写的县级意见",
            "county_opinion_date": "2026-11-09",
            "city_opinion": "经审核，同意组织专家评审。",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    application.refresh_from_db()
    assert application.county_opinion == "经初审，同意上报。"
    assert application.county_opinion_date == date(2026, 11, 2)
    assert application.city_opinion == "经审核，同意组织专家评审。"


def test_the_county_opinion_field_is_disabled_for_the_city(client):
    application = make_application(stage=Stage.COUNTY_REVIEWED)
    client.force_login(make_city_editor())
    html = client.get(
        reverse("applications:edit", args=[application.pk])
    ).content.decode()
    tag = html[
        html.index('name="county_opinion"') - 300 : html.index('name="county_opinion"')
        + 300
    ]
    assert "disabled" in tag


def test_the_county_cannot_write_the_city_opinion_in_the_form(client):
    application = make_application(city_opinion="", county_opinion="")
    client.force_login(make_county_editor("yuci_ed", "yuci"))
    url = reverse("applications:edit", args=[application.pk])
    data = _form_data(client.get(url))
    data.update({"city_opinion": "县里代写的市局意见", "county_opinion": "县级意见"})
    assert client.post(url, data).status_code == 302
    application.refresh_from_db()
    assert application.city_opinion == ""
    assert application.county_opinion == "县级意见"


def test_the_city_gives_no_county_opinion_with_a_move():
    application = make_application()
    with pytest.raises(IllegalMove) as exc:
        move(
            application, Stage.COUNTY_REVIEWED, user=make_city_editor(), note="市局代填"
        )
    assert "县" in str(exc.value)
    application.refresh_from_db()
    assert application.stage == Stage.DRAFT and application.county_opinion == ""
    # Without an opinion the city may still make the move.
    move(application, Stage.COUNTY_REVIEWED, user=make_city_editor("city2"))
    application.refresh_from_db()
    assert application.stage == Stage.COUNTY_REVIEWED


def test_the_city_moves_with_an_opinion_refused_through_the_admin(client):
    application = make_application()
    client.force_login(make_city_editor())
    response = client.post(
        reverse("applications:move", args=[application.pk]),
        {"to_stage": Stage.COUNTY_REVIEWED, "opinion": "市局代填的初审意见"},
    )
    assert response.status_code == 400
    application.refresh_from_db()
    assert application.stage == Stage.DRAFT
    assert application.county_opinion == ""


# --- no opinion is lost ---------------------------------------------------------


def test_an_opinion_typed_with_a_move_replaces_the_one_on_the_form(today):
    county_editor = make_county_editor("yuci_ed", "yuci")
    application = make_application(
        county_opinion="草稿时填写的意见", county_opinion_date=date(2026, 10, 30)
    )
    move(
        application,
        Stage.COUNTY_REVIEWED,
        user=county_editor,
        note="经初审，同意上报。",
    )
    application.refresh_from_db()
    assert application.county_opinion == "经初审，同意上报。"
    assert application.county_opinion_date == today
    assert latest_opinion(application, COUNTY).text == "经初审，同意上报。"
    assert (
        StageMove.objects.get(application=application).opinion == "经初审，同意上报。"
    )
    # The earlier opinion is kept in the history.
    assert "草稿时填写的意见" in {h.county_opinion for h in application.history.all()}


def test_a_second_round_prints_the_latest_county_opinion(client, clock):
    county_editor = make_county_editor("yuci_ed", "yuci")
    city_editor = make_city_editor()
    application = make_application()
    move(application, Stage.COUNTY_REVIEWED, user=county_editor, note="第一次初审意见")
    move(application, Stage.DRAFT, user=city_editor, note="材料不全，退回补正。")
    clock.shift(timedelta(days=3))
    move(
        application, Stage.COUNTY_REVIEWED, user=county_editor, note="补正后同意上报。"
    )
    application.refresh_from_db()
    opinion = latest_opinion(application, COUNTY)
    assert opinion.text == "补正后同意上报。"
    assert opinion.day == date(2026, 11, 13)
    opinions = [m.opinion for m in application.moves.all()]
    assert opinions == ["第一次初审意见", "材料不全，退回补正。", "补正后同意上报。"]
    client.force_login(city_editor)
    html = client.get(
        reverse("applications:print", args=[application.pk])
    ).content.decode()
    assert "补正后同意上报。" in html and "第一次初审意见" not in html
    assert "2026年11月13日" in html


def test_an_opinion_dropped_by_the_old_move_is_printed(client, clock):
    """Recorded before the fix: the field kept an older opinion and the move's
    opinion lived only on the move. The print shows the move's, with its date."""
    application = make_application(
        stage=Stage.COUNTY_REVIEWED,
        city_opinion="早先填写的市局意见",
        city_opinion_date=date(2026, 11, 1),
    )
    clock.shift(timedelta(days=2))
    StageMove.objects.create(
        application=application,
        from_stage=Stage.COUNTY_REVIEWED,
        to_stage=Stage.CITY_REVIEWED,
        opinion="经审核，同意组织专家评审。",
    )
    opinion = latest_opinion(application, CITY)
    assert (opinion.text, opinion.day) == (
        "经审核，同意组织专家评审。",
        date(2026, 11, 12),
    )
    client.force_login(make_city_editor())
    html = client.get(
        reverse("applications:print", args=[application.pk])
    ).content.decode()
    assert "经审核，同意组织专家评审。" in html and "2026年11月12日" in html
    assert "早先填写的市局意见" not in html
    cells = _docx_text(application)
    assert "经审核，同意组织专家评审。" in cells and "2026年11月12日" in cells


def test_the_city_opinion_written_on_the_form_after_the_move_is_printed(clock):
    city_editor = make_city_editor()
    application = make_application(stage=Stage.COUNTY_REVIEWED)
    move(application, Stage.CITY_REVIEWED, user=city_editor, note="同意组织专家评审。")
    clock.shift(timedelta(days=5))
    application.refresh_from_db()
    application.city_opinion = "经专家评审，同意认定。"
    application.city_opinion_date = date(2026, 11, 15)
    application.save()
    opinion = latest_opinion(application, CITY)
    assert (opinion.text, opinion.day) == ("经专家评审，同意认定。", date(2026, 11, 15))
    cells = _docx_text(application)
    assert "经专家评审，同意认定。" in cells and "2026年11月15日" in cells
    assert "同意组织专家评审。" not in cells


def test_without_a_move_the_form_opinion_is_printed():
    application = make_application(
        county_opinion="经初审，同意上报。", county_opinion_date=date(2026, 11, 2)
    )
    opinion = latest_opinion(application, COUNTY)
    assert (opinion.text, opinion.day) == ("经初审，同意上报。", date(2026, 11, 2))
    assert latest_opinion(application, CITY).text == ""
