"""Journeys of the public site in a real browser."""

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_calculator_journey(demo_site, page, shot, axe_check):
    page.goto(demo_site + "/")
    shot(page, "home")
    axe_check(page, "home page")
    page.get_by_role("link", name="公示期计算器").first.click()
    page.wait_for_url("**/calculator/")
    axe_check(page, "calculator (empty)")
    page.get_by_label("公示开始日期").fill("2026-09-30")
    page.get_by_label("工作日数").fill("5")
    with page.expect_navigation():
        page.get_by_role("button", name="计算").click()
    assert page.get_by_text(
        "公示期为2026年9月30日至2026年10月12日（5个工作日）"
    ).is_visible()
    assert page.locator("tr.is-holiday").count() == 7
    shot(page, "calculator-result")
    axe_check(page, "calculator (result)")
    page.get_by_label("公示开始日期").fill("2026-12-28")
    with page.expect_navigation():
        page.get_by_role("button", name="计算").click()
    assert (
        page.get_by_role("alert").inner_text().startswith("2027年的节假日安排尚未确认")
    )
    shot(page, "calculator-2027")
    axe_check(page, "calculator (error)")


def test_calculator_by_keyboard_only(demo_site, page):
    page.goto(demo_site + "/calculator/")
    page.keyboard.press("Tab")  # skip link
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.locator("#id_start").focus()
    page.keyboard.type("2026年5月1日")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_days"
    page.keyboard.press("Control+A")
    page.keyboard.type("5")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text(
        "公示期为2026年5月1日至2026年5月11日（5个工作日）"
    ).is_visible()


def test_larger_text_mode_persists(demo_site, page, shot):
    page.goto(demo_site + "/calculator/")
    base = page.evaluate(
        "parseFloat(getComputedStyle(document.documentElement).fontSize)"
    )
    page.get_by_role("link", name="大字版").click()
    page.wait_for_url("**/calculator/")
    page.goto(demo_site + "/")
    large = page.evaluate(
        "parseFloat(getComputedStyle(document.documentElement).fontSize)"
    )
    assert large > base
    shot(page, "home-large-text")
    with page.expect_navigation():
        page.get_by_role("link", name="标准字号").click()
    assert (
        page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
        == base
    )


def test_home_page_on_a_phone(demo_site, mobile_page, shot):
    mobile_page.goto(demo_site + "/")
    width = mobile_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the page scrolls sideways on a phone"
    shot(mobile_page, "home-mobile")
