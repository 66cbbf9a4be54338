"""Demo records of the registry: parks approved 2023–2025, three years of
evaluations with every Art. 25 consequence, subsidies, and the decisions.

Safe to run twice: a park or page that exists is kept as it is.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

from django.utils import timezone

from home.demo import date_publication, ensure_child, home_page
from notices.services.workflow import ensure_publication_workflow
from parkregistry.models import (
    AnnualTask,
    Application,
    ApplicationSite,
    County,
    DecisionIndexPage,
    DecisionKind,
    DecisionPage,
    Evaluation,
    Park,
    RegistryIndexPage,
    RosterInstitution,
    Stage,
)
from parkregistry.services.approvals import enter_park
from parkregistry.services.evaluations import record_evaluation, record_rectification
from parkregistry.services.history import history_dated
from parkregistry.services.subsidies import record_subsidy

REGISTRY_INTRO = (
    "<p>经晋中市人力资源和社会保障局认定的市级人力资源服务产业园名录，"
    "含认定文号、考核评估等次、整改、补助和取消资格情况。可按县（市、区）、状态、"
    "最近考核等次和认定年份筛选，也可查看任一日期的名录，并下载开放数据。</p>"
)
DECISIONS_INTRO = "<p>市人社局关于市级人力资源服务产业园的认定批复、考核结果通报、通报表扬和取消资格决定。</p>"

# The city's tasks per year (persons): urban new employment, rural labour transfer.
TASKS = {2023: (45000, 30000), 2024: (46000, 30000), 2025: (46000, 31000)}

# name, county code, approval date, doc no, operator, core area, sub-sites
PARKS = [
    (
        "晋中榆次人力资源服务产业园",
        "yuci",
        date(2023, 3, 20),
        "市人社发〔2023〕8号",
        "晋中市榆次区人力资源服务有限公司",
        "6200",
        ["晋中榆次人力资源服务产业园东区"],
    ),
    (
        "晋中介休人力资源服务产业园",
        "jiexiu",
        date(2023, 3, 20),
        "市人社发〔2023〕8号",
        "介休市人才发展集团有限公司",
        "3600",
        [],
    ),
    (
        "晋中平遥人力资源服务产业园",
        "pingyao",
        date(2023, 3, 20),
        "市人社发〔2023〕8号",
        "平遥县人力资源开发有限公司",
        "3300",
        [],
    ),
    (
        "晋中太谷人力资源服务产业园",
        "taigu",
        date(2023, 3, 20),
        "市人社发〔2023〕8号",
        "太谷区就业服务有限公司",
        "2400",
        ["晋中太谷人力资源服务产业园北园"],
    ),
    (
        "晋中开发区人力资源服务产业园",
        "kaifaqu",
        date(2024, 4, 16),
        "市人社发〔2024〕11号",
        "晋中开发区人才服务有限公司",
        "5100",
        [],
    ),
    (
        "晋中寿阳人力资源服务产业园",
        "shouyang",
        date(2025, 5, 12),
        "市人社发〔2025〕9号",
        "寿阳县人力资源服务有限公司",
        "3100",
        [],
    ),
]

SERVICES = "政策咨询\n职业介绍\n人力资源培训\n人才测评\n劳务派遣\n人力资源服务外包"

# park name -> year -> (grade, persons placed, rectification result or "")
GRADES = {
    "晋中榆次人力资源服务产业园": {
        2023: ("优秀", 9800, ""),
        2024: ("合格", 8100, ""),
        2025: ("优秀", 10400, ""),
    },
    "晋中介休人力资源服务产业园": {
        2023: ("合格", 7800, ""),
        2024: ("不合格", 5200, "整改合格"),
        2025: ("合格", 7900, ""),
    },
    "晋中平遥人力资源服务产业园": {
        2023: ("合格", 7700, ""),
        2024: ("不合格", 4100, "整改后仍不合格"),
        2025: ("合格", 7800, ""),
    },
    "晋中太谷人力资源服务产业园": {
        2023: ("不合格", 3900, "整改合格"),
        2024: ("不合格", 3500, ""),
    },
    "晋中开发区人力资源服务产业园": {
        2024: ("合格", 7900, ""),
        2025: ("合格", 8300, ""),
    },
    "晋中寿阳人力资源服务产业园": {2025: ("合格", 7750, "")},
}

NOTES = {
    "优秀": (
        "入驻企业营业收入稳步增长，新引进机构3家。",
        "全年促进就业超过任务要求，引进高层次人才。",
        "运营机构健全，安全管理制度完善。",
    ),
    "合格": ("入驻企业经营基本稳定。", "完成促进就业任务。", "运营管理基本规范。"),
    "不合格": (
        "入驻机构数量下降，营业收入下滑。",
        "促进就业人数未达到要求。",
        "运营管理机构人员不足，台账不全。",
    ),
}


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def _application(name, county, address, core_area, sub_sites) -> Application:
    app = Application.objects.filter(name=name.removeprefix("晋中")).first()
    if app:
        return app
    app = Application.objects.create(
        county=county,
        name=name.removeprefix("晋中"),
        address=address,
        stage=Stage.APPROVED,
    )
    ApplicationSite.objects.create(
        application=app,
        name=name,
        address=address,
        area_m2=Decimal(core_area),
        is_core=True,
    )
    for n, sub in enumerate(sub_sites):
        ApplicationSite.objects.create(
            application=app,
            name=sub,
            address=address,
            area_m2=Decimal("1800"),
            sort_order=n + 1,
        )
    for n in range(12):
        RosterInstitution.objects.create(
            application=app,
            name=f"{county.name}示例人力资源服务机构{n + 1:02d}",
            licence_no=f"14070{n:02d}2023{n:04d}",
            revenue_yuan=Decimal(3_200_000 + n * 250_000),
            sort_order=n,
        )
    return app


def build_parks(log) -> list[Park]:
    parks = []
    for name, code, approved_on, doc_no, operator, core, subs in PARKS:
        existing = Park.objects.filter(name=name).first()
        if existing:
            parks.append(existing)
            continue
        county = County.objects.get(code=code)
        address = f"晋中市{county.name}人力资源服务产业园区1号"
        app = _application(name, county, address, core, subs)
        with history_dated(_at(approved_on)):
            park = enter_park(app, name, doc_no, approved_on)
        Park.objects.filter(pk=park.pk).update(operator=operator, services=SERVICES)
        park.history.filter(history_type="+").update(
            operator=operator, services=SERVICES
        )
        parks.append(park)
        log(f"entered {name} in the registry")
    return parks


def build_years(log) -> None:
    for year, (urban, rural) in TASKS.items():
        AnnualTask.objects.get_or_create(
            year=year,
            defaults={
                "urban_new_employment": urban,
                "rural_labour_transfer": rural,
                "source": f"晋中市{year}年就业工作目标任务（演示数据）",
            },
        )
    for year in (2023, 2024, 2025):
        held_on = date(year + 1, 2, 26)
        for name, grades in GRADES.items():
            if year not in grades:
                continue
            park = Park.objects.get(name=name)
            if Evaluation.objects.filter(park=park, year=year).exists():
                continue
            grade, placed, rect = grades[year]
            notes = NOTES[grade]
            with history_dated(_at(held_on)):
                ev = record_evaluation(
                    park,
                    year,
                    grade,
                    held_on,
                    rectification_deadline=date(year + 1, 5, 31)
                    if grade == "不合格"
                    else None,
                    economic_development=notes[0],
                    role_played=notes[1],
                    operation_management=notes[2],
                )
            with history_dated(_at(date(year + 1, 3, 10))):
                record_subsidy(park, year, placed)
            if rect:
                with history_dated(_at(date(year + 1, 6, 5))):
                    record_rectification(ev, rect, date(year + 1, 6, 5))
            log(f"graded {name} {year}: {grade}{'，' + rect if rect else ''}")


# A revocation states the facts and the basis (its notice of remedies is added
# by the page template).
BODIES = {
    "revocation-taigu": (
        "<p>晋中太谷人力资源服务产业园2023年度考核评估结果为不合格等次，经限期整改后"
        "整改合格；2024年度考核评估结果再次为不合格等次（市人社函〔2025〕18号通报），"
        "连续两次考核评估为不合格等次。</p>"
        "<p>依据《市级人力资源服务产业园管理办法（试行）》第二十五条第（三）项"
        "“连续两次考核评估为不合格等次的，取消市级人力资源服务产业园资格”的规定，"
        "决定取消晋中太谷人力资源服务产业园市级人力资源服务产业园资格。</p>"
    ),
}


def build_decisions(log) -> None:
    home = home_page()
    registry, created = ensure_child(
        home,
        RegistryIndexPage,
        "registry",
        title="园区名录",
        intro=REGISTRY_INTRO,
        show_in_menus=True,
        search_description="市级人力资源服务产业园名录：认定、考核、整改、补助和取消资格情况。",
    )
    log(("created" if created else "kept") + " registry page")
    index, created = ensure_child(
        home,
        DecisionIndexPage,
        "decisions",
        title="决定公告",
        intro=DECISIONS_INTRO,
        show_in_menus=True,
        search_description="认定批复、考核结果通报、通报表扬和取消资格决定。",
    )
    log(("created" if created else "kept") + " decision index")
    ensure_publication_workflow(index)

    def parks_approved(doc_no):
        return list(Park.objects.filter(approval_doc_no=doc_no))

    decisions = [
        (
            "approval-2023",
            "关于认定首批市级人力资源服务产业园的批复",
            DecisionKind.APPROVAL,
            "市人社发〔2023〕8号",
            date(2023, 3, 20),
            None,
            parks_approved("市人社发〔2023〕8号"),
        ),
        (
            "approval-2024",
            "关于认定晋中开发区人力资源服务产业园为市级人力资源服务产业园的批复",
            DecisionKind.APPROVAL,
            "市人社发〔2024〕11号",
            date(2024, 4, 16),
            None,
            parks_approved("市人社发〔2024〕11号"),
        ),
        (
            "approval-2025",
            "关于认定晋中寿阳人力资源服务产业园为市级人力资源服务产业园的批复",
            DecisionKind.APPROVAL,
            "市人社发〔2025〕9号",
            date(2025, 5, 12),
            None,
            parks_approved("市人社发〔2025〕9号"),
        ),
        (
            "results-2023",
            "2023年度市级人力资源服务产业园考核评估结果通报",
            DecisionKind.RESULTS,
            "市人社函〔2024〕21号",
            date(2024, 3, 15),
            2023,
            [],
        ),
        (
            "commendation-2023",
            "关于对2023年度考核评估优秀的市级人力资源服务产业园予以通报表扬的通报",
            DecisionKind.COMMENDATION,
            "市人社函〔2024〕22号",
            date(2024, 3, 15),
            2023,
            [],
        ),
        (
            "results-2024",
            "2024年度市级人力资源服务产业园考核评估结果通报",
            DecisionKind.RESULTS,
            "市人社函〔2025〕18号",
            date(2025, 3, 14),
            2024,
            [],
        ),
        (
            "revocation-taigu",
            "关于取消晋中太谷人力资源服务产业园市级人力资源服务产业园资格的决定",
            DecisionKind.REVOCATION,
            "市人社发〔2025〕15号",
            date(2025, 3, 28),
            None,
            list(Park.objects.filter(name="晋中太谷人力资源服务产业园")),
        ),
        (
            "results-2025",
            "2025年度市级人力资源服务产业园考核评估结果通报",
            DecisionKind.RESULTS,
            "市人社函〔2026〕16号",
            date(2026, 3, 13),
            2025,
            [],
        ),
        (
            "commendation-2025",
            "关于对2025年度考核评估优秀的市级人力资源服务产业园予以通报表扬的通报",
            DecisionKind.COMMENDATION,
            "市人社函〔2026〕17号",
            date(2026, 3, 13),
            2025,
            [],
        ),
    ]
    for slug, title, kind, doc_no, day, year, parks in decisions:
        if DecisionPage.objects.child_of(index).filter(slug=slug).exists():
            continue
        page = DecisionPage(
            slug=slug,
            title=title,
            kind=kind,
            doc_no=doc_no,
            decision_date=day,
            year=year,
            body=BODIES.get(slug, f"<p>{title}。</p>"),
        )
        page.parks = parks
        index.add_child(instance=page)
        with history_dated(_at(day)):
            page.save_revision().publish()
        date_publication(page, _at(day))
        log(f"published decision {title}")


def build(log) -> None:
    """Add the registry demo records; safe to run twice."""
    build_parks(log)
    build_years(log)
    build_decisions(log)
