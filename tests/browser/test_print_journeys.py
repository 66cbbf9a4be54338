"""Printing the open demo notice: a document on A4, without the site around it."""

from __future__ import annotations

import pytest

from notices.models import NoticePage
from notices.rules.workingdays import WindowState
from tests.browser.conftest import SCREENSHOTS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

DOC_NO = "晋市人社函〔2026〕12号"

# Everything a printed notice leaves out: the frame, links that act, forms.
LEFT_OUT = (
    ".skip-link",
    ".site-header",
    ".site-nav",
    ".site-footer",
    "nav",
    "form",
    "button",
    "a.button",
    ".subscribe",
)


def open_notice() -> NoticePage:
    notices = [p for p in NoticePage.objects.live() if p.state() is WindowState.OPEN]
    assert notices, "the demo has no open notice"
    return notices[0]


def test_open_notice_prints_as_a_document(demo_site, page, axe_check):
    notice = open_notice()
    NoticePage.objects.filter(pk=notice.pk).update(doc_no=DOC_NO)
    page.goto(demo_site + notice.url)

    # On screen: the site as always, the print-only footer hidden.
    assert page.locator(".site-nav").is_visible()
    assert page.get_by_role("link", name="提出异议").is_visible()
    assert page.locator(".print-footer").is_hidden()
    axe_check(page, "open notice (screen)")

    page.emulate_media(media="print")
    for selector in LEFT_OUT:
        items = page.locator(selector)
        for n in range(items.count()):
            assert items.nth(n).is_hidden(), f"{selector} is printed"
    assert page.get_by_role("link", name="提出异议").is_hidden()
    assert page.locator("h1").is_visible()
    assert page.locator(".doc-number").inner_text() == DOC_NO
    assert page.locator(".doc-signature").is_visible()
    assert page.locator(".candidate").count() >= 1
    style = page.evaluate(
        """() => {
          const h1 = getComputedStyle(document.querySelector("h1"));
          const body = getComputedStyle(document.body);
          const root = getComputedStyle(document.documentElement);
          return {
            align: h1.textAlign,
            color: body.color,
            font: body.fontFamily,
            url: root.getPropertyValue("--print-url"),
            date: root.getPropertyValue("--print-date"),
            inMargin: document.documentElement.classList.contains(
              "print-footer-in-margin"
            ),
          };
        }"""
    )
    assert style["align"] == "center"
    assert style["color"] == "rgb(0, 0, 0)"
    assert "serif" in style["font"]
    # print.js handed the page's address and the day to the page footer (margin
    # boxes, which this Chromium prints), so the footer at the end stays hidden.
    assert notice.url in style["url"]
    assert style["date"].strip('"').strip()
    assert style["inMargin"] is True
    assert page.locator(".print-footer").is_hidden()

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    page.screenshot(path=str(SCREENSHOTS / "notice-print.png"), full_page=True)
    pdf = page.pdf(
        path=str(SCREENSHOTS / "notice-print.pdf"), prefer_css_page_size=True
    )
    assert pdf.startswith(b"%PDF")
