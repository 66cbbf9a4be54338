"""Demo content shared by the site: the pages every visitor starts from."""

from __future__ import annotations

from datetime import datetime

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from wagtail.models import Page, PageLogEntry, Site

from home.models import HomePage
from notices.models import CalculatorPage

#: Where ``make run`` serves the demo (the Makefile's HOST).
DEMO_SITE_ADDRESS = "127.0.0.1:8000"
#: The address home/migrations/0002 gives the site before anyone sets it.
PLACEHOLDER_ADDRESS = ("localhost", 80)

CALCULATOR_INTRO = (
    "<p>输入公示开始日期和工作日数，即可按国务院办公厅公布的节假日安排"
    "（含调休上班日）计算公示期，并列出计入的每个工作日和跳过的每一天。</p>"
)


def home_page() -> HomePage:
    return HomePage.objects.get(depth=2)


def parse_address(address: str) -> tuple[str, int]:
    """``host:port`` (port 80 when left out) as (hostname, port)."""
    host, sep, port = address.strip().rpartition(":")
    if not sep:
        host, port = address.strip(), "80"
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise CommandError(
            _("The site address must look like 127.0.0.1:8000, not “%(value)s”.")
            % {"value": address}
        )
    return host, int(port)


def configure_site(address: str | None, log) -> None:
    """Point the default site at the demo's address, so that links built without
    a request (and Wagtail's "view live") name the server ``make run`` starts.

    Without ``address`` only the migration's placeholder (localhost:80) is
    replaced; a site someone has set up is kept.
    """
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        log("no default site: site address left alone")
        return
    if address is None:
        if (site.hostname, site.port) != PLACEHOLDER_ADDRESS:
            log(f"kept site address {site.hostname}:{site.port}")
            return
        address = DEMO_SITE_ADDRESS
    hostname, port = parse_address(address)
    if (site.hostname, site.port) != (hostname, port):
        site.hostname, site.port = hostname, port
        site.save()
    log(f"site address {hostname}:{port}")


def date_publication(page, moment: datetime) -> None:
    """Date a demo page's publication at its own date, not at the moment the
    demo was loaded: feeds, lists and Wagtail's admin (its history and "last
    updated") then show the dates the page's text gives."""
    Page.objects.filter(pk=page.pk).update(
        first_published_at=moment,
        last_published_at=moment,
        latest_revision_created_at=moment,
    )
    page.revisions.update(created_at=moment)
    PageLogEntry.objects.filter(page_id=page.pk).update(timestamp=moment)
    page.first_published_at = page.last_published_at = moment
    page.latest_revision_created_at = moment


def ensure_child(parent, model, slug: str, **fields):
    """Create a live child page once; running again leaves it as it is."""
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing:
        return existing, False
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page, True


def build_site_pages(log) -> None:
    home = home_page()
    _, created = ensure_child(
        home,
        CalculatorPage,
        "calculator",
        title="公示期计算器",
        intro=CALCULATOR_INTRO,
        show_in_menus=True,
        search_description="按工作日计算公示期，自动跳过法定节假日、计入调休上班日。",
    )
    log(("created" if created else "kept") + " calculator page")
