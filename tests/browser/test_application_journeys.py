"""A county editor's journey through the application admin in a real browser."""

import re

import pytest

from parkregistry.models.applications import Application, StageMove

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _login(page, base, username, password):
    page.goto(base + "/admin/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    with page.expect_navigation():
        page.locator("form button[type=submit]").first.click()


def test_county_editor_fills_submits_and_cannot_reach_another_county(
    demo_site, page, shot
):
    _login(page, demo_site, "yuci_editor", "yuci-demo-2026")
    shot(page, "dashboard")

    page.goto(demo_site + "/admin/applications/")
    listing = page.content()
    assert "晋中市榆次区人力资源服务产业园" in listing
    assert "介休市人力资源服务产业园" not in listing
    shot(page, "listing-own-county-only")

    page.goto(demo_site + "/admin/applications/new/")
    # The county is fixed to the editor's own and cannot be changed.
    assert page.locator("#id_county").is_disabled()
    page.locator("#id_name").fill("晋中市榆次区人力资源服务产业园（乡村振兴分园）")
    page.locator("#id_address").fill("晋中市榆次区东赵乡东赵村")
    page.locator("#id_applicant_unit").fill("晋中市榆次区人力资源和社会保障局")
    page.locator("#id_contact_person").fill("刘晨")
    page.locator("#id_contact_phone").fill("0354-3025588")
    page.locator("#id_ownership").fill("东赵乡集体经济组织")
    page.locator("#id_investment_wan").fill("460")
    page.locator("#id_staff_count").fill("6")
    page.locator("#id_institution_count").fill("10")
    page.locator("#id_construction_mode").select_option("renovated")
    page.locator("#id_svc_policy_consulting").check()
    page.locator("#id_ps_employment").check()
    page.locator("#id_ps_training").check()
    shot(page, "form-filled")

    # Sites and roster tab: add the core site.
    page.get_by_role("tab", name=re.compile("园区与机构")).click()
    page.locator("#id_sites-ADD").click()
    page.locator("#id_sites-0-name").fill("乡村振兴分园")
    page.locator("#id_sites-0-area_m2").fill("3200")
    page.locator("#id_sites-0-is_core").check()
    shot(page, "site-added")
    with page.expect_navigation():
        page.locator("button[type=submit]").filter(has_text="创建").first.click()
    created = Application.objects.get(
        name="晋中市榆次区人力资源服务产业园（乡村振兴分园）"
    )
    assert created.county.name == "榆次区"
    assert created.sites.get().area_m2 == 3200
    shot(page, "saved")

    # Submit it: the county's first review with its opinion.
    page.goto(demo_site + f"/admin/applications/move/{created.pk}/")
    page.locator("#id_opinion").fill("经初审，材料属实，同意上报市人社局。")
    shot(page, "move-page")
    with page.expect_navigation():
        page.get_by_role("button", name="转入“县级初审”").click()
    created.refresh_from_db()
    assert created.stage == "county_reviewed"
    assert created.county_opinion == "经初审，材料属实，同意上报市人社局。"
    assert StageMove.objects.get(application=created).moved_by.username == "yuci_editor"
    assert "县级初审" in page.content()
    shot(page, "submitted")

    # Another county's application: every URL answers 404.
    other = Application.objects.get(name="介休市人力资源服务产业园")
    for url in (
        f"/admin/applications/edit/{other.pk}/",
        f"/admin/applications/inspect/{other.pk}/",
        f"/admin/applications/print/{other.pk}/",
        f"/admin/applications/docx/{other.pk}/",
        f"/admin/applications/material/{other.pk}/material_letter/",
    ):
        response = page.request.get(demo_site + url)
        assert response.status in (403, 404), url
    page.goto(demo_site + f"/admin/applications/edit/{other.pk}/")
    assert "介休市人力资源服务产业园" not in page.content()
    shot(page, "other-county-404")


def test_city_editor_sees_the_report_and_prints_the_form(
    demo_site, page, shot, axe_check
):
    _login(page, demo_site, "city_editor", "city-editor-demo-2026")
    application = Application.objects.get(name="晋中市榆次区人力资源服务产业园")
    page.goto(demo_site + f"/admin/applications/inspect/{application.pk}/")
    report = page.locator("table.eligibility-report")
    assert report.locator('tr[data-criterion="revenue"][data-result="pass"]').count()
    assert report.locator('tr[data-result="judgement"]').count() == 4
    assert page.locator('li[data-present="no"]').count() == 1  # only the optional 7th
    shot(page, "inspect-with-report")

    page.goto(demo_site + f"/admin/applications/edit/{application.pk}/")
    page.get_by_role("tab", name="审核").click()
    assert page.locator("table.eligibility-report").is_visible()
    shot(page, "edit-review-tab")

    page.goto(demo_site + f"/admin/applications/print/{application.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "市级人力资源服务产业园评估认定审批表"
    )
    assert page.get_by_text("县级人力资源社会保障部门意见：").is_visible()
    axe_check(page, "print page")
    shot(page, "print-screen")
    page.emulate_media(media="print")
    assert not page.locator(".no-print").is_visible()
    shot(page, "print-media")
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
