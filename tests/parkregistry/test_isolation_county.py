"""属地管理 in the registry and in Wagtail's generic views: a county editor's
permissions reach only their own county's applications, parks and records."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.models import EditingSession
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry
from wagtail.permissions import policy_registry

from parkregistry.models import Application, Evaluation, Grade, Park, Revocation
from parkregistry.models.applications import ApplicationLogEntry
from tests.factories_applications import (
    county,
    make_application,
    make_city_editor,
    make_county_editor,
    make_user,
)
from tests.factories_registry import make_park
from tests.parkregistry.test_applications_admin import _form_data

pytestmark = pytest.mark.django_db

NOTES = "介休园区内部备注：整改进度滞后"


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def yuci_editor():
    return make_county_editor("yuci_editor", "yuci")


@pytest.fixture
def jiexiu_editor():
    return make_user(
        "jiexiu_editor",
        groups=["县级编辑"],
        county_code="jiexiu",
        first_name="介休编辑王五",
    )


@pytest.fixture
def parks():
    own = make_park(county=county("yuci"), name="晋中榆次人力资源服务产业园")
    other = make_park(county=county("jiexiu"), name="晋中介休人力资源服务产业园")
    own.internal_notes = "榆次园区内部备注"
    own.save()
    other.internal_notes = NOTES
    other.save()
    return own, other


def _body(response) -> str:
    """The body with JSON's \\u escapes undone (choosers answer in JSON)."""
    text = response.content.decode()
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)


def _ping(client, application, session_id=0):
    return client.post(
        reverse(
            "wagtailadmin_editing_sessions:ping",
            args=("parkregistry", "application", application.pk, session_id),
        )
    )


def test_ping_answers_for_another_countys_application_as_for_an_unknown_one(
    client, yuci_editor, jiexiu_editor
):
    own = make_application("yuci", name="榆次申报")
    other = make_application("jiexiu", name="介休申报")
    EditingSession.objects.create(
        user=jiexiu_editor,
        content_type=ContentType.objects.get_for_model(Application),
        object_id=str(other.pk),
        last_seen_at=timezone.now(),
        is_editing=True,
    )
    client.force_login(yuci_editor)
    assert _ping(client, own).status_code == 200
    refused = _ping(client, other)
    assert refused.status_code == 404
    assert "王五" not in refused.content.decode()
    unknown = client.post(
        reverse(
            "wagtailadmin_editing_sessions:ping",
            args=("parkregistry", "application", other.pk + 1000, 0),
        )
    )
    assert unknown.status_code == refused.status_code
    assert not EditingSession.objects.filter(user=yuci_editor, object_id=str(other.pk))


def test_ping_of_the_own_county_names_the_colleague_editing(client, yuci_editor):
    colleague = make_user(
        "yuci_colleague", groups=["县级编辑"], county_code="yuci", first_name="赵六"
    )
    own = make_application("yuci", name="榆次申报")
    EditingSession.objects.create(
        user=colleague,
        content_type=ContentType.objects.get_for_model(Application),
        object_id=str(own.pk),
        last_seen_at=timezone.now(),
        is_editing=True,
    )
    client.force_login(yuci_editor)
    response = _ping(client, own)
    assert response.status_code == 200
    assert response.json()["other_sessions"][0]["user"] == "赵六"


def test_application_policy_lets_a_county_change_its_own_drafts_only(
    yuci_editor,
):
    policy = policy_registry.get_by_type(Application)
    own = make_application("yuci", name="榆次申报")
    other = make_application("jiexiu", name="介休申报")
    assert policy.user_has_permission_for_instance(yuci_editor, "change", own)
    assert not policy.user_has_permission_for_instance(yuci_editor, "change", other)
    assert not policy.user_has_permission_for_instance(yuci_editor, "view", other)
    own.stage = "county_reviewed"
    assert not policy.user_has_permission_for_instance(yuci_editor, "change", own)
    assert list(
        policy.instances_user_has_any_permission_for(yuci_editor, ["view"])
    ) == [own]
    city = make_city_editor()
    assert policy.user_has_permission_for_instance(city, "change", other)
    users = policy.users_with_any_permission_for_instance(["change"], other)
    assert city in users and yuci_editor not in users


