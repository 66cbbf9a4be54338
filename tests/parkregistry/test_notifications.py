"""The county is mailed when the city moves, returns or refuses its application."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from notices.models import NotificationPreference
from parkregistry.models import Stage
from parkregistry.services.applications import IllegalMove, move
from tests.factories_applications import (
    make_application,
    make_city_editor,
    make_county_editor,
    make_user,
)

pytestmark = pytest.mark.django_db

BASE = "https://rsj.example.cn"
OPINION = "经市局审核，同意进入专家评估。"


@pytest.fixture(autouse=True)
def _site(settings, tmp_path):
    settings.WAGTAILADMIN_BASE_URL = BASE
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def with_email(user, address):
    user.email = address
    user.save(update_fields=["email"])
    return user


@pytest.fixture
def people():
    """Yuci's editors (one opted out, one without an address), Jiexiu's, the city."""
    yuci = with_email(make_county_editor("yuci_ed", "yuci"), "yuci@example.cn")
    opted_out = with_email(make_county_editor("yuci_quiet", "yuci"), "quiet@example.cn")
    NotificationPreference.objects.create(user=opted_out, work_emails=False)
    make_county_editor("yuci_noaddress", "yuci")
    inactive = with_email(make_county_editor("yuci_gone", "yuci"), "gone@example.cn")
    inactive.is_active = False
    inactive.save()
    jiexiu = with_email(make_county_editor("jiexiu_ed", "jiexiu"), "jiexiu@example.cn")
    city = with_email(make_city_editor("city"), "city@example.cn")
    # A superuser holding no role's permission explicitly is not a recipient.
    get_user_model().objects.create_superuser(
        "root", email="root@example.cn", password="pw-root-1"
    )
    return {"yuci": yuci, "jiexiu": jiexiu, "city": city}


def zh(msgid: str, **values) -> str:
    with translation.override("zh-hans"):
        return gettext(msgid) % values


def test_city_move_mails_the_editors_of_the_application_county_only(
    client, people, django_capture_on_commit_callbacks
):
    application = make_application("yuci", stage=Stage.COUNTY_REVIEWED)
    client.force_login(people["city"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("applications:move", args=[application.pk]),
            {"to_stage": Stage.CITY_REVIEWED, "opinion": OPINION},
        )
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["yuci@example.cn"]]
    message = mail.outbox[0]
    assert message.subject == zh(
        "Application moved on: %(name)s", name=application.name
    )
    assert application.name in message.body
    assert OPINION in message.body
    assert str(Stage.COUNTY_REVIEWED.label) in message.body
    assert str(Stage.CITY_REVIEWED.label) in message.body
    inspect = BASE + reverse("applications:inspect", args=[application.pk])
    assert inspect in message.body
    assert BASE + reverse("wagtailadmin_account") in message.body  # how to opt out


def test_return_and_refusal_say_so(people, django_capture_on_commit_callbacks):
    returned = make_application("yuci", stage=Stage.COUNTY_REVIEWED, name="甲园区")
    refused = make_application("yuci", stage=Stage.COUNTY_REVIEWED, name="乙园区")
    with django_capture_on_commit_callbacks(execute=True):
        move(returned, Stage.DRAFT, user=people["city"], note="材料不全，请补充。")
    with django_capture_on_commit_callbacks(execute=True):
        move(refused, Stage.REJECTED, user=people["city"], note="不符合第九条。")
    assert [m.subject for m in mail.outbox] == [
        zh("Application returned: %(name)s", name="甲园区"),
        zh("Application refused: %(name)s", name="乙园区"),
    ]
    assert "材料不全，请补充。" in mail.outbox[0].body
    assert "不符合第九条。" in mail.outbox[1].body
    assert all(m.to == ["yuci@example.cn"] for m in mail.outbox)


def test_jiexiu_application_goes_to_jiexiu(people, django_capture_on_commit_callbacks):
    application = make_application("jiexiu", stage=Stage.COUNTY_REVIEWED)
    with django_capture_on_commit_callbacks(execute=True):
        move(application, Stage.DRAFT, user=people["city"])
    assert [m.to for m in mail.outbox] == [["jiexiu@example.cn"]]
    assert zh("No opinion was given with the move.") in mail.outbox[0].body


def test_the_county_own_moves_and_moves_without_a_user_tell_nobody(
    client, people, django_capture_on_commit_callbacks
):
    application = make_application("yuci")
    client.force_login(people["yuci"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("applications:move", args=[application.pk]),
            {"to_stage": Stage.COUNTY_REVIEWED, "opinion": "经初审，同意上报。"},
        )
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        move(application, Stage.CITY_REVIEWED)
    application.refresh_from_db()
    assert application.stage == Stage.CITY_REVIEWED
    assert mail.outbox == []


def test_a_refused_move_tells_nobody(people, django_capture_on_commit_callbacks):
    application = make_application("yuci")
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(IllegalMove):
            move(application, Stage.EXPERT_REVIEWED, user=people["city"])
    assert mail.outbox == []


def test_an_opted_out_editor_gets_nothing(people, django_capture_on_commit_callbacks):
    NotificationPreference.objects.create(user=people["yuci"], work_emails=False)
    application = make_application("yuci", stage=Stage.COUNTY_REVIEWED)
    with django_capture_on_commit_callbacks(execute=True):
        move(application, Stage.DRAFT, user=people["city"])
    assert mail.outbox == []


def test_a_county_editor_needs_the_role_permission(
    people, django_capture_on_commit_callbacks
):
    # A membership alone (no 县级编辑 group) makes nobody a recipient.
    make_user("yuci_viewer", county_code="yuci", email="viewer@example.cn")
    application = make_application("yuci", stage=Stage.COUNTY_REVIEWED)
    with django_capture_on_commit_callbacks(execute=True):
        move(application, Stage.DRAFT, user=people["city"])
    assert [m.to for m in mail.outbox] == [["yuci@example.cn"]]
