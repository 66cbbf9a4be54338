"""Each role's admin home shows its work, with links to where it is done."""

from __future__ import annotations

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

#: Demo account, its password (README "Roles and demo accounts"), what its
#: dashboard must show from the demo data.
ROLES = [
    ("yuci_editor", "yuci-demo-2026", ["榆次区申报", "已被市局退回"]),
    ("city_editor", "city-editor-demo-2026", ["待市局审核", "可以认定"]),
    ("city_approver", "city-approver-demo-2026", ["待您审核的公示和决定", "认定"]),
    ("objection_handler", "objection-demo-2026", ["待办理的异议", "YY"]),
]


def log_in(page, base: str, name: str, password: str) -> None:
    page.goto(base + "/admin/login/")
    page.locator("#id_username").fill(name)
    page.locator("#id_password").fill(password)
    with page.expect_navigation():
        page.locator("button[type=submit]").click()


@pytest.mark.parametrize("name,password,expected", ROLES, ids=[r[0] for r in ROLES])
def test_each_role_sees_its_work_on_the_dashboard(
    demo_site, page, shot, name, password, expected
):
    log_in(page, demo_site, name, password)
    page.goto(demo_site + "/admin/")
    text = page.locator("main").inner_text()
    for words in expected:
        assert words in text, f"{name}: {words!r} not on the dashboard"
    assert "暂无待办事项" not in text
    # Every row of our panels links to where the work is done.
    links = page.locator("main table a[href^='/admin/']")
    assert links.count() > 0
    shot(page, f"dashboard-{name}")