def test_park_inspect_is_refused_for_another_county_and_never_shows_notes(
    client, yuci_editor, parks
):
    own, other = parks
    client.force_login(yuci_editor)
    inspect = "wagtailsnippets_parkregistry_park:inspect"
    mine = client.get(reverse(inspect, args=[own.pk]))
    assert mine.status_code == 200
    assert own.name in mine.content.decode()
    assert "榆次园区内部备注" not in mine.content.decode()
    refused = client.get(reverse(inspect, args=[other.pk]))
    assert refused.status_code == 404
    assert NOTES not in refused.content.decode()

    client.force_login(make_city_editor())
    city = client.get(reverse(inspect, args=[other.pk]))
    assert city.status_code == 200 and NOTES in city.content.decode()


def test_registry_lists_and_choosers_show_only_the_own_county(
    client, yuci_editor, parks
):
    own, other = parks
    Evaluation.objects.create(
        park=other, year=2023, grade=Grade.PASS, held_on=date(2024, 3, 1)
    )
    Revocation.objects.create(
        park=other,
        first_year=2023,
        second_year=2024,
        proposed_on=date(2025, 3, 1),
        reason="连续两年不合格",
    )
    client.force_login(yuci_editor)
    for url in (
        reverse("wagtailsnippets_parkregistry_park:list"),
        reverse("wagtailsnippets_parkregistry_park:list_results") + "?q=晋中",
        reverse("wagtailsnippetchoosers_parkregistry_park:choose"),
        reverse("wagtailsnippetchoosers_parkregistry_park:choose_results"),
        reverse("wagtailsnippetchoosers_parkregistry_park:chosen_multiple")
        + f"?id={own.pk}&id={other.pk}",
    ):
        body = _body(client.get(url))
        assert own.name in body, url
        assert other.name not in body, url
    chosen = "wagtailsnippetchoosers_parkregistry_park:chosen"
    assert client.get(reverse(chosen, args=[own.pk])).status_code == 200
    assert client.get(reverse(chosen, args=[other.pk])).status_code == 404
    for model in ("evaluation", "revocation"):
        body = _body(
            client.get(reverse(f"wagtailsnippetchoosers_parkregistry_{model}:choose"))
        )
        assert other.name not in body, model
        listing = client.get(reverse(f"wagtailsnippets_parkregistry_{model}:list"))
        assert other.name not in listing.content.decode(), model
    bulk = client.get(
        reverse("wagtail_bulk_action", args=("parkregistry", "revocation", "delete"))
        + f"?id={other.revocation.pk}"
    )
    assert bulk.status_code == 404


def test_art_11_request_names_only_a_park_of_the_own_county(client, yuci_editor, parks):
    own, other = parks
    client.force_login(yuci_editor)
    url = reverse("applications:add")
    data = _form_data(client.get(url))
    data.update({"name": "榆次分园申请", "park": str(other.pk)})
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert not Application.objects.filter(name="榆次分园申请").exists()
    assert other.name not in refused.content.decode()
    data["park"] = str(own.pk)
    assert client.post(url, data).status_code == 302
    assert Application.objects.get(name="榆次分园申请").park == own


def test_city_cannot_file_a_countys_request_against_another_countys_park(client, parks):
    _own, other = parks
    client.force_login(make_city_editor())
    url = reverse("applications:add")
    data = _form_data(client.get(url))
    data.update(
        {
            "name": "跨县分园申请",
            "county": str(county("yuci").pk),
            "park": str(other.pk),
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "由园区所在县" in response.content.decode()
    assert not Application.objects.filter(name="跨县分园申请").exists()


def test_site_history_shows_only_the_own_countys_registry_entries(
    client, yuci_editor, jiexiu_editor, parks
):
    own, other = parks
    log(other, "wagtail.edit", user=jiexiu_editor)
    log(own, "wagtail.edit", user=make_city_editor())
    entry = ApplicationLogEntry.objects.get(object_id=str(other.pk))
    assert entry.county_id == other.county_id
    assert not ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Park)
    ).exists()
    client.force_login(yuci_editor)
    body = client.get(reverse("wagtailadmin_reports:site_history")).content.decode()
    assert own.name in body
    assert other.name not in body and "王五" not in body
    history = reverse("wagtailsnippets_parkregistry_park:history", args=[other.pk])
    assert client.get(history).status_code == 404
