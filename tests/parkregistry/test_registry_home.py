"""The home page's registry section: latest decisions, counts by county and status."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parkregistry.models import RegistryIndexPage
from parkregistry.services.evaluations import record_evaluation
from parkregistry.templatetags.registry_tags import registry_home
from tests.factories_registry import add_page, county, home_page, make_park

pytestmark = pytest.mark.django_db


def test_counts_by_county_and_status(client):
    add_page(home_page(), RegistryIndexPage(title="园区名录", slug="registry"))
    make_park(name="晋中甲园", county=county("yuci"))
    failing = make_park(name="晋中乙园", county=county("taigu"))
    record_evaluation(
        failing,
        2023,
        "不合格",
        date(2024, 2, 1),
        rectification_deadline=date(2024, 5, 1),
    )
    section = registry_home()
    assert section["total"] == 2
    assert section["status_totals"] == [1, 1, 0]
    rows = {row["county"]: row["counts"] for row in section["table"]}
    assert rows == {"榆次区": [1, 0, 0], "太谷区": [0, 1, 0]}
    html = client.get("/").content.decode()
    assert "园区名录" in html and 'href="/registry/"' in html
    assert "太谷区" in html


def test_section_queries_are_constant():
    def count():
        with CaptureQueriesContext(connection) as ctx:
            registry_home()
        return len(ctx.captured_queries)

    make_park(name="晋中园0")
    few = count()
    for i in range(1, 30):
        make_park(name=f"晋中园{i}")
    assert count() == few <= 5
