"""The public 公示期计算器 page."""

import pytest
from wagtail.test.utils import WagtailPageTestCase

from home.models import HomePage
from notices.models import CalculatorPage


@pytest.fixture
def calculator(db):
    home = HomePage.objects.get(depth=2)
    page = CalculatorPage(title="公示期计算器", slug="calculator")
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_blank_form_prefills_the_policy_minimum(client, calculator):
    response = client.get(calculator.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="days"' in html and 'value="5"' in html
    assert "计算规则" in html


def test_result_shows_customary_sentence_and_each_day(client, calculator):
    response = client.get(calculator.url, {"start": "2026-09-30", "days": "5"})
    html = response.content.decode()
    assert "公示期为2026年9月30日至2026年10月12日（5个工作日）" in html
    assert "2026年10月12日 23:59" in html
    # Counted days, with the makeup Saturday marked.
    assert "2026年10月10日" in html and "调休上班日" in html
    # Skipped days with their reasons.
    assert "国庆节" in html and "周末" in html
    assert html.count("国庆节") == 7  # 10-01 .. 10-07


@pytest.mark.parametrize(
    "typed", ["2026-05-01", "2026/5/1", "2026年5月1日", " 2026.05.01 "]
)
def test_dates_typed_the_way_people_write_them(client, calculator, typed):
    html = client.get(calculator.url, {"start": typed, "days": "5"}).content.decode()
    assert "公示期为2026年5月1日至2026年5月11日（5个工作日）" in html


def test_start_on_a_holiday(client, calculator):
    html = client.get(
        calculator.url, {"start": "2026-05-01", "days": "5"}
    ).content.decode()
    assert "公示期为2026年5月1日至2026年5月11日（5个工作日）" in html
    assert "劳动节" in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"start": "2026-13-01", "days": "5"}, "请按 YYYY-MM-DD 格式填写日期"),
        ({"start": "2026年2月30日", "days": "5"}, "请按 YYYY-MM-DD 格式填写日期"),
        ({"start": "", "days": "5"}, "请填写公示开始日期"),
        ({"start": "2026-09-30", "days": "0"}, "工作日数至少为1"),
        ({"start": "2026-09-30", "days": "61"}, "工作日数最多为60"),
        ({"start": "2026-12-28", "days": "5"}, "2027年的节假日安排尚未确认"),
        ({"start": "1990-01-02", "days": "5"}, "超出已录入的节假日数据范围"),
    ],
)
def test_bad_input_shows_a_chinese_message_and_keeps_values(
    client, calculator, params, message
):
    response = client.get(calculator.url, params)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "公示期为" not in html
    if params["start"]:
        assert f'value="{params["start"]}"' in html


class CalculatorPageTreeTests(WagtailPageTestCase):
    def test_lives_under_the_home_page_only(self):
        self.assertAllowedParentPageTypes(CalculatorPage, {HomePage})
        self.assertAllowedSubpageTypes(CalculatorPage, set())

    def test_renders(self):
        home = HomePage.objects.get(depth=2)
        page = home.add_child(instance=CalculatorPage(title="计算器", slug="calc"))
        self.assertPageIsRenderable(page)


@pytest.mark.django_db
def test_a_period_shorter_than_the_measures_allow_is_flagged(client):
    from notices.models import CalculatorPage

    page = CalculatorPage.objects.live().first()
    if page is None:
        from tests.factories_registry import add_page, home_page

        page = add_page(home_page(), CalculatorPage(title="公示期计算器", slug="calc"))
    html = client.get(page.url, {"start": "2026-09-28", "days": "3"}).content.decode()
    assert "公示期为2026年9月28日至" in html  # still computed
    assert "不得少于5个工作日" in html
    html = client.get(page.url, {"start": "2026-09-28", "days": "5"}).content.decode()
    assert "不得少于5个工作日" not in html
