"""Builders for notice tests: applications at a stage, the index, notice pages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from home.models import HomePage
from notices.models import NoticeCandidate, NoticeIndexPage, NoticePage
from parkregistry.models import (
    Application,
    ApplicationSite,
    County,
    RosterInstitution,
    Stage,
)
from parkregistry.models.stages import ExpertConclusion

_counter = iter(range(1, 10_000))


def make_application(**kwargs) -> Application:
    """An application (expert-reviewed and recommended by default) with one site
    and 10 institutions."""
    n = next(_counter)
    kwargs.setdefault("county", County.objects.order_by("pk").first())
    kwargs.setdefault("name", f"测试人力资源服务产业园{n}")
    kwargs.setdefault("address", f"测试路{n}号")
    kwargs.setdefault("stage", Stage.EXPERT_REVIEWED)
    if kwargs["stage"] in (Stage.EXPERT_REVIEWED, Stage.IN_NOTICE, Stage.APPROVED):
        # Only what the experts recommend (建议认定) may be listed on a notice.
        kwargs.setdefault("expert_review_date", date(2026, 10, 20))
        kwargs.setdefault("expert_conclusion", ExpertConclusion.RECOMMENDED)
    for field in ("ps_employment", "ps_training", "ps_social_security", "ps_personnel"):
        if any(f.name == field for f in Application._meta.get_fields()):
            kwargs.setdefault(field, True)
    app = Application.objects.create(**kwargs)
    ApplicationSite.objects.create(
        application=app, name="核心园区", area_m2=Decimal("3500"), is_core=True
    )
    for i in range(10):
        RosterInstitution.objects.create(
            application=app,
            name=f"机构{n}-{i}",
            licence_no=f"L{n}-{i}",
            revenue_yuan=Decimal("6000000"),
        )
    return app


def notice_index() -> NoticeIndexPage:
    """The /notices/ index (and a policy version in force today, as in the demo)."""
    from home.demo_bench import ensure_demo_policy

    ensure_demo_policy(lambda *args: None)
    home = HomePage.objects.get(depth=2)
    existing = NoticeIndexPage.objects.child_of(home).first()
    if existing:
        return existing
    index = NoticeIndexPage(title="公示公告", slug="notices")
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


def make_notice_page(
    *, publish: bool = True, applications=None, **kwargs
) -> NoticePage:
    """A notice under the index; published (moving its candidates) unless told not to."""
    n = next(_counter)
    kwargs.setdefault("title", f"测试公示{n}")
    kwargs.setdefault("slug", f"notice-{n}")
    kwargs.setdefault("start_date", date(2026, 9, 28))
    kwargs.setdefault("working_days", 5)
    kwargs.setdefault("contact_unit", "晋中市人社局")
    if applications is None:
        applications = [make_application()]
    kwargs.setdefault("live", publish)
    page = NoticePage(
        candidates=[NoticeCandidate(subject=a) for a in applications], **kwargs
    )
    notice_index().add_child(instance=page)
    if publish:
        page.save_revision().publish()
    else:
        page.save_revision()
    return NoticePage.objects.get(pk=page.pk)


def notice_form_data(page: NoticePage, **overrides) -> dict:
    """The edit form of ``page`` as the admin posts it, with ``overrides``."""
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    fields = {
        "title": page.title,
        "slug": page.slug,
        "intro": rich_text(""),
        "start_date": page.start_date.isoformat(),
        "working_days": str(page.working_days),
        "closing_time": "",
        "contact_unit": page.contact_unit,
        "contact_address": "",
        "contact_phone": "",
        "contact_email": "",
        "candidates": inline_formset(
            [{"id": c.pk, "subject": c.subject_id} for c in page.candidates.all()]
        ),
        "comments": inline_formset([]),
    }
    fields.update(overrides)
    return nested_form_data(fields)
