"""Demo content shared by the site: the pages every visitor starts from."""

from __future__ import annotations

from home.models import HomePage
from notices.models import CalculatorPage

CALCULATOR_INTRO = (
    "<p>输入公示开始日期和工作日数，即可按国务院办公厅公布的节假日安排"
    "（含调休上班日）计算公示期，并列出计入的每个工作日和跳过的每一天。</p>"
)


def home_page() -> HomePage:
    return HomePage.objects.get(depth=2)


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
