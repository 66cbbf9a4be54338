"""The measures' key terms render exactly in zh-hans, wherever they are shown.

《市级人力资源服务产业园管理办法（试行）》 speaks of 优秀/合格/不合格 (Art. 24),
公示期 and 异议 (Art. 10), 认定 and 取消资格: a staff member must read those words
and no others (合格 is 合格, never 符合).
"""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from notices.models import Objection
from notices.rules.formatting import period_sentence
from notices.rules.workingdays import compute_window
from parkregistry.models import DecisionKind, Grade, Stage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def zh():
    with translation.override("zh-hans"):
        yield


def test_grades_read_as_in_article_24():
    assert [str(label) for _value, label in Grade.choices] == ["优秀", "合格", "不合格"]
    assert [value for value, _label in Grade.choices] == ["优秀", "合格", "不合格"]


def test_stage_names():
    assert [str(label) for _value, label in Stage.choices] == [
        "草稿",
        "县级初审",
        "市级审核",
        "专家评估",
        "公示中",
        "已确定",
        "未通过",
        "已撤回",
    ]


def test_decision_kinds_say_认定_and_取消资格():
    labels = {value: str(label) for value, label in DecisionKind.choices}
    assert labels[DecisionKind.APPROVAL] == "认定批复"
    assert labels[DecisionKind.REVOCATION] == "取消资格"


def test_notice_period_and_objection():
    from notices.models.calendars import calendar_for_window

    window = compute_window(
        date(2026, 9, 28), 8, calendar_for_window(date(2026, 9, 28))
    )
    assert period_sentence(window).startswith("公示期为2026年9月28日至")
    assert str(Objection._meta.verbose_name) == "异议"


def test_grade_select_and_registry_filter_show_the_grades(client):
    from django.contrib.auth import get_user_model

    from parkregistry.models import RegistryIndexPage
    from tests.factories_registry import add_page, home_page

    index = add_page(home_page(), RegistryIndexPage(title="名录", slug="registry"))
    html = client.get(index.url).content.decode()
    for word in ("优秀", "合格", "不合格"):
        assert f">{word}<" in html
    assert ">符合<" not in html and ">不符合<" not in html
    admin = get_user_model().objects.create_superuser("root", "r@e.cn", "pw")
    client.force_login(admin)
    html = client.get("/admin/snippets/parkregistry/evaluation/add/").content.decode()
    for word in ("优秀", "合格", "不合格"):
        assert f">{word}</option>" in html
    assert ">符合</option>" not in html
