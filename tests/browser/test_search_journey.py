"""The site search in a real browser: from the header of the demo site."""

import pytest

from tests.browser.conftest import SCREENSHOTS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_header_search_finds_yuci(demo_site, page, mobile_page, shot, axe_check):
    page.goto(demo_site + "/")
    form = page.get_by_role("search")
    form.get_by_role("searchbox").fill("榆次")
    with page.expect_navigation():
        form.get_by_role("searchbox").press("Enter")
    assert "/search/?q=" in page.url
    results = page.locator(".search-result")
    assert results.count() > 0
    assert page.locator(".search-result mark", has_text="榆次").first.is_visible()
    # Every result names its type and date and links to its page.
    first = results.first
    assert first.locator(".search-kind").inner_text().strip()
    assert first.locator("time").get_attribute("datetime")
    assert page.get_by_role("searchbox").input_value() == "榆次"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "search-results.png"), full_page=True)
    shot(page, "results")
    axe_check(page, "search results")

    href = first.locator("h2 a").get_attribute("href")
    with page.expect_navigation():
        first.locator("h2 a").click()
    assert page.url.endswith(href)

    # On a phone the form stays usable: the field is wide enough to type in.
    mobile_page.goto(demo_site + "/registry/")
    field = mobile_page.get_by_role("search").get_by_role("searchbox")
    assert field.bounding_box()["width"] > 150
    field.fill("考核")
    with mobile_page.expect_navigation():
        mobile_page.get_by_role("search").get_by_role("button").click()
    assert mobile_page.locator(".search-result").count() > 0
    shot(mobile_page, "mobile-results")
    axe_check(mobile_page, "search results (mobile)")
