"""Real-browser fixtures: Debian's Chromium driven by Playwright, axe-core checks.

Screenshots of every journey go to ``screenshots/`` at the repository root
(``BROWSER_SCREENSHOTS`` overrides it) so a person can look at them.
"""

from __future__ import annotations

import os
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = Path(
    os.environ.get(
        "BROWSER_SCREENSHOTS", Path(__file__).resolve().parents[2] / "screenshots"
    )
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def playwright_browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: `make test` installs it (apt-get install chromium)."
        )
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def demo_site(live_server):
    """The live server with holidays and demo data loaded, as after `make run`."""
    call_command("load_demo_data", stdout=StringIO())
    return live_server.url


@pytest.fixture
def page(playwright_browser):
    context = playwright_browser.new_context(
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        viewport={"width": 1280, "height": 900},
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def mobile_page(playwright_browser):
    context = playwright_browser.new_context(
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def shot(request):
    """Save a full-page screenshot named after the test and a step name."""
    folder = SCREENSHOTS / re.sub(r"[^\w-]+", "_", request.node.name)
    folder.mkdir(parents=True, exist_ok=True)
    counter = iter(range(1, 100))

    def take(page, step: str) -> Path:
        path = folder / f"{next(counter):02d}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def axe_check():
    """Run axe-core on a page; fail on serious or critical violations."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page, label: str) -> None:
        results = axe.run(page)
        bad = [
            v
            for v in results.response["violations"]
            if v.get("impact") in ("serious", "critical")
        ]
        summary = [
            f"{v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(
                n["target"][0] if n.get("target") else "?" for n in v["nodes"][:3]
            )
            for v in bad
        ]
        assert not bad, f"{label}: " + " | ".join(summary)

    return check
