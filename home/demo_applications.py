"""Demo applications in every stage the intake side reaches, across counties.

Seven applications stand at 专家评审 (expert reviewed), each of a different
county, so the notices demo can list them on candidate notices (公示) and the
registry demo can approve them (确定). The others stand at 草稿, 初审, 审核,
不予认定 and 撤回. Every form is filled in; the eligible ones have at least
ten institutions on the roster. Moves go through ``move()`` so each one is
recorded with who made it. Safe to run twice: an application whose name exists
is kept as it is.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from parkregistry.models import County, Stage
from parkregistry.models.applications import (
    MATERIALS,
    Application,
    ApplicationSite,
    ExpertConclusion,
    RosterInstitution,
)
from parkregistry.services.applications import move

FILED_ON = date(2026, 9, 15)
# The experts met on this day (or today, loaded earlier: a review date is never
# in the future); every expert-reviewed demo application is recommended (建议认定),
# so the notices demo can list it.
EXPERT_REVIEW_ON = date(2026, 10, 20)

# A one-page PDF that says it is demo material.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R"
    b"/Resources<</Font<</F1 5 0 R>>>>>>endobj\n"
    b"4 0 obj<</Length 44>>stream\nBT /F1 24 Tf 72 760 Td (Demo material) Tj ET\n"
    b"endstream endobj\n5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)

ALL_SERVICES = (
    "svc_policy_consulting",
    "svc_information",
    "svc_registration",
    "svc_licensing",
    "svc_startup_guidance",
    "svc_fitout",
    "svc_property",
    "svc_platform",
    "svc_financing",
)
ALL_PUBLIC = ("ps_employment", "ps_training", "ps_social_security", "ps_personnel")

INSTITUTION_KINDS = (
    "人力资源有限公司",
    "人才服务有限公司",
    "劳务派遣有限公司",
    "职业技能培训学校",
    "企业管理咨询有限公司",
    "猎头服务有限公司",
    "人力资源外包服务有限公司",
    "就业服务有限公司",
)
TRADE_NAMES = (
    "晋才",
    "锦绣",
    "鑫源",
    "汇智",
    "中盛",
    "昌源",
    "德润",
    "百川",
    "瑞丰",
    "华誉",
    "恒通",
    "诚信",
    "博众",
    "宏达",
    "嘉业",
    "泰和",
)


def _roster(county: str, count: int, revenues_wan: list[int]):
    """``count`` institutions; revenues in 万元 for the first ones, 80–200万 after."""
    rows = []
    for n in range(count):
        wan = revenues_wan[n] if n < len(revenues_wan) else 80 + (n * 37) % 120
        rows.append(
            (
                f"{county}{TRADE_NAMES[n % len(TRADE_NAMES)]}"
                f"{INSTITUTION_KINDS[n % len(INSTITUTION_KINDS)]}",
                f"(晋)人服证字〔2022〕第{1400 + n * 7 + len(county)}号",
                Decimal(wan) * 10_000,
            )
        )
    return rows


# name, county code, target stage, extra form values, sites, roster
DEMO = [
    {
        "name": "晋中市榆次区人力资源服务产业园",
        "county": "yuci",
        "stage": Stage.EXPERT_REVIEWED,
        "address": "晋中市榆次区汇通路与迎宾街交叉口东南角",
        "contact_person": "张建国",
        "contact_phone": "0354-3021586",
        "ownership": "晋中市榆次区国有资本投资运营有限公司",
        "registered_on": date(2021, 6, 18),
        "investment_wan": Decimal("3860"),
        "land_area_m2": Decimal("12600"),
        "staff_count": 26,
        "construction_mode": "renovated",
        "sites": [("榆次区人力资源服务产业园", Decimal("6800"), True)],
        "roster": ("榆次", 16, [1280, 760, 620, 540, 410, 360]),
    },
    {
        "name": "太谷区人力资源服务产业园",
        "county": "taigu",
        "stage": Stage.EXPERT_REVIEWED,
        "address": "晋中市太谷区南环路6号",
        "contact_person": "李文华",
        "contact_phone": "0354-6236018",
        "ownership": "太谷区人力资源和社会保障局",
        "registered_on": date(2022, 3, 9),
        "investment_wan": Decimal("1520"),
        "land_area_m2": Decimal("5400"),
        "staff_count": 12,
        "construction_mode": "new",
        "sites": [("太谷区人力资源服务产业园", Decimal("3600"), True)],
        "roster": ("太谷", 12, [620, 580, 510, 320]),
    },
    {
        "name": "介休市人力资源服务产业园",
        "county": "jiexiu",
        "stage": Stage.EXPERT_REVIEWED,
        "address": "介休市北关街道顺城路12号",
        "contact_person": "王晓东",
        "contact_phone": "0354-7221390",
        "ownership": "介休市国有资产运营有限公司",
        "registered_on": date(2021, 11, 2),
        "investment_wan": Decimal("2150"),
        "land_area_m2": Decimal("7800"),
        "staff_count": 15,
        "construction_mode": "renovated",
        "sites": [
            ("介休市人力资源服务产业园", Decimal("2600"), True),
            ("介休市人力资源服务产业园义安分园", Decimal("1700"), False),
        ],
        "roster": ("介休", 13, [1080, 460, 390]),
    },
    {
        "name": "祁县人力资源服务产业园",
        "county": "qixian",
        "stage": Stage.EXPERT_REVIEWED,
        "address": "祁县昭馀镇晋商街88号",
        "contact_person": "赵志刚",
        "contact_phone": "0354-5221476",
        "ownership": "祁县人民政府",
        "registered_on": date(2022, 5, 20),
        "investment_wan": Decimal("980"),
        "land_area_m2": Decimal("4600"),
        "staff_count": 9,
        "construction_mode": "renovated",
        "sites": [("祁县人力资源服务产业园", Decimal("3050"), True)],
        "roster": ("祁县", 11, [360, 340, 330, 320, 310]),
    },
    {
        "name": "平遥县人力资源服务产业园",
        "county": "pingyao",
        "stage": Stage.EXPERT_REVIEWED,
        "address": "平遥县古陶镇中都路36号",
        "contact_person": "孙丽萍",
        "contact_phone": "0354-5682203",
        "ownership": "平遥县城乡建设投资有限公司",
        "registered_on": date(2021, 9, 1),
        "investment_wan": Decimal("2480"),
        "land_area_m2": Decimal("9200"),
        "staff_count": 17,
        "construction_mode": "new",
        "sites": [
            ("平遥县人力资源服务产业园", Decimal("2300"), True),
            ("平遥县人力资源服务产业园古城分园", Decimal("1200"), False),
            ("平遥县人力资源服务产业园洪善分园", Decimal("900"), False),
        ],
        "roster": ("平遥", 14, [980, 720, 560, 520]),
    },
    {
        "name": "灵石县人力资源服务产业园",
        "county": "lingshi",
        "stage": Stage.EXPERT_REVIEWED,
        "address": "灵石县翠峰镇新建街19号",
        "contact_person": "周海涛",
        "contact_phone": "0354-7723145",
        "ownership": "灵石县国有资本投资有限公司",
        "registered_on": date(2022, 1, 12),
        "investment_wan": Decimal("1760"),
        "land_area_m2": Decimal("6100"),
        "staff_count": 11,
        "construction_mode": "renovated",
        "sites": [("灵石县人力资源服务产业园", Decimal("3300"), True)],
        "roster": ("灵石", 10, [900, 700, 650, 600, 300]),
    },
    {
        "name": "晋中开发区人力资源服务产业园",
        "county": "kaifaqu",
        "stage": Stage.EXPERT_REVIEWED,
        "address": "晋中开发区汇通产业园区信息大道8号",
        "contact_person": "吴振宇",
        "contact_phone": "0354-3360712",
        "ownership": "晋中开发区管理委员会",
        "registered_on": date(2021, 4, 26),
        "investment_wan": Decimal("4200"),
        "land_area_m2": Decimal("15000"),
        "staff_count": 30,
        "construction_mode": "new",
        "sites": [("晋中开发区人力资源服务产业园", Decimal("8200"), True)],
        "roster": ("开发区", 18, [1650, 1120, 880, 760, 640, 520]),
    },
    {
        "name": "寿阳县人力资源服务产业园",
        "county": "shouyang",
        "stage": Stage.CITY_REVIEWED,
        "address": "寿阳县朝阳镇寿阳街56号",
        "contact_person": "郑秀英",
        "contact_phone": "0354-4521118",
        "ownership": "寿阳县人力资源和社会保障局",
        "registered_on": date(2023, 2, 14),
        "investment_wan": Decimal("860"),
        "land_area_m2": Decimal("4200"),
        "staff_count": 8,
        "construction_mode": "renovated",
        "sites": [("寿阳县人力资源服务产业园", Decimal("3100"), True)],
        # Revenue falls short of every alternative: the city proceeds with a reason.
        "roster": ("寿阳", 10, [420, 300, 260, 210]),
        "proceed_reason": "该园区营业收入暂未达到第九条第（三）项标准，但承担全县农村劳动力转移就业主要任务，"
        "经市局研究同意继续组织专家评审（原则上具备条件）。",
    },
    {
        "name": "昔阳县人力资源服务产业园",
        "county": "xiyang",
        "stage": Stage.COUNTY_REVIEWED,
        "address": "昔阳县乐平镇大寨路21号",
        "contact_person": "冯立军",
        "contact_phone": "0354-4152269",
        "ownership": "昔阳县国有资产经营有限公司",
        "registered_on": date(2023, 7, 3),
        "investment_wan": Decimal("1240"),
        "land_area_m2": Decimal("5100"),
        "staff_count": 10,
        "construction_mode": "new",
        "sites": [("昔阳县人力资源服务产业园", Decimal("3400"), True)],
        "roster": ("昔阳", 11, [560, 530, 505, 200]),
    },
    {
        "name": "晋中市榆次区人力资源服务产业园（数字经济分园）",
        "county": "yuci",
        "stage": Stage.DRAFT,
        "address": "晋中市榆次区大学城文华街15号",
        "contact_person": "陈思远",
        "contact_phone": "0354-3069925",
        "ownership": "晋中市榆次区国有资本投资运营有限公司",
        "registered_on": date(2024, 3, 28),
        "investment_wan": Decimal("1100"),
        "land_area_m2": Decimal("3800"),
        "staff_count": 7,
        "construction_mode": "renovated",
        "sites": [("数字经济分园", Decimal("2400"), True)],
        "roster": ("大学城", 6, [180, 150]),
        "materials": 2,
        # Submitted, then sent back by the city: a returned draft.
        "return_note": "申报材料不全，请补充可行性研究报告和入驻机构证明材料后重新上报。",
    },
    {
        "name": "和顺县人力资源服务产业园",
        "county": "heshun",
        "stage": Stage.DRAFT,
        "address": "和顺县义兴镇迎宾路7号",
        "contact_person": "褚国庆",
        "contact_phone": "0354-8432017",
        "ownership": "和顺县人力资源和社会保障局",
        "registered_on": date(2024, 8, 8),
        "investment_wan": Decimal("620"),
        "land_area_m2": Decimal("3200"),
        "staff_count": 6,
        "construction_mode": "renovated",
        "sites": [("和顺县人力资源服务产业园", Decimal("2850"), True)],
        "roster": ("和顺", 7, [120, 90]),
        "materials": 1,
    },
    {
        "name": "左权县人力资源服务产业园",
        "county": "zuoquan",
        "stage": Stage.REJECTED,
        "address": "左权县辽阳镇将军路30号",
        "contact_person": "卫红梅",
        "contact_phone": "0354-8621540",
        "ownership": "左权县城市建设投资有限公司",
        "registered_on": date(2023, 10, 16),
        "investment_wan": Decimal("540"),
        "land_area_m2": Decimal("2600"),
        "staff_count": 5,
        "construction_mode": "renovated",
        "sites": [("左权县人力资源服务产业园", Decimal("1800"), True)],
        "roster": ("左权", 8, [150, 120]),
        "reject_note": "建筑面积和入驻机构数量均未达到第九条规定，且无特殊情况，不予认定。",
    },
    {
        "name": "榆社县人力资源服务产业园",
        "county": "yushe",
        "stage": Stage.WITHDRAWN,
        "address": "榆社县箕城镇文峰街11号",
        "contact_person": "蒋志明",
        "contact_phone": "0354-6632281",
        "ownership": "榆社县人民政府",
        "registered_on": date(2024, 1, 5),
        "investment_wan": Decimal("700"),
        "land_area_m2": Decimal("3500"),
        "staff_count": 6,
        "construction_mode": "new",
        "sites": [("榆社县人力资源服务产业园", Decimal("3000"), True)],
        "roster": ("榆社", 10, [320, 310, 305, 302, 301]),
        "withdraw_note": "园区改造工程延期，申报单位申请撤回，待建成后重新申报。",
    },
]

# The path each target stage is reached by, with the opinion of each move.
PATH = [
    (Stage.COUNTY_REVIEWED, "经初审，材料齐全，情况属实，同意上报。"),
    (Stage.CITY_REVIEWED, "经审核，符合申报条件，同意组织专家评审。"),
    (Stage.EXPERT_REVIEWED, "专家组实地考察并评审，一致同意推荐。"),
]
ORDER = [Stage.DRAFT, Stage.COUNTY_REVIEWED, Stage.CITY_REVIEWED, Stage.EXPERT_REVIEWED]


def _user(username: str):
    return get_user_model().objects.filter(username=username).first()


def _create(spec: dict) -> Application:
    county = County.objects.get(code=spec["county"])
    values = {
        key: spec[key]
        for key in (
            "address",
            "contact_person",
            "contact_phone",
            "ownership",
            "registered_on",
            "investment_wan",
            "land_area_m2",
            "staff_count",
            "construction_mode",
        )
    }
    trade, count, revenues = spec["roster"]
    application = Application(
        county=county,
        name=spec["name"],
        applicant_unit=f"{'' if county.name.startswith('晋中') else '晋中市'}"
        f"{county.name}人力资源和社会保障局",
        filed_on=FILED_ON,
        institution_count=count,
        proceed_reason=spec.get("proceed_reason", ""),
        **values,
    )
    for field in ALL_SERVICES + ALL_PUBLIC:
        setattr(application, field, True)
    application.save()
    for n, (name, area, core) in enumerate(spec["sites"]):
        ApplicationSite.objects.create(
            application=application, name=name, area_m2=area, is_core=core, sort_order=n
        )
    for n, (name, licence, revenue) in enumerate(_roster(trade, count, revenues)):
        RosterInstitution.objects.create(
            application=application,
            name=name,
            licence_no=licence,
            revenue_yuan=revenue,
            operating=True,
            sort_order=n,
        )
    slots = [s for s in MATERIALS if s.required][: spec.get("materials", 6)]
    for slot in slots:
        getattr(application, slot.field).save(
            f"{slot.field}.pdf", ContentFile(DEMO_PDF), save=False
        )
    application.save()
    return application


def _advance(application: Application, spec: dict) -> None:
    county_user = _user(f"{spec['county']}_editor")
    city_user = _user("city_editor")
    target = spec["stage"]
    if target in ORDER:
        steps = PATH[: ORDER.index(target)]
    elif target == Stage.REJECTED:
        steps = PATH[:1]
    else:  # withdrawn from the city's review
        steps = PATH[:2]
    for stage, opinion in steps:
        user = county_user if stage == Stage.COUNTY_REVIEWED else city_user
        if stage == Stage.EXPERT_REVIEWED:
            application.refresh_from_db()
            application.judgement_planning = (
                "规划报告定位清晰、布局合理，符合全市人力资源服务业发展布局。"
            )
            application.judgement_management = (
                "设有园区管委会和专业运营机构，配备专职工作人员，管理制度完善。"
            )
            application.judgement_policies = (
                "当地出台房租补贴、引才奖励等扶持政策，设立专项扶持资金。"
            )
            application.judgement_social_benefit = (
                "常年开展公益招聘和技能培训，促进就业创业成效明显。"
            )
            application.save()
            move(
                application,
                stage,
                user=user,
                note=opinion,
                expert_review_date=min(EXPERT_REVIEW_ON, timezone.localdate()),
                expert_conclusion=ExpertConclusion.RECOMMENDED,
                expert_notes="园区规划科学，设施完善，产业集聚度较高，建议认定。",
            )
        else:
            move(application, stage, user=user, note=opinion)
    if target == Stage.DRAFT and spec.get("return_note"):
        move(application, Stage.COUNTY_REVIEWED, user=county_user, note=PATH[0][1])
        move(application, Stage.DRAFT, user=city_user, note=spec["return_note"])
    if target == Stage.REJECTED:
        move(application, Stage.REJECTED, user=city_user, note=spec["reject_note"])
    if target == Stage.WITHDRAWN:
        move(application, Stage.WITHDRAWN, user=city_user, note=spec["withdraw_note"])


def build(log) -> None:
    """Add the demo applications; safe to run twice."""
    for spec in DEMO:
        if Application.objects.filter(name=spec["name"]).exists():
            log(f"kept demo application {spec['name']}")
            continue
        application = _create(spec)
        _advance(application, spec)
        application.refresh_from_db()
        log(
            f"created demo application {application.name} "
            f"({application.county.name}, {application.get_stage_display()})"
        )
