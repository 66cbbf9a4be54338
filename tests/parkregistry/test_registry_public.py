"""The public registry: list, filters, counts, detail, change log, as_of, exports, API."""

import csv
import io
import json
from datetime import date

import pytest
from openpyxl import load_workbook

from parkregistry.models import Park, RegistryIndexPage
from parkregistry.services.evaluations import record_evaluation
from parkregistry.services.revocations import confirm_revocation
from tests.factories_registry import add_page, county, home_page, make_park

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry():
    return add_page(home_page(), RegistryIndexPage(title="园区名录", slug="registry"))


def revoked_park():
    park = make_park(county=county("taigu"), name="晋中太谷人力资源服务产业园")
    record_evaluation(
        park, 2023, "不合格", date(2024, 2, 1), rectification_deadline=date(2024, 5, 1)
    )
    record_evaluation(
        park, 2024, "不合格", date(2025, 2, 1), rectification_deadline=date(2025, 5, 1)
    )
    confirm_revocation(park, date(2025, 3, 10), "市人社发〔2025〕20号")
    return park


def test_list_filters_and_counts(client, registry):
    make_park(name="晋中榆次园")
    revoked_park()
    response = client.get("/registry/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "晋中榆次园" in text and "晋中太谷人力资源服务产业园" in text
    response = client.get("/registry/?county=taigu")
    text = response.content.decode()
    assert "晋中榆次园" not in text and "晋中太谷人力资源服务产业园" in text
    response = client.get("/registry/?status=revoked")
    assert "晋中榆次园" not in response.content.decode()
    response = client.get("/registry/?grade=不合格")
    assert "晋中榆次园" not in response.content.decode()
    response = client.get("/registry/?year=2023")
    assert response.context["counts"]["total"] == 2


@pytest.mark.parametrize(
    "query",
    ["county=nowhere", "status=gone", "grade=A", "year=20x4", "as_of=2025-13-01"],
)
def test_bad_filter_is_a_400_in_chinese(client, registry, query):
    response = client.get("/registry/?" + query)
    assert response.status_code == 400
    assert response.context["error"]


def test_detail_shows_why_and_when_and_no_internal_notes(client, registry):
    park = revoked_park()
    Park.objects.filter(pk=park.pk).update(internal_notes="SECRET-NOTE")
    response = client.get(f"/registry/park/{park.pk}/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "2025年3月10日" in text
    assert "市人社发〔2025〕20号" in text
    assert "SECRET-NOTE" not in text
    assert "晋中市人力资源和社会保障局" in text  # actor in the change log
    assert client.get("/registry/park/999999/").status_code == 404


def test_change_log_never_names_a_person(client, registry, django_user_model):
    user = django_user_model.objects.create_user("zhangsan", password="x")
    park = make_park()
    park._history_user = user
    park.operator = "晋中人力资源服务有限公司"
    park.save()
    text = client.get(f"/registry/park/{park.pk}/").content.decode()
    assert "晋中人力资源服务有限公司" in text
    assert "zhangsan" not in text


def test_as_of_reads_history(client, registry):
    park = revoked_park()
    # Make the history look as if the park entered on its approval date and was
    # revoked on 2025-03-10.
    from datetime import datetime
    from zoneinfo import ZoneInfo

    tz = ZoneInfo("Asia/Shanghai")
    records = list(park.history.order_by("history_id"))
    records[0].history_date = datetime(2023, 6, 1, 9, tzinfo=tz)
    records[0].save()
    for r in records[1:]:
        r.history_date = datetime(2025, 3, 10, 9, tzinfo=tz)
        r.save()
    before = client.get("/registry/?as_of=2024-01-01")
    assert before.status_code == 200
    assert [r["status_code"] for r in before.context["rows"]] == ["normal"]
    assert client.get("/registry/?as_of=2023-01-01").context["rows"] == []
    after = client.get("/api/parks?as_of=2025-12-31").json()
    assert after["parks"][0]["status_code"] == "revoked"


def body(response) -> bytes:
    """The whole body of a response, streamed or not."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def test_exports_parse_and_neutralise_formulas(client, registry):
    make_park(name="晋中示例园")
    Park.objects.update(operator='=HYPERLINK("http://x")')
    make_park(name="晋中第二园")
    Park.objects.filter(name="晋中第二园").update(address="@SUM(1)", operator="-1+2")
    rows = list(
        csv.reader(
            io.StringIO(body(client.get("/registry/export.csv")).decode("utf-8-sig"))
        )
    )
    assert rows[0][1] == "园区名称"
    cells = [c for row in rows[1:] for c in row]
    assert (
        '\'=HYPERLINK("http://x")' in cells and "'@SUM(1)" in cells and "'-1+2" in cells
    )
    book = load_workbook(io.BytesIO(client.get("/registry/export.xlsx").content))
    values = [c.value for row in book.active.iter_rows(min_row=2) for c in row]
    assert "'@SUM(1)" in values
    assert not any(
        isinstance(v, str) and v.startswith(("=", "@", "+", "-")) for v in values
    )
    data = json.loads(body(client.get("/registry/export.json")))
    assert data["count"] == 2
    assert {p["operator"] for p in data["parks"]} == {
        '\'=HYPERLINK("http://x")',
        "'-1+2",
    }


def test_export_with_bad_filter_is_400(client):
    assert client.get("/registry/export.csv?status=x").status_code == 400
    response = client.get("/registry/export.json?year=abc")
    assert response.status_code == 400 and "error" in response.json()
    assert client.get("/registry/export.pdf").status_code == 404


def test_api_parks_filters_and_openapi(client):
    make_park(name="晋中榆次园")
    revoked_park()
    data = client.get("/api/parks").json()
    assert data["count"] == 2
    assert all(p["name"].startswith("晋中") for p in data["parks"])
    data = client.get("/api/parks?status=revoked").json()
    assert [p["name"] for p in data["parks"]] == ["晋中太谷人力资源服务产业园"]
    assert data["parks"][0]["revoked_on"] == "2025-03-10"
    bad = client.get("/api/parks?grade=best")
    assert (
        bad.status_code == 400 and "grade" in bad.json()["error"] or bad.json()["error"]
    )
    schema = client.get("/api/openapi.json").json()
    assert "/api/parks" in schema["paths"]


@pytest.mark.parametrize("n", [10, 50])
def test_list_queries_do_not_grow_with_parks(
    client, registry, django_assert_max_num_queries, n
):
    for i in range(n):
        park = make_park(name=f"晋中园区{i:03d}")
        record_evaluation(park, 2023, "合格", date(2024, 2, 1))
    client.get("/registry/")  # warm Wagtail's site cache
    with django_assert_max_num_queries(10):
        response = client.get("/registry/")
    assert response.context["counts"]["total"] == n
    with django_assert_max_num_queries(10):
        client.get("/api/parks")
    with django_assert_max_num_queries(10):
        client.get("/registry/export.csv")


def test_change_log_shows_the_county_bureau_for_a_county_editor(
    client, registry, django_user_model
):
    from django.contrib.auth.models import Group

    from home.roles import COUNTY_EDITOR
    from parkregistry.models.applications import CountyMembership

    user = django_user_model.objects.create_user("lisi", password="x")
    user.groups.add(Group.objects.get(name=COUNTY_EDITOR))
    park = make_park(county=county("taigu"))
    CountyMembership.objects.create(user=user, county=park.county)
    park._history_user = user
    park.address = "晋中市太谷区新地址"
    park.save()
    text = client.get(f"/registry/park/{park.pk}/").content.decode()
    assert "太谷区人力资源和社会保障局" in text
    assert "lisi" not in text


def test_park_page_queries_do_not_grow_with_its_history(
    client, registry, django_assert_max_num_queries
):
    park = make_park()
    for year in (2023, 2024, 2025):
        record_evaluation(park, year, "合格", date(year + 1, 2, 1))
        park.refresh_from_db()
        park.address = f"地址{year}"
        park.save()
    client.get(f"/registry/park/{park.pk}/")
    with django_assert_max_num_queries(17):
        response = client.get(f"/registry/park/{park.pk}/")
    assert len(response.context["change_log"]) >= 7


def bulk_parks(n: int, **fields) -> None:
    """``n`` parks written in one statement (the list reads them, nothing else)."""
    Park.objects.bulk_create(
        Park(
            name=f"晋中批量园{i:04d}",
            county=fields.get("county") or county("yuci"),
            status=fields.get("status", "normal"),
            approval_doc_no=f"市人社发〔2023〕{i}号",
            approved_on=date(2023, 6, 1),
        )
        for i in range(n)
    )


def test_the_list_shows_fifty_parks_a_page_and_counts_them_all(client, registry):
    bulk_parks(120)
    first = client.get("/registry/")
    assert first.status_code == 200
    assert len(first.context["rows"]) == 50
    assert first.context["counts"]["total"] == 120
    assert first.context["page_of_rows"].paginator.num_pages == 3
    third = client.get("/registry/?page=3")
    assert len(third.context["rows"]) == 20
    names = {r["name"] for r in first.context["rows"]} | {
        r["name"] for r in third.context["rows"]
    }
    assert len(names) == 70  # no park on two pages
    # A page number out of range or not a number shows a page, never an error.
    assert client.get("/registry/?page=99").status_code == 200
    assert client.get("/registry/?page=abc").status_code == 200


def test_page_links_keep_the_filters(client, registry):
    bulk_parks(60, county=county("taigu"))
    text = client.get("/registry/?county=taigu&status=normal").content.decode()
    assert "county=taigu&amp;status=normal&amp;page=2" in text
    second = client.get("/registry/?county=taigu&status=normal&page=2")
    assert len(second.context["rows"]) == 10
    assert (
        "page=1" in second.content.decode() or 'rel="prev"' in second.content.decode()
    )
    # Open-data links take the filters but not the page.
    assert 'export.csv?county=taigu&amp;status=normal"' in second.content.decode()


def test_exports_stream_every_park(client, registry):
    bulk_parks(130)
    response = client.get("/registry/export.csv")
    assert response.streaming
    assert len(body(response).decode("utf-8-sig").strip().splitlines()) == 131
    response = client.get("/registry/export.json")
    assert response.streaming
    data = json.loads(body(response))
    assert data["count"] == 130 == len(data["parks"])
    assert data["as_of"] is None
