"""The registry as a new visitor uses it, in a real browser (issue 6 acceptance)."""

import csv
import io
import json

import pytest
from openpyxl import load_workbook

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_registry_journey(demo_site, page, shot, axe_check):
    page.goto(demo_site + "/")
    shot(page, "home")
    page.get_by_role("link", name="查看园区名录").click()
    page.wait_for_url("**/registry/")
    shot(page, "registry")
    axe_check(page, "registry list")
    assert page.get_by_role("heading", name="6个园区").is_visible()

    page.get_by_label("县（市、区）").select_option(label="太谷区")
    with page.expect_navigation():
        page.get_by_role("button", name="筛选").click()
    assert "county=taigu" in page.url
    rows = page.locator("table.registry-table tbody tr")
    assert rows.count() == 1
    shot(page, "registry-taigu")

    page.get_by_role("link", name="晋中太谷人力资源服务产业园").click()
    page.wait_for_url("**/registry/park/*/")
    box = page.locator(".revocation-box")
    assert box.is_visible()
    text = box.inner_text()
    assert "2025年3月28日" in text  # when
    assert "连续" in text and "不合格" in text  # why
    assert "市人社发〔2025〕15号" in text  # the decision
    shot(page, "revoked-park")
    axe_check(page, "park detail")

    page.get_by_role("link", name="市人社发〔2025〕15号").click()
    page.wait_for_url("**/decisions/**")
    assert page.get_by_role("heading", level=1).inner_text().startswith("关于取消")
    shot(page, "revocation-decision")
    axe_check(page, "decision page")
    page.go_back()

    page.get_by_role("link", name="返回名录").click()
    page.wait_for_url("**/registry/")

    with page.expect_download() as info:
        page.get_by_role("link", name="下载 CSV").click()
    assert info.value.suggested_filename.endswith(".csv")
    with open(info.value.path(), encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0][1] == "园区名称" and len(rows) == 7

    with page.expect_download() as info:
        page.get_by_role("link", name="下载 Excel（.xlsx）").click()
    assert info.value.suggested_filename.endswith(".xlsx")
    with open(info.value.path(), "rb") as f:
        sheet = load_workbook(io.BytesIO(f.read())).active
    names = [row[1].value for row in sheet.iter_rows(min_row=2)]
    assert len(names) == 6 and all(n.startswith("晋中") for n in names)

    with page.expect_download() as info:
        page.get_by_role("link", name="下载 JSON").click()
    with open(info.value.path(), encoding="utf-8") as f:
        data = json.load(f)
    revoked = [p for p in data["parks"] if p["status_code"] == "revoked"]
    assert [p["revoked_on"] for p in revoked] == ["2025-03-28"]


def test_registry_on_a_phone(demo_site, mobile_page, shot):
    mobile_page.goto(demo_site + "/registry/")
    width = mobile_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the registry scrolls sideways on a phone"
    shot(mobile_page, "registry-mobile")
