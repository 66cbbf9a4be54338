"""Demo notices (built by load_demo_data; safe to run twice).

The index at /notices/ with the publication workflow, and notices in every state:
open, upcoming, closed without objections, closed with objections (a few
synthetic objection rows, receipt numbers YY2026-9xxxxx), and one whose window
crosses 国庆 2026 with the makeup Saturday 2026-10-10. Dates are relative to today
(except the 国庆 one) so the states stay right whenever the demo is loaded; loaded
again on a later day, it adds a new open or upcoming notice when the earlier one
has moved on. A year without an official arrangement gets a marked demo one
(notices.services.demo_calendar).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from home.demo import date_publication, ensure_child, home_page
from notices.models import (
    Finding,
    NoticeCandidate,
    NoticeIndexPage,
    NoticePage,
    Objection,
    ObjectionStatus,
    ObjectorKind,
)
from notices.rules.workingdays import SHANGHAI, WindowState
from notices.services.demo_calendar import ensure_demo_years
from notices.services.windows import recompute_windows
from notices.services.workflow import ensure_publication_workflow
from parkregistry.models import (
    Application,
    ApplicationSite,
    County,
    RosterInstitution,
    Stage,
)
from parkregistry.models.stages import ExpertConclusion

# The demo's notices reach from this many days back to this many days ahead
# (the upcoming one starts in 14 days and runs 5 working days, even over 春节).
DEMO_PAST_DAYS = 90
DEMO_FUTURE_DAYS = 45

INDEX_INTRO = (
    "<p>依据《市级人力资源服务产业园管理办法（试行）》第十条，对拟认定的市级人力资源"
    "服务产业园进行公示。公示期内，任何单位和个人均可实名提出异议。</p>"
)
NOTICE_INTRO = (
    "<p>根据《市级人力资源服务产业园管理办法（试行）》，经县级人社部门初审、市人社局审核"
    "和专家评估，现将拟认定的市级人力资源服务产业园名单予以公示。公示期内如有异议，"
    "请以实名方式在线提交或书面反映。</p>"
)
CONTACT = {
    "contact_unit": "晋中市人力资源和社会保障局人力资源流动管理科（演示）",
    "contact_address": "晋中市榆次区（演示地址）",
    "contact_phone": "0354-0000000",
    "contact_email": "demo-notices@example.invalid",
}

DEMO_COUNTIES = ["榆次区", "太谷区", "介休市", "平遥县", "灵石县", "寿阳县", "祁县"]


def _make_application(county_name: str, n: int):
    """A minimal expert-reviewed application the experts recommend (建议认定),
    reviewed before the demo's earliest notice (used only when none is left)."""
    county = County.objects.filter(name=county_name).first() or County.objects.first()
    name = f"{county.name}人力资源服务产业园（演示{n}）"
    app = Application.objects.filter(name=name).first()
    if app:
        return app
    # The four public-service functions of Art. 9(3), where the form has them.
    ticks = {
        f: True
        for f in ("ps_employment", "ps_training", "ps_social_security", "ps_personnel")
        if any(field.name == f for field in Application._meta.get_fields())
    }
    app = Application.objects.create(
        county=county,
        name=name,
        address=f"晋中市{county.name}演示路{n}号",
        stage=Stage.EXPERT_REVIEWED,
        expert_review_date=timezone.localdate() - timedelta(days=DEMO_PAST_DAYS + 10),
        expert_conclusion=ExpertConclusion.RECOMMENDED,
        institution_count=10,
        **ticks,
    )
    ApplicationSite.objects.create(
        application=app,
        name=app.name,
        address=app.address,
        area_m2=Decimal("3600"),
        is_core=True,
    )
    for i in range(1, 11):
        RosterInstitution.objects.create(
            application=app,
            name=f"演示人力资源服务机构{n}-{i:02d}",
            licence_no=f"演示许可{n:02d}{i:02d}",
            revenue_yuan=Decimal("6000000") if i <= 3 else Decimal("800000"),
            operating=True,
        )
    return app


def _free_applications(count: int, log) -> list:
    free = list(
        Application.objects.filter(
            stage=Stage.EXPERT_REVIEWED,
            expert_conclusion=ExpertConclusion.RECOMMENDED,
            notice_candidates=None,
        )
        .select_related("county")
        .order_by("pk")[:count]
    )
    n = 1
    while len(free) < count:
        app = _make_application(DEMO_COUNTIES[(n - 1) % len(DEMO_COUNTIES)], n)
        if (
            app.stage == Stage.EXPERT_REVIEWED
            and app.expert_conclusion == ExpertConclusion.RECOMMENDED
            and not app.notice_candidates.exists()
        ):
            if app not in free:
                free.append(app)
                log(f"created demo application {app.name}")
        n += 1
        if n > 50:  # pragma: no cover - safety net
            break
    return free


def _publish(page, published_at: datetime | None) -> None:
    """Publish the page; for a notice that started in the past, date it back."""
    page.save_revision().publish()
    if published_at is not None:
        date_publication(page, published_at)


