"""The registry "as of" a day shows nothing later than that day.

Each record is saved at the moment it happened (the test travels there), so
its history says when the registry knew it: approval 2023-06-01, the 2023 fail
grade 2024-02-01 (deadline 2024-05-31), the rectification passed 2024-06-05,
the 2024 grade 优秀 2025-02-01 with its subsidy, result notice and commendation.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from parkregistry.models import (
    AnnualTask,
    DecisionIndexPage,
    DecisionKind,
    DecisionPage,
    Park,
    RegistryIndexPage,
)
from parkregistry.services.evaluations import record_evaluation, record_rectification
from parkregistry.services.revocations import confirm_revocation
from parkregistry.services.subsidies import record_subsidy
from tests.factories_registry import add_page, home_page, make_park

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("Asia/Shanghai")


def on(day: date):
    """Travel to 10:00 on ``day`` for the records saved inside the block."""
    return time_machine.travel(datetime(day.year, day.month, day.day, 10, tzinfo=TZ))


@pytest.fixture
def registry():
    return add_page(home_page(), RegistryIndexPage(title="园区名录", slug="registry"))


@pytest.fixture
def park(registry, clock) -> Park:
    with on(date(2023, 6, 1)):
        park = make_park(
            name="晋中榆社人力资源服务产业园", approved_on=date(2023, 6, 1)
        )
    with on(date(2024, 2, 1)):
        first = record_evaluation(
            park,
            2023,
            "不合格",
            date(2024, 2, 1),
            rectification_deadline=date(2024, 5, 31),
        )
    with on(date(2024, 6, 5)):
        record_rectification(first, "整改合格", date(2024, 6, 5))
    with on(date(2025, 2, 1)):
        record_evaluation(park, 2024, "优秀", date(2025, 2, 1))
    with on(date(2025, 3, 10)):
        AnnualTask.objects.create(
            year=2024, urban_new_employment=30000, rural_labour_transfer=20000
        )
        record_subsidy(park, 2024, 7000)
    with on(date(2025, 3, 15)):
        index = add_page(
            home_page(), DecisionIndexPage(title="决定公告", slug="decisions")
        )
        add_page(
            index,
            DecisionPage(
                title="2024年度考核评估结果通报",
                slug="results-2024",
                kind=DecisionKind.RESULTS,
                doc_no="市人社函〔2025〕3号",
                decision_date=date(2025, 3, 15),
                year=2024,
            ),
        )
        add_page(
            index,
            DecisionPage(
                title="2024年度通报表扬",
                slug="praise-2024",
                kind=DecisionKind.COMMENDATION,
                doc_no="市人社函〔2025〕4号",
                decision_date=date(2025, 3, 15),
                year=2024,
            ),
        )
    return park


def page(client, park, as_of: str):
    response = client.get(f"/registry/park/{park.pk}/?as_of={as_of}")
    assert response.status_code == 200
    return response, response.content.decode()


def test_before_the_rectification_passed_it_is_not_shown_as_passed(client, park):
    response, text = page(client, park, "2024-06-01")
    assert "整改合格" not in text
    assert "2024年6月5日" not in text
    rows = response.context["evaluations"]
    assert [e["year"] for e in rows] == [2023]
    assert rows[0]["rectification"]["result"] == ""
    # On 1 June the deadline (31 May) had passed and nothing was decided yet.
    assert "逾期未整改" in text
    assert response.context["park"].status == "rectifying"
    # Nothing dated after that day: the 2024 grade, its subsidy, its notices.
    for later in ("2024年度", "2025年", "市人社函〔2025〕3号", "市人社函〔2025〕4号"):
        assert later not in text, later
    assert response.context["subsidies"] == []
    assert response.context["decisions"] == []
    end = datetime(2024, 6, 2, tzinfo=TZ)
    assert all(entry["when"] < end for entry in response.context["change_log"])
    # The award was granted with the approval, before that day.
    assert response.context["award"].amount_yuan == 600_000
    # The day the rectification passed, it shows.
    response, text = page(client, park, "2024-06-05")
    assert "整改合格（2024年6月5日）" in text
    assert "逾期未整改" not in text
    assert response.context["park"].status == "normal"


def test_later_days_show_the_later_records(client, park):
    response, text = page(client, park, "2025-03-15")
    assert [e["year"] for e in response.context["evaluations"]] == [2024, 2023]
    assert [s["year"] for s in response.context["subsidies"]] == [2024]
    assert "市人社函〔2025〕3号" in text and "市人社函〔2025〕4号" in text
    earlier, text = page(client, park, "2025-03-14")
    assert [s["year"] for s in earlier.context["subsidies"]] == [2024]
    assert "市人社函〔2025〕3号" not in text  # the notice is dated the 15th
    assert earlier.context["evaluations"][0]["result_decision"] is None


def test_before_its_approval_the_park_was_not_yet_recognised(client, park):
    response, text = page(client, park, "2023-05-31")
    assert "尚未被认定为市级人力资源服务产业园" in text
    assert "2023年6月1日" in text  # when it was recognised
    assert "evaluations" not in response.context
    # The list of that day does not have it either; later lists do.
    assert client.get("/registry/?as_of=2023-05-31").context["rows"] == []
    [row] = client.get("/registry/?as_of=2024-06-01").context["rows"]
    assert row["id"] == park.pk
    assert row["status_code"] == "rectifying"
    assert (row["latest_grade_year"], row["latest_grade"]) == (2023, "不合格")
    [row] = client.get("/registry/?as_of=2025-03-01").context["rows"]
    assert (row["latest_grade_year"], row["latest_grade"]) == (2024, "优秀")
    assert row["status_code"] == "normal"


def test_a_park_entered_later_than_its_approval_says_so(client, registry, clock):
    with on(date(2025, 1, 10)):
        late = make_park(
            name="晋中和顺人力资源服务产业园", approved_on=date(2024, 9, 1)
        )
    _response, text = page(client, late, "2024-12-31")
    assert "名录中尚无" in text


def test_a_revocation_dated_after_the_day_is_not_yet_in_force(client, registry, clock):
    with on(date(2023, 6, 1)):
        park = make_park(
            name="晋中左权人力资源服务产业园", approved_on=date(2023, 6, 1)
        )
    for year in (2023, 2024):
        with on(date(year + 1, 2, 1)):
            record_evaluation(
                park,
                year,
                "不合格",
                date(year + 1, 2, 1),
                rectification_deadline=date(year + 1, 5, 31),
            )
    # Recorded on 20 March, the decision dated 28 March.
    with on(date(2025, 3, 20)):
        confirm_revocation(park, date(2025, 3, 28), "市人社发〔2025〕15号")
    response, text = page(client, park, "2025-03-25")
    assert response.context["park"].status == "rectifying"
    assert "revocation-box" not in text and "市人社发〔2025〕15号" not in text
    assert response.context["revocation"]["status"] == "proposed"
    [row] = client.get("/registry/?as_of=2025-03-25").context["rows"]
    assert row["status_code"] == "rectifying" and row["revoked_on"] is None
    response, text = page(client, park, "2025-03-28")
    assert response.context["park"].status == "revoked"
    assert "市人社发〔2025〕15号" in text
