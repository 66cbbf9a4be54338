"""POST /api/eligibility and GET /api/subsidy/operating under the 2022 version."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

import pytest

from parkregistry.rules.eligibility import PUBLIC_SERVICES

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u4e00-\u9fff]")
IN_FORCE_2022 = "2023-06-01"


def institutions(*revenues: Any, count: int = 10) -> list[dict[str, Any]]:
    values = list(revenues) + [0] * max(0, count - len(revenues))
    return [
        {"name": f"机构{n + 1}", "licence_no": f"L{n + 1:03d}", "revenue_yuan": v}
        for n, v in enumerate(values)
    ]


def body(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "date": IN_FORCE_2022,
        "sites": [{"name": "主园区", "area_m2": 3000, "core": True}],
        "institutions": institutions(*([3_000_000] * 10)),
        "public_services": list(PUBLIC_SERVICES),
    }
    data.update(overrides)
    return data


def post(client, data: Any, raw: str | None = None):
    payload = raw if raw is not None else json.dumps(data, ensure_ascii=False)
    return client.post("/api/eligibility", payload, content_type="application/json")


def criterion(response, key: str) -> dict[str, Any]:
    return next(c for c in response.json()["criteria"] if c["key"] == key)


def test_eligible_application_full_response(client):
    response = post(client, body())
    assert response.status_code == 200
    data = response.json()
    assert data["policy"] == {
        "title": "市级人力资源服务产业园管理办法（试行）",
        "doc_no": "",
    }
    assert data["eligible"] is True
    assert [c["key"] for c in data["criteria"]] == [
        "sites",
        "institutions",
        "revenue",
        "public_services",
        "planning",
        "management",
        "policies",
        "social_benefit",
    ]
    assert [c["result"] for c in data["criteria"]] == ["pass"] * 4 + ["judgement"] * 4
    assert criterion(response, "sites") == {
        "key": "sites",
        "article": "第九条第（二）项",
        "result": "pass",
        "detail": "单一园区建筑面积3000平方米（要求不少于3000平方米）",
    }
    assert all(CJK.search(c["detail"]) for c in data["criteria"])


def S(area: Any, core: bool = False, name: str = "园区") -> dict[str, Any]:
    return {"name": name, "area_m2": area, "core": core}


@pytest.mark.parametrize(
    ("sites", "expected"),
    [
        ([S(2999, True)], "fail"),
        ([S(2999.99, True)], "fail"),
        ([S(3000, True)], "pass"),
        ([S(3000.0)], "pass"),
        ([S(1999, True), S(2001)], "fail"),
        ([S(2000, True), S(2000)], "pass"),
        ([S(2000, True), S(1999)], "fail"),
        ([S(2000, True), S(1999.99)], "fail"),
        ([S(2000, True), S(1000), S(500), S(500)], "pass"),
        ([S(2000, True), S(1000), S(500), S(400), S(100)], "fail"),
        ([S(3000), S(3000)], "fail"),
        ([S(3000, True), S(3000, True)], "fail"),
        ([], "fail"),
    ],
)
def test_sites_boundaries_through_the_api(client, sites, expected):
    response = post(client, body(sites=sites))
    assert response.status_code == 200
    assert criterion(response, "sites")["result"] == expected
    assert response.json()["eligible"] is (expected == "pass")


@pytest.mark.parametrize(
    ("count", "expected"), [(9, "fail"), (10, "pass"), (11, "pass")]
)
def test_institution_count_through_the_api(client, count, expected):
    roster = institutions(*([10_000_001] * count), count=count)
    response = post(client, body(institutions=roster))
    assert criterion(response, "institutions")["result"] == expected
    assert criterion(response, "institutions")["detail"].startswith(
        f"持有人力资源服务许可证或备案凭证的入驻机构{count}家（要求不少于10家）"
    )


@pytest.mark.parametrize("blank", ["", "  ", None, "absent"])
def test_institution_without_licence_does_not_count(client, blank):
    roster = institutions(*([3_000_000] * 10))
    if blank == "absent":
        del roster[0]["licence_no"]
    else:
        roster[0]["licence_no"] = blank
    response = post(client, body(institutions=roster))
    assert response.status_code == 200
    assert criterion(response, "institutions")["result"] == "fail"
    assert "机构1" in criterion(response, "institutions")["detail"]


@pytest.mark.parametrize(
    ("revenues", "expected"),
    [
        ([3_000_000] * 9 + [2_999_999.99], "fail"),
        ([3_000_000] * 10, "pass"),
        ([5_000_000] * 3, "fail"),
        ([5_000_000.01] * 2 + [5_000_000], "fail"),
        ([5_000_000.01] * 3, "pass"),
        ([3_000_000.01] * 4, "fail"),
        ([3_000_000.01] * 5, "pass"),
        ([10_000_000], "fail"),
        ([10_000_000.01], "pass"),
    ],
)
def test_revenue_boundaries_through_the_api(client, revenues, expected):
    response = post(client, body(institutions=institutions(*revenues)))
    assert response.status_code == 200
    assert criterion(response, "revenue")["result"] == expected


def test_revenue_detail_through_the_api(client):
    response = post(client, body(institutions=institutions(*([5_000_000.01] * 3))))
    detail = criterion(response, "revenue")["detail"]
    assert "营业收入超过500万元的机构3家（要求不少于3家）" in detail
    assert "合计1500.000003万元（要求达3000万元以上）" in detail


def test_revenue_total_is_exact_not_float(client):
    # 0.1 + 0.2 in binary floating point is 0.30000000000000004.
    roster = institutions(*([3_000_000] * 8), 0.1, 0.2)
    response = post(client, body(institutions=roster))
    assert "合计2400.00003万元" in criterion(response, "revenue")["detail"]
    roster = institutions(*([3_000_000] * 9), 2_999_999.9)
    raw = json.dumps(body(institutions=roster)).replace("2999999.9", "2999999.90")
    response = post(client, None, raw=raw)
    assert "合计2999.99999万元" in criterion(response, "revenue")["detail"]


def test_non_operating_institutions_are_left_out_of_revenue(client):
    roster = institutions(*([3_000_000] * 10))
    roster[0]["operating"] = False
    response = post(client, body(institutions=roster))
    assert criterion(response, "institutions")["result"] == "pass"
    assert criterion(response, "revenue")["result"] == "fail"


@pytest.mark.parametrize(
    ("services", "expected"),
    [
        (list(PUBLIC_SERVICES), "pass"),
        (list(PUBLIC_SERVICES) * 2, "pass"),
        (list(PUBLIC_SERVICES[:3]), "fail"),
        ([], "fail"),
    ],
)
def test_public_services_through_the_api(client, services, expected):
    response = post(client, body(public_services=services))
    assert response.status_code == 200
    assert criterion(response, "public_services")["result"] == expected


@pytest.mark.parametrize(
    ("day", "status"),
    [
        ("2022-11-30", 409),
        ("2022-12-01", 200),
        ("2024-11-30", 200),
        ("2024-12-01", 409),
        ("2025-01-01", 409),
    ],
)
def test_policy_in_force_on_the_date(client, day, status):
    response = post(client, body(date=day))
    assert response.status_code == status


def test_no_policy_in_force_names_the_date(client):
    response = post(client, body(date="2025-01-01"))
    assert response.status_code == 409
    error = response.json()["error"]
    assert "2025年1月1日" in error
    assert "2025-01-01" in error
    assert "没有施行中的" in error


def test_a_renewed_version_is_used_after_the_old_one_expired(client):
    from home.demo_bench import ensure_demo_policy

    ensure_demo_policy(lambda message: None)
    response = post(client, body(date="2025-01-01"))
    assert response.status_code == 200
    assert response.json()["policy"]["doc_no"] == "演示数据"


def _without(key: str) -> dict[str, Any]:
    data = body()
    del data[key]
    return data


def _site(**changes: Any) -> dict[str, Any]:
    item = {"name": "主园区", "area_m2": 3000, "core": True}
    item.update(changes)
    return body(sites=[{k: v for k, v in item.items() if v is not ...}])


def _institution(**changes: Any) -> dict[str, Any]:
    roster = institutions(*([3_000_000] * 10))
    roster[3].update(changes)
    roster[3] = {k: v for k, v in roster[3].items() if v is not ...}
    return body(institutions=roster)


@pytest.mark.parametrize(
    ("data", "raw", "mentions"),
    [
        (None, "{not json", "JSON"),
        (None, "", "JSON"),
        (None, '{"date": NaN}', "NaN"),
        ([1, 2], None, "请求体"),
        (_without("date"), None, "date"),
        (_without("sites"), None, "sites"),
        (_without("institutions"), None, "institutions"),
        (_without("public_services"), None, "public_services"),
        (body(date="2023-02-30"), None, "date"),
        (body(date="2023/06/01"), None, "date"),
        (body(date=20230601), None, "date"),
        (body(sites={"name": "x"}), None, "sites"),
        (body(sites=["主园区"]), None, "sites[0]"),
        (_site(area_m2=...), None, "sites[0].area_m2"),
        (_site(area_m2="3000"), None, "sites[0].area_m2"),
        (_site(area_m2=-1), None, "sites[0].area_m2"),
        (_site(area_m2=0), None, "sites[0].area_m2"),
        (_site(area_m2=True), None, "sites[0].area_m2"),
        (_site(area_m2=None), None, "sites[0].area_m2"),
        (_site(area_m2=1e13), None, "sites[0].area_m2"),
        (_site(core="yes"), None, "sites[0].core"),
        (_site(name=...), None, "sites[0].name"),
        (_site(name=""), None, "sites[0].name"),
        (_site(name=7), None, "sites[0].name"),
        (_institution(revenue_yuan=-0.01), None, "institutions[3].revenue_yuan"),
        (_institution(revenue_yuan="100"), None, "institutions[3].revenue_yuan"),
        (_institution(revenue_yuan=...), None, "institutions[3].revenue_yuan"),
        (_institution(licence_no=123), None, "institutions[3].licence_no"),
        (_institution(operating="no"), None, "institutions[3].operating"),
        (body(institutions=[[]]), None, "institutions[0]"),
        (body(public_services=["就业创业", "人才引进"]), None, "人才引进"),
        (body(public_services=[1]), None, "public_services[0]"),
        (body(public_services="就业创业"), None, "public_services"),
    ],
)
def test_malformed_body_is_a_400_in_chinese(client, data, raw, mentions):
    response = post(client, data, raw=raw)
    assert response.status_code == 400
    error = response.json()["error"]
    assert CJK.search(error)
    assert mentions in error


def test_malformed_body_takes_precedence_over_a_missing_policy(client):
    response = post(client, body(date="2025-01-01", sites="none"))
    assert response.status_code == 400


ALLOWED = "、".join(PUBLIC_SERVICES)


@pytest.mark.parametrize(
    ("data", "raw", "error"),
    [
        (None, "{}", "缺少字段date。"),
        (None, "null", "请求体必须是JSON对象。"),
        (None, '"主园区"', "请求体必须是JSON对象。"),
        (None, '{"date": Infinity}', "不允许使用数值Infinity。"),
        (None, '{"date": -Infinity}', "不允许使用数值-Infinity。"),
        (None, "[" * 100_000, "请求体不是有效的JSON。"),
        (None, '{"date": ' + "9" * 5000 + "}", "请求体不是有效的JSON。"),
        (body(date=None), None, "date必须是YYYY-MM-DD格式的日期。"),
        (body(date="2023-02-30"), None, "date不是有效的日期：2023-02-30。"),
        (_site(area_m2="3000"), None, "sites[0].area_m2必须是数字。"),
        (_site(area_m2=[3000]), None, "sites[0].area_m2必须是数字。"),
        (_site(area_m2=0), None, "sites[0].area_m2必须大于0。"),
        (_site(area_m2=10**12), None, "sites[0].area_m2数值过大，请核对。"),
        (_site(core="yes"), None, "sites[0].core必须是true或false。"),
        (_site(core=1), None, "sites[0].core必须是true或false。"),
        (_site(name=...), None, "缺少字段sites[0].name。"),
        (_site(name=" "), None, "sites[0].name不能为空。"),
        (_site(name=None), None, "sites[0].name必须是字符串。"),
        (body(sites=[S(3000, True), "副园区"]), None, "sites[1]必须是JSON对象。"),
        (body(sites=[S(3000, True)] * 1001), None, "sites超过1000项。"),
        (
            _institution(revenue_yuan=-1),
            None,
            "institutions[3].revenue_yuan不能为负数。",
        ),
        (
            _institution(revenue_yuan=False),
            None,
            "institutions[3].revenue_yuan必须是数字。",
        ),
        (
            _institution(licence_no=["L004"]),
            None,
            "institutions[3].licence_no必须是字符串。",
        ),
        (body(institutions=institutions(count=1001)), None, "institutions超过1000项。"),
        (body(public_services=None), None, "public_services必须是列表。"),
        (
            body(public_services=["就业创业"] * 1001),
            None,
            "public_services超过1000项。",
        ),
        (body(public_services=["就业创业", ""]), None, "public_services[1]不能为空。"),
        (
            body(public_services=["就业创业", " 人才引进 "]),
            None,
            f"public_services[1]“人才引进”不是公共服务功能，只能填写：{ALLOWED}。",
        ),
    ],
)
def test_malformed_body_message(client, data, raw, error):
    # The whole answer: the Chinese message naming the field, nothing of
    # pydantic's (no English, no list of errors).
    response = post(client, data, raw=raw)
    assert response.status_code == 400
    assert response.json() == {"error": error}


def test_a_body_that_is_not_utf8_is_a_400(client):
    response = client.post(
        "/api/eligibility", b'{"date": "\xff"}', content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {"error": "请求体不是有效的JSON。"}


def test_the_first_wrong_field_is_named(client):
    # In the order of the body: date, sites, institutions, public_services;
    # within a list, the first wrong entry.
    response = post(client, body(date="2023/06/01", sites="none"))
    assert response.json() == {"error": "date必须是YYYY-MM-DD格式的日期。"}
    data = body(sites=[S(3000, True), S(-1), S("x")], institutions=[[]])
    response = post(client, data)
    assert response.json() == {"error": "sites[1].area_m2必须大于0。"}


def test_numbers_beyond_float_precision_stay_exact(client):
    # As a float 2999.99999999999999999 is 3000.0, which would pass Art. 9(二).
    raw = json.dumps(body(sites=[S(1234567, True)]), ensure_ascii=False)
    raw = raw.replace("1234567", "2999.99999999999999999")
    response = post(client, None, raw=raw)
    assert response.status_code == 200
    assert criterion(response, "sites")["result"] == "fail"
    # As a float 10000000.000000000001 is 10000000.0: not 超过1000万元.
    raw = json.dumps(body(institutions=institutions(1234567)), ensure_ascii=False)
    raw = raw.replace("1234567", "10000000.000000000001")
    response = post(client, None, raw=raw)
    assert response.status_code == 200
    assert criterion(response, "revenue")["result"] == "pass"


def test_the_schema_holds_decimals_and_refuses_floats():
    import pydantic

    from parkregistry.api.rules import EligibilityIn

    data = body(sites=[S(Decimal("0.1"), True)])
    payload = EligibilityIn.model_validate(data)
    area = payload.facts().sites[0].area_m2
    assert type(area) is Decimal
    assert area == Decimal("0.1")
    # Only the body reader (parse_float=Decimal) may make numbers: a float
    # handed over directly is refused rather than rounded.
    with pytest.raises(pydantic.ValidationError) as excinfo:
        EligibilityIn.model_validate(body(sites=[S(0.1, True)]))
    assert excinfo.value.errors()[0]["type"] == "number_type"


def test_an_error_without_its_own_message_still_names_the_field():
    from pydantic_core import ValidationError

    from parkregistry.api.rules import BODY_MESSAGES, input_error_message

    exc = ValidationError.from_exception_data(
        "EligibilityIn",
        [{"type": "int_parsing", "loc": ("payload", "sites", 0, "x"), "input": "a"}],
    )
    message = input_error_message(exc, BODY_MESSAGES, skip=1)
    assert message.startswith("sites[0].x")
    assert "Input should" not in message


def test_unknown_keys_are_ignored_and_null_flags_take_the_default(client):
    roster = institutions(*([3_000_000] * 10))
    roster[0]["operating"] = None  # operating by default
    roster[1]["remark"] = "备注"
    response = post(client, body(institutions=roster, remark="x"))
    assert response.status_code == 200
    assert criterion(response, "revenue")["result"] == "pass"


def test_the_site_keeps_its_other_error_handlers(client):
    # The 400 of this router is its own: the site's handler of ninja's
    # ValidationError, used by the other routers, is still in place.
    from ninja.errors import ValidationError

    from demosite.api import api, validation_error

    assert post(client, None, raw="{").status_code == 400
    assert api._lookup_exception_handler(ValidationError([])) is validation_error


def _resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """Follow a local ``$ref`` (``#/components/schemas/X``) in the document."""
    while "$ref" in schema:
        for part in schema["$ref"].removeprefix("#/").split("/"):
            document = document[part]
        schema = document
    return schema


def test_eligibility_is_in_the_openapi_document(client):
    schema = client.get("/api/openapi.json").json()
    operation = schema["paths"]["/api/eligibility"]["post"]
    body_schema = _resolve(
        schema, operation["requestBody"]["content"]["application/json"]["schema"]
    )
    assert set(body_schema["required"]) == {
        "date",
        "sites",
        "institutions",
        "public_services",
    }
    assert {"200", "400", "409"} <= set(operation["responses"])
    properties = body_schema["properties"]
    assert properties["date"]["format"] == "date"
    assert properties["public_services"]["items"]["enum"] == list(PUBLIC_SERVICES)
    site = _resolve(schema, properties["sites"]["items"])
    assert set(site["required"]) == {"name", "area_m2"}
    assert site["properties"]["area_m2"]["type"] == "number"
    assert site["properties"]["area_m2"]["exclusiveMinimum"] == 0
    institution = _resolve(schema, properties["institutions"]["items"])
    assert set(institution["required"]) == {"name", "revenue_yuan"}
    assert institution["properties"]["revenue_yuan"]["minimum"] == 0


# --- GET /api/subsidy/operating ---------------------------------------------


def subsidy(client, **params: Any):
    query = {"placed": 150, "urban_task": 600, "rural_task": 401, "year": 2023}
    query.update(params)
    query = {k: v for k, v in query.items() if v is not ...}
    return client.get("/api/subsidy/operating", query)


@pytest.mark.parametrize(
    ("placed", "eligible", "amount"),
    [
        (100, False, 0),  # T − 1
        (101, True, 200_000),  # T
        (102, True, 200_020),  # T + 1
        (15_101, True, 500_000),  # the cap exactly reached
        (15_102, True, 500_000),  # the cap exceeded
    ],
)
def test_subsidy_boundaries_through_the_api(client, placed, eligible, amount):
    response = subsidy(client, placed=placed, urban_task=1001, rural_task=0)
    assert response.status_code == 200
    data = response.json()
    assert data["threshold"] == 101
    assert data["eligible"] is eligible
    assert data["amount_yuan"] == amount
    assert "向上取整为101人" in data["formula"]


def test_subsidy_full_response(client):
    response = subsidy(client)
    assert response.status_code == 200
    assert response.json() == {
        "policy": {"title": "市级人力资源服务产业园管理办法（试行）", "doc_no": ""},
        "threshold": 101,
        "eligible": True,
        "amount_yuan": 200_980,
        "formula": (
            "达标人数 = 10% ×（城镇新增就业任务600 + 农村劳动力转移就业任务401）"
            "= 10% × 1001 = 100.1，向上取整为101人；"
            "促进就业150人，达到101人：补助 = 200000 + 20 ×（150 − 101）= 200980元；"
            "未超过每年补助总额上限500000元，补助200980元"
        ),
    }


@pytest.mark.parametrize(
    ("year", "status"),
    [
        (2021, 409),
        (2022, 200),  # in force from 1 December 2022
        (2023, 200),
        (2024, 200),  # in force until 30 November 2024
        (2025, 409),
        (2026, 409),
    ],
)
def test_subsidy_policy_for_the_year(client, year, status):
    response = subsidy(client, year=year)
    assert response.status_code == status
    if status == 409:
        assert response.json() == {
            "error": response.json()["error"],
            "year": year,
        }
        assert f"{year}年" in response.json()["error"]


def test_subsidy_uses_the_version_in_force_latest_in_the_year(client):
    from home.demo_bench import ensure_demo_policy

    ensure_demo_policy(lambda message: None)  # in force from 2024-12-01
    assert subsidy(client, year=2024).json()["policy"]["doc_no"] == "演示数据"
    assert subsidy(client, year=2025).json()["policy"]["doc_no"] == "演示数据"
    assert subsidy(client, year=2023).json()["policy"]["doc_no"] == ""


@pytest.mark.parametrize(
    ("params", "mentions"),
    [
        ({"placed": ...}, "placed"),
        ({"urban_task": ...}, "urban_task"),
        ({"rural_task": ...}, "rural_task"),
        ({"year": ...}, "year"),
        ({"placed": ""}, "placed"),
        ({"placed": "abc"}, "placed"),
        ({"placed": "1.5"}, "placed"),
        ({"placed": "1e3"}, "placed"),
        ({"placed": -1}, "placed"),
        ({"urban_task": -5}, "urban_task"),
        ({"rural_task": "-0.5"}, "rural_task"),
        ({"placed": 10**12}, "placed"),
        ({"year": "23"}, "year"),
        ({"year": "2023.0"}, "year"),
        ({"year": "0999"}, "year"),
        ({"urban_task": 0, "rural_task": 0}, "urban_task"),
    ],
)
def test_subsidy_bad_input_is_a_400_in_chinese(client, params, mentions):
    response = subsidy(client, **params)
    assert response.status_code == 400
    error = response.json()["error"]
    assert CJK.search(error)
    assert mentions in error


@pytest.mark.parametrize(
    ("params", "error"),
    [
        ({"placed": ...}, "缺少参数placed。"),
        ({"placed": " "}, "缺少参数placed。"),
        ({"year": ""}, "缺少参数year。"),
        ({"placed": "1.5"}, "参数placed必须是整数，不能是“1.5”。"),
        ({"urban_task": -5}, "参数urban_task不能为负数。"),
        ({"placed": 10**8 + 1}, "参数placed数值过大，请核对。"),
        ({"placed": "9" * 5000}, "参数placed数值过大，请核对。"),
        ({"rural_task": "-" + "9" * 5000}, "参数rural_task不能为负数。"),
        ({"year": "0999"}, "参数year必须是四位数的年份，不能是“0999”。"),
        ({"year": " 23 "}, "参数year必须是四位数的年份，不能是“23”。"),
        (
            {"urban_task": 0, "rural_task": 0},
            "urban_task与rural_task不能同时为0：请填写全市当年的城镇新增就业任务"
            "和农村劳动力转移就业任务。",
        ),
    ],
)
def test_subsidy_bad_input_message(client, params, error):
    response = subsidy(client, **params)
    assert response.status_code == 400
    assert response.json() == {"error": error}


def test_subsidy_accepts_spaces_and_a_sign(client):
    response = subsidy(client, placed=" +150 ", urban_task="600 ", year=" 2023")
    assert response.status_code == 200
    assert response.json()["amount_yuan"] == 200_980
    assert subsidy(client, placed=10**8, urban_task=10**8).status_code == 200


def test_subsidy_is_in_the_openapi_document(client):
    schema = client.get("/api/openapi.json").json()
    operation = schema["paths"]["/api/subsidy/operating"]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert names == {"placed", "urban_task", "rural_task", "year"}
    assert {"200", "400", "409"} <= set(operation["responses"])
