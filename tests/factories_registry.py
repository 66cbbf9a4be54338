"""Builders for registry tests (plain functions, no factory library)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from parkregistry.models import (
    Application,
    ApplicationSite,
    County,
    Park,
    RosterInstitution,
    Stage,
)


def county(code: str = "yuci") -> County:
    found = County.objects.filter(code=code).first()
    if found:
        return found
    return County.objects.order_by("sort_order").first()


def make_application(**kwargs) -> Application:
    kwargs.setdefault("county", county())
    kwargs.setdefault("name", f"人力资源服务产业园{Application.objects.count() + 1}")
    kwargs.setdefault("address", "晋中市榆次区示例路1号")
    kwargs.setdefault("stage", Stage.IN_NOTICE)
    sites = kwargs.pop("sites", [("核心园区", Decimal("3200"), True)])
    institutions = kwargs.pop("institutions", 10)
    app = Application.objects.create(**kwargs)
    for name, area, core in sites:
        ApplicationSite.objects.create(
            application=app, name=name, area_m2=area, is_core=core
        )
    for n in range(institutions):
        RosterInstitution.objects.create(
            application=app, name=f"机构{n + 1}", licence_no=f"L{n + 1:04d}"
        )
    return app


def make_park(**kwargs) -> Park:
    """A park entered through the service, as an approval would."""
    from parkregistry.services.approvals import enter_park

    approved_on = kwargs.pop("approved_on", date(2023, 6, 1))
    doc_no = kwargs.pop("doc_no", "市人社发〔2023〕1号")
    name = kwargs.pop("name", None)
    app = make_application(stage=Stage.APPROVED, **kwargs)
    return enter_park(app, name or f"晋中{app.name}", doc_no, approved_on)


def home_page():
    from home.models import HomePage

    return HomePage.objects.get(depth=2)


def add_page(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def make_closed_notice(app: Application, start: date = date(2024, 3, 4)):
    """A published notice listing ``app`` whose window closed long ago."""
    from notices.models import NoticeCandidate, NoticeIndexPage, NoticePage

    home = home_page()
    index = NoticeIndexPage.objects.first() or add_page(
        home, NoticeIndexPage(title="公示公告", slug="notices")
    )
    page = NoticePage(
        title=f"{app.name}公示",
        slug=f"notice-{app.pk}",
        start_date=start,
        working_days=5,
    )
    page.candidates.add(NoticeCandidate(subject=app))
    add_page(index, page)
    return page.candidates.first()