def _notice(index, slug, title, start, days, n_candidates, log, *, published_at=None):
    existing = NoticePage.objects.child_of(index).filter(slug=slug).first()
    if existing:
        log(f"kept notice {slug}")
        return existing.specific, False
    apps = _free_applications(n_candidates, log)
    page = NoticePage(
        title=title,
        slug=slug,
        intro=NOTICE_INTRO,
        start_date=start,
        working_days=days,
        candidates=[NoticeCandidate(subject=a) for a in apps],
        **CONTACT,
    )
    index.add_child(instance=page)
    _publish(page, published_at)
    log(f"created notice {slug} ({start}, {days} working days)")
    return page, True


def _current_notice(index, slug, state, title, start, days, n, log, **kwargs):
    """A notice in ``state`` now: the demo one of that name if it still is, else a
    new one dated from today (after the demo was loaded on an earlier day)."""
    kept = [
        p
        for p in NoticePage.objects.child_of(index).filter(slug__startswith=slug)
        if p.state() == state
    ]
    if kept:
        log(f"kept notice {kept[0].slug}")
        return kept[0]
    if NoticePage.objects.child_of(index).filter(slug=slug).exists():
        slug = f"{slug}-{start:%Y%m%d}"
    page, _ = _notice(index, slug, title, start, days, n, log, **kwargs)
    return page


def _morning(day: date) -> datetime:
    return datetime.combine(day, time(8, 30), tzinfo=SHANGHAI)


def _demo_objections(page) -> None:
    """Two obviously synthetic objections, closed: one not sustained, one not accepted."""
    window = page.window()
    submitted = window.opens_at + timedelta(days=1)
    candidate = page.candidates.first()
    rows = [
        (
            "YY2026-900001",
            {
                "status": ObjectionStatus.CLOSED,
                "finding": Finding.NOT_SUSTAINED,
                "reply": "经核查，所反映的入驻机构数量问题与实际情况不符，异议不成立。（演示数据）",
            },
        ),
        (
            "YY2026-900002",
            {
                "status": ObjectionStatus.NOT_ACCEPTED,
                "finding": Finding.NONE,
                "reply": "异议未提供具体事实，不予受理。（演示数据）",
            },
        ),
    ]
    for receipt_no, fields in rows:
        if Objection.objects.filter(receipt_no=receipt_no).exists():
            continue
        Objection.objects.create(
            notice=page,
            candidate=candidate,
            receipt_no=receipt_no,
            code_hash="!demo-objection-without-query-code",
            kind=ObjectorKind.INDIVIDUAL,
            name="演示异议人",
            phone="13800000000",
            content="（演示数据）这是一条虚构的异议内容，用于展示公示结果。",
            submitted_at=submitted,
            replied_at=submitted + timedelta(days=2),
            closed_at=submitted + timedelta(days=3),
            **fields,
        )


def build(log) -> None:
    """Add the demo notice index and notices; safe to run twice."""
    index, created = ensure_child(
        home_page(),
        NoticeIndexPage,
        "notices",
        title="公示公告",
        intro=INDEX_INTRO,
        show_in_menus=True,
        search_description="拟认定市级人力资源服务产业园公示，公示期内可在线提出异议。",
    )
    log(("created" if created else "kept") + " notice index /notices/")
    ensure_publication_workflow(index)

    today = timezone.localdate()
    # Whatever the date, the demo needs years it can count in: a year without an
    # official arrangement gets a marked demo one (never in production).
    ensure_demo_years(
        range(
            (today - timedelta(days=DEMO_PAST_DAYS)).year,
            (today + timedelta(days=DEMO_FUTURE_DAYS)).year + 1,
        ),
        log,
    )
    _current_notice(
        index,
        "open-notice",
        WindowState.OPEN,
        f"{today.year}年第二批拟认定市级人力资源服务产业园公示（演示）",
        today - timedelta(days=1),
        10,
        2,
        log,
        published_at=_morning(today - timedelta(days=1)),
    )
    _current_notice(
        index,
        "upcoming-notice",
        WindowState.UPCOMING,
        f"{today.year}年第三批拟认定市级人力资源服务产业园公示（演示）",
        today + timedelta(days=14),
        5,
        1,
        log,
    )
    _notice(
        index,
        "closed-notice",
        f"{today.year}年第一批拟认定市级人力资源服务产业园公示（演示）",
        today - timedelta(days=60),
        5,
        1,
        log,
        published_at=_morning(today - timedelta(days=60)),
    )
    with_objections, _ = _notice(
        index,
        "closed-notice-with-objections",
        f"{today.year}年第一批拟认定市级人力资源服务产业园补充公示（演示）",
        today - timedelta(days=40),
        5,
        1,
        log,
        published_at=_morning(today - timedelta(days=40)),
    )
    _demo_objections(with_objections)
    _notice(
        index,
        "national-day-2026-notice",
        "2026年国庆期间拟认定市级人力资源服务产业园公示（演示，跨国庆假期）",
        date(2026, 9, 28),
        8,
        1,
        log,
        published_at=_morning(date(2026, 9, 27)),
    )
    # Publications dated back above bypass save(): store the windows afresh.
    recompute_windows(NoticePage.objects.child_of(index))
