"""A notice (and a decision) as a formal document: 文号 under the title, 落款 at
the end, and a print stylesheet that prints it as one."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from django.contrib.staticfiles import finders

from notices.models import NoticePage
from notices.rules.workingdays import SHANGHAI
from parkregistry.models import DecisionIndexPage, DecisionKind, DecisionPage
from tests.factories_notices import make_notice_page
from tests.factories_registry import add_page, home_page, make_park

pytestmark = pytest.mark.django_db

BUREAU = "晋中市人力资源和社会保障局"
DOC_NO = "晋市人社函〔2026〕12号"


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


def published_on(page: NoticePage, moment: datetime) -> NoticePage:
    NoticePage.objects.filter(pk=page.pk).update(
        first_published_at=moment, last_published_at=moment
    )
    return NoticePage.objects.get(pk=page.pk)


def signature(html: str) -> tuple[str, str, str]:
    """(issuer, datetime attribute, shown date) of the page's 落款."""
    found = re.search(
        r'<div class="doc-signature">\s*<p class="doc-issuer">(.*?)</p>\s*'
        r'<p class="doc-date"><time datetime="(.*?)">(.*?)</time></p>\s*</div>',
        html,
    )
    assert found, "the page has no 落款"
    return found.group(1), found.group(2), found.group(3)


def test_notice_ends_with_the_bureau_and_its_date_of_issue(client):
    # Published at 00:30 Beijing time on 3 December, still 2 December in UTC.
    page = published_on(
        make_notice_page(start_date=date(2026, 12, 7)),
        datetime(2026, 12, 3, 0, 30, tzinfo=SHANGHAI),
    )
    html = client.get(page.url).content.decode()
    assert signature(html) == (BUREAU, "2026-12-03", "2026年12月3日")
    # The 落款 comes after the candidates and the contact for written objections.
    assert html.index('class="doc-signature"') > html.index('id="contact-heading"')


def test_the_authority_is_the_plugin_setting(client, settings):
    settings.NOTICES_PUBLISHER = "某市人力资源和社会保障局"
    page = make_notice_page()
    assert signature(client.get(page.url).content.decode())[0] == (
        "某市人力资源和社会保障局"
    )


def test_date_of_issue_is_the_first_publication_else_the_start_date():
    page = make_notice_page(start_date=date(2026, 12, 7))
    page = published_on(page, datetime(2026, 12, 3, 23, 59, tzinfo=SHANGHAI))
    assert page.issue_date() == date(2026, 12, 3)
    # A later publication (a revision) does not change the date of issue.
    NoticePage.objects.filter(pk=page.pk).update(
        last_published_at=datetime(2026, 12, 9, 10, 0, tzinfo=SHANGHAI)
    )
    assert NoticePage.objects.get(pk=page.pk).issue_date() == date(2026, 12, 3)
    # Not yet published (the editor's preview): the start date.
    draft = make_notice_page(publish=False, start_date=date(2026, 12, 7))
    assert draft.first_published_at is None
    assert draft.issue_date() == date(2026, 12, 7)


def test_preview_of_an_unpublished_notice_is_dated_by_its_start(admin_client):
    draft = make_notice_page(publish=False, start_date=date(2026, 12, 7))
    response = admin_client.get(f"/admin/pages/{draft.pk}/view_draft/")
    assert response.status_code == 200
    issuer, day, shown = signature(response.content.decode())
    assert (issuer, day, shown) == (BUREAU, "2026-12-07", "2026年12月7日")


def test_document_number_is_shown_under_the_title_when_given(client):
    page = make_notice_page(doc_no=DOC_NO)
    html = client.get(page.url).content.decode()
    assert re.search(
        r"<h1>[^<]+</h1>\s*<p class=\"doc-number\">" + re.escape(DOC_NO) + r"</p>",
        html,
    )


def test_no_document_number_line_without_one(client):
    page = make_notice_page()
    assert page.doc_no == ""
    html = client.get(page.url).content.decode()
    assert 'class="doc-number"' not in html


def test_document_number_is_optional_in_the_editor():
    field = NoticePage._meta.get_field("doc_no")
    assert field.blank and field.max_length >= 50
    assert "doc_no" in [
        getattr(p, "field_name", None) for p in NoticePage.content_panels
    ]


