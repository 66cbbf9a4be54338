"""Admin of applications: 属地管理 in every view, moves, print and .docx."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from parkregistry.models import Stage
from parkregistry.models.applications import Application, StageMove
from tests.factories_applications import (
    county,
    make_application,
    make_city_approver,
    make_city_editor,
    make_county_editor,
    make_user,
)

pytestmark = pytest.mark.django_db

# Every admin URL that names one application (item 6 of the issue).
OBJECT_URLS = [
    "applications:edit",
    "applications:inspect",
    "applications:history",
    "applications:history_results",
    "applications:usage",
    "applications:delete",
    "applications:move",
    "applications:print",
    "applications:docx",
]


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def yuci_app():
    application = make_application("yuci", name="晋中市榆次区人力资源服务产业园")
    application.material_letter.save("letter.pdf", ContentFile(b"%PDF-1.4 yuci"))
    return application


@pytest.fixture
def jiexiu_app():
    application = make_application("jiexiu", name="介休市人力资源服务产业园")
    application.material_letter.save("letter.pdf", ContentFile(b"%PDF-1.4 jiexiu"))
    return application


def _urls(application):
    urls = [reverse(name, args=[application.pk]) for name in OBJECT_URLS]
    urls.append(
        reverse("applications:material", args=[application.pk, "material_letter"])
    )
    return urls


@pytest.mark.parametrize("index", range(len(OBJECT_URLS) + 1))
def test_matrix_other_countys_editor_gets_404_own_county_gets_200(
    client, yuci_app, jiexiu_app, index
):
    client.force_login(make_county_editor("yuci_ed", "yuci"))
    own = _urls(yuci_app)[index]
    other = _urls(jiexiu_app)[index]
    assert client.get(own).status_code == 200, own
    response = client.get(other)
    assert response.status_code in (403, 404), other
    assert "介休".encode() not in response.content
    assert client.post(other, {"to_stage": Stage.COUNTY_REVIEWED}).status_code in (
        403,
        404,
    )
    jiexiu_app.refresh_from_db()
    assert jiexiu_app.stage == Stage.DRAFT
    assert Application.objects.filter(pk=jiexiu_app.pk).exists()


def test_editor_without_a_county_sees_nothing(client, yuci_app):
    user = make_user("nobody", groups=["县级编辑"])
    client.force_login(user)
    for url in _urls(yuci_app):
        assert client.get(url).status_code in (403, 404), url


def test_listing_and_export_show_only_the_own_county(client, yuci_app, jiexiu_app):
    client.force_login(make_county_editor("yuci_ed", "yuci"))
    listing = client.get(reverse("applications:index")).content.decode()
    assert yuci_app.name in listing
    assert jiexiu_app.name not in listing
    exported = client.get(reverse("applications:index") + "?export=csv")
    assert exported.status_code == 200
    body = b"".join(exported.streaming_content).decode("utf-8-sig")
    assert yuci_app.name in body and jiexiu_app.name not in body
    results = client.get(reverse("applications:index_results") + "?q=介休")
    assert jiexiu_app.name not in results.content.decode()


def test_city_editor_sees_every_county(client, yuci_app, jiexiu_app):
    client.force_login(make_city_editor())
    listing = client.get(reverse("applications:index")).content.decode()
    assert yuci_app.name in listing and jiexiu_app.name in listing
    for url in _urls(jiexiu_app):
        assert client.get(url).status_code == 200, url


def _form_data(response):
    """The edit form as a browser would post it back (inputs, selects, textareas)."""
    html = response.content.decode()
    form = html[html.index("<form") : html.rindex("</form>")]
    data = {}
    for tag in re.finditer(r"<input[^>]*>", form):
        attrs = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', tag.group(0)))
        name = attrs.get("name")
        if not name or attrs.get("type") == "file":
            continue
        if attrs.get("type") == "checkbox":
            if "checked" in tag.group(0):
                data[name] = "on"
            continue
        data[name] = attrs.get("value", "")
    for sel in re.finditer(
        r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', form, re.S
    ):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', sel.group(2))
        data[sel.group(1)] = chosen.group(1) if chosen else ""
    for area in re.finditer(
        r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', form, re.S
    ):
        data[area.group(1)] = area.group(2).strip()
    return data


def test_county_editor_cannot_change_the_county(client, yuci_app):
    client.force_login(make_county_editor("yuci_ed", "yuci"))
    url = reverse("applications:edit", args=[yuci_app.pk])
    data = _form_data(client.get(url))
    data["county"] = str(county("jiexiu").pk)
    data["contact_phone"] = "0354-9999999"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    yuci_app.refresh_from_db()
    assert yuci_app.county.code == "yuci"
    assert yuci_app.contact_phone == "0354-9999999"


def test_county_editor_creates_in_own_county_whatever_is_posted(client):
    client.force_login(make_county_editor("jiexiu_ed", "jiexiu"))
    url = reverse("applications:add")
    data = _form_data(client.get(url))
    data.update({"name": "介休市新园区", "county": str(county("yuci").pk)})
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    created = Application.objects.get(name="介休市新园区")
    assert created.county.code == "jiexiu"
    assert created.stage == Stage.DRAFT


def test_county_editor_submits_and_then_cannot_edit(client, yuci_app):
    client.force_login(make_county_editor("yuci_ed", "yuci"))
    response = client.post(
        reverse("applications:move", args=[yuci_app.pk]),
        {"to_stage": Stage.COUNTY_REVIEWED, "opinion": "经初审，同意上报。"},
    )
    assert response.status_code == 302
    yuci_app.refresh_from_db()
    assert yuci_app.stage == Stage.COUNTY_REVIEWED
    assert yuci_app.county_opinion == "经初审，同意上报。"
    move = StageMove.objects.get(application=yuci_app)
    assert move.moved_by.username == "yuci_ed"
    history = client.get(reverse("applications:history", args=[yuci_app.pk]))
    assert "阶段已办理" in history.content.decode()
    assert "申报材料尚缺" in history.content.decode()  # the warning after the move
    edit = client.get(reverse("applications:edit", args=[yuci_app.pk]))
    assert edit.status_code == 302
    assert edit.url == reverse("applications:inspect", args=[yuci_app.pk])


def test_county_editor_cannot_make_city_moves(client, yuci_app):
    yuci_app.stage = Stage.COUNTY_REVIEWED
    yuci_app.save()
    client.force_login(make_county_editor("yuci_ed", "yuci"))
    response = client.post(
        reverse("applications:move", args=[yuci_app.pk]),
        {"to_stage": Stage.CITY_REVIEWED, "opinion": "自己审核"},
    )
    assert response.status_code == 400
    assert "不能" in response.content.decode()
    yuci_app.refresh_from_db()
    assert yuci_app.stage == Stage.COUNTY_REVIEWED


def test_illegal_move_is_refused_with_a_message(client, yuci_app):
    client.force_login(make_city_editor())
    response = client.post(
        reverse("applications:move", args=[yuci_app.pk]),
        {"to_stage": Stage.EXPERT_REVIEWED},
    )
    assert response.status_code == 400
    yuci_app.refresh_from_db()
    assert yuci_app.stage == Stage.DRAFT
    assert not StageMove.objects.exists()


def test_city_records_the_expert_review_through_the_move_page(client, yuci_app):
    yuci_app.stage = Stage.CITY_REVIEWED
    yuci_app.save()
    client.force_login(make_city_editor())
    response = client.post(
        reverse("applications:move", args=[yuci_app.pk]),
        {
            "to_stage": Stage.EXPERT_REVIEWED,
            "opinion": "专家组一致同意",
            "expert_review_date": "2026-05-06",
            "expert_conclusion": "recommended",
        },
    )
    assert response.status_code == 302
    yuci_app.refresh_from_db()
    assert yuci_app.stage == Stage.EXPERT_REVIEWED
    assert str(yuci_app.expert_review_date) == "2026-05-06"
    assert yuci_app.expert_conclusion == "recommended"


def test_city_approver_only_reads(client, yuci_app):
    client.force_login(make_city_approver())
    assert (
        client.get(reverse("applications:inspect", args=[yuci_app.pk])).status_code
        == 200
    )
    response = client.post(
        reverse("applications:move", args=[yuci_app.pk]),
        {"to_stage": Stage.COUNTY_REVIEWED},
    )
    assert response.status_code == 400


def test_inspect_shows_the_eligibility_report_and_materials_checklist(client, yuci_app):
    client.force_login(make_city_editor())
    html = client.get(
        reverse("applications:inspect", args=[yuci_app.pk])
    ).content.decode()
    assert 'data-criterion="revenue"' in html
    assert 'data-criterion="planning" data-result="judgement"' in html
    assert 'data-slot="material_letter" data-present="yes"' in html
    assert 'data-slot="material_form" data-present="no"' in html


def test_material_is_served_only_through_the_checked_view(client, yuci_app):
    client.force_login(make_county_editor("yuci_ed", "yuci"))
    url = reverse("applications:material", args=[yuci_app.pk, "material_letter"])
    response = client.get(url)
    assert b"".join(response.streaming_content) == b"%PDF-1.4 yuci"
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    client.logout()
    assert client.get(url).status_code == 302  # to the admin login
    assert client.get(
        reverse("applications:material", args=[yuci_app.pk, "name"])
    ).status_code in (302, 404)


def test_print_page_has_the_appendix_layout(client, yuci_app):
    yuci_app.county_opinion = "同意推荐"
    yuci_app.save()
    client.force_login(make_city_editor())
    html = client.get(
        reverse("applications:print", args=[yuci_app.pk])
    ).content.decode()
    assert "市级人力资源服务产业园评估认定审批表" in html
    assert "application_print.css" in html
    assert "（盖章）" in html
    assert "同意推荐" in html
    assert "☑ 改建" in html
    assert "2023年6月1日" in html
    assert "style=" not in html


def test_docx_has_the_filled_values(client, yuci_app):
    from docx import Document

    client.force_login(make_city_editor())
    response = client.get(reverse("applications:docx", args=[yuci_app.pk]))
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(
        c.text for t in document.tables for row in t.rows for c in row.cells
    )
    assert "市级人力资源服务产业园评估认定审批表" in text
    assert yuci_app.name in cells
    assert "0354-1234567" in cells
    assert "☑改建" in cells
    assert "（盖章）" in cells
    assert "晋中人力资源服务机构0" in cells


def test_site_history_report_hides_other_countys_applications(client, jiexiu_app):
    from django.contrib.contenttypes.models import ContentType
    from django.test import Client

    from parkregistry.models.applications import ApplicationLogEntry

    city = make_city_editor()
    client.force_login(city)
    url = reverse("applications:edit", args=[jiexiu_app.pk])
    data = _form_data(client.get(url))
    data["contact_person"] = "介休联系人"
    assert client.post(url, data).status_code == 302
    entry = ApplicationLogEntry.objects.get(object_id=str(jiexiu_app.pk))
    assert entry.county_id == jiexiu_app.county_id and entry.user == city
    report = reverse("wagtailadmin_reports:site_history")
    assert jiexiu_app.name in client.get(report).content.decode()
    history = client.get(reverse("applications:history", args=[jiexiu_app.pk]))
    assert history.status_code == 200

    yuci_editor = make_county_editor("yuci_ed", "yuci")
    other = Client()
    other.force_login(yuci_editor)
    response = other.get(report)
    assert response.status_code == 200
    assert jiexiu_app.name not in response.content.decode()
    # Whatever Wagtail cached on the user about visible content types (it
    # depends on the order it visits the log models), the entry stays hidden.
    yuci_editor._allowed_content_type_ids = {
        ContentType.objects.get_for_model(jiexiu_app).pk
    }
    assert not ApplicationLogEntry.objects.viewable_by_user(yuci_editor).exists()
    jiexiu_editor = make_county_editor("jiexiu_ed", "jiexiu")
    assert ApplicationLogEntry.objects.viewable_by_user(jiexiu_editor).count() == 1


def test_city_editor_registers_a_renewed_policy_version_by_copying(client):
    from parkregistry.models import PolicyVersion

    client.force_login(make_city_editor())
    old = PolicyVersion.objects.get(effective_from="2022-12-01")
    copy_url = reverse("wagtailsnippets_parkregistry_policyversion:copy", args=[old.pk])
    page = client.get(copy_url)
    assert page.status_code == 200
    data = _form_data(page)
    assert data["single_site_min_m2"] == "3000"
    data.update(
        {
            "title": "市级人力资源服务产业园管理办法",
            "doc_no": "市人社发〔2024〕99号",
            "effective_from": "2024-12-01",
            "effective_to": "",
        }
    )
    response = client.post(copy_url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    renewed = PolicyVersion.objects.get(doc_no="市人社发〔2024〕99号")
    assert renewed.min_institutions == old.min_institutions
    assert renewed.revenue_tier1_over_yuan == old.revenue_tier1_over_yuan
    assert renewed.history.count() == 1


@pytest.mark.parametrize(
    ("filename", "content"),
    [("virus.exe", b"MZ..."), ("page.html", b"<script>alert(1)</script>")],
)
def test_material_upload_refuses_other_file_types(client, filename, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    application = make_application("yuci")
    client.force_login(make_county_editor("yuci_ed", "yuci"))
    url = reverse("applications:edit", args=[application.pk])
    data = _form_data(client.get(url))
    data["material_letter"] = SimpleUploadedFile(filename, content)
    response = client.post(url, data)
    assert response.status_code == 200
    assert "是不被允许" in response.content.decode()
    application.refresh_from_db()
    assert not application.material_letter


def test_material_upload_through_the_form_is_private(client, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    application = make_application("yuci")
    client.force_login(make_county_editor("yuci_ed", "yuci"))
    url = reverse("applications:edit", args=[application.pk])
    data = _form_data(client.get(url))
    data["material_policies"] = SimpleUploadedFile("扶持政策.pdf", b"%PDF-1.4 p")
    assert client.post(url, data).status_code == 302
    application.refresh_from_db()
    assert application.material_policies.path.startswith(
        str(settings.PRIVATE_MEDIA_ROOT)
    )
    edit = client.get(url).content.decode()
    assert (
        reverse("applications:material", args=[application.pk, "material_policies"])
        in edit
    )
    assert "/media/" not in edit


def test_county_editor_cannot_write_the_citys_fields(client, yuci_app):
    client.force_login(make_county_editor("yuci_ed", "yuci"))
    url = reverse("applications:edit", args=[yuci_app.pk])
    data = _form_data(client.get(url))
    data.update(
        {
            "city_opinion": "县里自己写的市局意见",
            "proceed_reason": "县里自己写的理由",
            "expert_conclusion": "recommended",
            "county_opinion": "县级意见",
        }
    )
    assert client.post(url, data).status_code == 302
    yuci_app.refresh_from_db()
    assert yuci_app.city_opinion == ""
    assert yuci_app.proceed_reason == ""
    assert yuci_app.expert_conclusion == ""
    assert yuci_app.county_opinion == "县级意见"
