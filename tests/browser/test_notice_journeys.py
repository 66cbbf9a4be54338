"""Journey (issue 7, 1d): a city editor writes and submits a notice in the admin,
a city approver approves it, and it shows on the public site."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group

from home.roles import CITY_APPROVER, CITY_EDITOR
from notices.models import NoticeIndexPage, NoticePage
from parkregistry.models import Stage

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def make_user(django_user_model, name: str, group: str):
    user = django_user_model.objects.create_user(
        name, f"{name}@example.com", "pw-" + name
    )
    user.groups.add(Group.objects.get(name=group))
    return user


def log_in(page, base: str, name: str) -> None:
    page.goto(base + "/admin/login/")
    page.locator("#id_username").fill(name)
    page.locator("#id_password").fill("pw-" + name)
    with page.expect_navigation():
        page.locator("button[type=submit]").click()


def test_editor_submits_and_approver_publishes(
    demo_site, page, playwright_browser, shot, axe_check, django_user_model, today
):
    from tests.factories_notices import make_application

    make_user(django_user_model, "notice_editor", CITY_EDITOR)
    make_user(django_user_model, "notice_approver", CITY_APPROVER)
    app = make_application(name="晋中市测试浏览器人力资源服务产业园")
    index = NoticeIndexPage.objects.get()
    start = today + timedelta(days=7)

    # The city editor writes the notice and submits it for approval.
    log_in(page, demo_site, "notice_editor")
    page.goto(f"{demo_site}/admin/pages/add/notices/noticepage/{index.pk}/")
    page.locator("#id_title").fill("浏览器测试公示")
    page.locator("#id_candidates-ADD").click()
    page.locator("select[name='candidates-0-subject']").select_option(str(app.pk))
    page.locator("#id_start_date").fill(start.isoformat())
    page.locator("#id_working_days").fill("5")
    page.locator("#id_contact_unit").fill("晋中市人社局人力资源流动管理科")
    page.keyboard.press("Escape")  # close the date picker
    page.locator("#id_title").click()
    shot(page, "editor-fills-notice")
    assert page.locator("button[name='action-publish']").count() == 0
    page.locator("[data-w-dropdown-target='toggle']").last.click()
    with page.expect_navigation():
        page.locator("button[name='action-submit']").click()
    shot(page, "editor-submitted")
    notice = NoticePage.objects.get(title="浏览器测试公示")
    assert not notice.live
    assert notice.workflow_in_progress

    # The public does not see it yet.
    public = playwright_browser.new_context(locale="zh-CN")
    reader = public.new_page()
    reader.goto(demo_site + "/notices/")
    assert reader.get_by_text("浏览器测试公示").count() == 0

    # The approver approves it from the edit view.
    approver_context = playwright_browser.new_context(
        locale="zh-CN", viewport={"width": 1280, "height": 900}
    )
    approver = approver_context.new_page()
    log_in(approver, demo_site, "notice_approver")
    approver.goto(f"{demo_site}/admin/pages/{notice.pk}/edit/")
    shot(approver, "approver-reviews")
    approver.locator("[data-w-dropdown-target='toggle']").last.click()
    with approver.expect_navigation():
        approver.locator(
            "button[data-workflow-action-name='approve']"
            ":not([data-workflow-action-modal-url])"
        ).click()
    shot(approver, "approver-approved")
    notice.refresh_from_db()
    assert notice.live
    app.refresh_from_db()
    assert app.stage == Stage.IN_NOTICE

    # Now every reader sees it with its period and state.
    reader.goto(demo_site + "/notices/")
    reader.get_by_role("link", name="浏览器测试公示").click()
    reader.wait_for_load_state()
    assert reader.get_by_text("公示期为").first.is_visible()
    assert reader.get_by_text("未开始").first.is_visible()
    assert reader.get_by_text("晋中市测试浏览器人力资源服务产业园").is_visible()
    shot(reader, "public-notice")
    axe_check(reader, "new notice page")
    public.close()
    approver_context.close()


def test_public_notice_pages(demo_site, page, shot, axe_check):
    page.goto(demo_site + "/notices/")
    shot(page, "notice-index")
    axe_check(page, "notice index")
    page.get_by_role("link", name="2026年国庆期间").click()
    page.wait_for_load_state()
    assert page.get_by_text(
        "公示期为2026年9月28日至2026年10月13日（8个工作日）"
    ).is_visible()
    shot(page, "national-day-notice")
    axe_check(page, "closed notice page")
    page.goto(demo_site + "/notices/open-notice/")
    assert page.get_by_role("link", name="提出异议").is_visible()
    shot(page, "open-notice")
    axe_check(page, "open notice page")


def test_notice_page_on_a_phone(demo_site, mobile_page, shot, axe_check):
    mobile_page.goto(demo_site + "/notices/open-notice/")
    assert mobile_page.get_by_role("link", name="提出异议").is_visible()
    width = mobile_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    shot(mobile_page, "open-notice-mobile")
    axe_check(mobile_page, "open notice page (phone)")