def test_decision_shows_its_document_number_and_the_same_signature(client):
    index = add_page(home_page(), DecisionIndexPage(title="决定公告", slug="decisions"))
    park = make_park(name="晋中测试人力资源服务产业园")
    decision = DecisionPage(
        title="关于认定晋中测试人力资源服务产业园的批复",
        slug="approval-test",
        kind=DecisionKind.APPROVAL,
        doc_no="市人社发〔2026〕7号",
        decision_date=date(2026, 11, 3),
    )
    decision.parks = [park]
    add_page(index, decision)
    html = client.get(decision.url).content.decode()
    assert re.search(
        r"<h1>[^<]+</h1>\s*<p class=\"doc-number\">市人社发〔2026〕7号</p>", html
    )
    assert signature(html) == (BUREAU, "2026-11-03", "2026年11月3日")
    assert html.count("市人社发〔2026〕7号") == 1


# --- printing ----------------------------------------------------------------------


def print_css() -> str:
    path = finders.find("css/print.css")
    assert path, "css/print.css is not among the static files"
    with open(path, encoding="utf-8") as handle:
        return re.sub(r"/\*.*?\*/", "", handle.read(), flags=re.S)


def rule(css: str, selector_part: str) -> str:
    """The declarations of the first rule whose selector list names ``selector_part``."""
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        if selector_part in [s.strip() for s in selectors.split(",")]:
            return body
    raise AssertionError(f"no rule for {selector_part}")


def test_print_stylesheet_is_linked_for_print_only(client):
    html = client.get(make_notice_page().url).content.decode()
    links = re.findall(r"<link[^>]*print\.css[^>]*>", html)
    assert links == [
        '<link rel="stylesheet" href="/static/css/print.css" media="print">'
    ]
    # After the pages' own stylesheets, so that its rules win in print.
    assert html.index("css/print.css") > html.index("notices/notices.css")
    # The screen keeps its stylesheet.
    assert re.search(r'<link rel="stylesheet" href="/static/css/site\.css">', html)


def test_print_stylesheet_prints_a_document_on_a4():
    css = print_css()
    page = re.search(r"@page\s*\{(.*?)\n\}", css, re.S).group(1)
    assert "size: A4;" in page
    assert "margin: 25mm 20mm;" in page
    # The page's address, the print date and the page number in the page footer.
    assert "@bottom-left" in page and "var(--print-url" in page
    assert "var(--print-date" in page and "counter(page)" in page
    hidden = rule(css, ".site-header")
    assert "display: none" in hidden
    for selector in (
        ".skip-link",
        ".site-nav",
        ".site-footer",
        "nav",
        "form",
        "button",
        ".button",
        ".subscribe",
        ".pagination",
        ".no-print",
    ):
        assert "display: none" in rule(css, selector), selector
    assert "color: #000" in rule(css, "*")
    assert "Song" in rule(css, "body") and "serif" in rule(css, "body")
    assert "text-align: center" in rule(css, "h1")
    assert "text-align: center" in rule(css, ".doc-number")


def test_what_print_leaves_out_is_marked_and_still_on_screen(client, today):
    page = make_notice_page(start_date=today)
    html = client.get(page.url).content.decode()
    # The objection button and the lookup link stay on screen, marked for print.
    assert re.search(
        r'<p class="no-print"><a class="button" href="[^"]+objection/">', html
    )
    assert re.search(
        r'<p class="no-print"><a href="/notices/objections/lookup/">', html
    )
    assert re.search(
        r'<section class="no-print" aria-labelledby="subscribe-heading">', html
    )
    assert 'class="skip-link"' in html and "<nav " in html


def test_print_footer_is_hidden_on_screen_and_scripts_are_files(client):
    page = make_notice_page()
    html = client.get(page.url).content.decode()
    footer = re.search(
        r'<div class="print-footer" hidden data-time-zone="Asia/Shanghai">(.*?)</div>',
        html,
        re.S,
    )
    assert footer, "no print-only footer"
    assert (
        f'<span class="print-url">http://testserver{page.url}</span>' in footer.group(1)
    )
    assert '<time class="print-date" datetime="2026-11-10">2026年11月10日</time>' in (
        footer.group(1)
    )
    # The strict CSP allows no inline script: every script is a same-origin file.
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert scripts
    assert all('src="/static/' in attrs and not body.strip() for attrs, body in scripts)
    assert '<script src="/static/js/print.js" defer></script>' in html
    assert finders.find("js/print.js")
