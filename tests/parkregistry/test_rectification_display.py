"""What the admin and the public park page show about Art. 25(三): 逾期未整改
after a rectification deadline, the reading of "上一个考核评估周期" next to a
withdrawn subsidy, and 正常 / 已取消 for a subsidy instead of True / False."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from parkregistry.models import AnnualTask, RegistryIndexPage, SubsidyRecord
from parkregistry.rules.consequences import WITHDRAWAL_WORDS, withdrawal_reading
from parkregistry.rules.registry import rectification_overdue
from parkregistry.services.evaluations import record_evaluation, record_rectification
from parkregistry.services.subsidies import record_subsidy
from tests.factories_registry import add_page, home_page, make_park

ARTICLE_WORDS = "整改后仍不合格的，取消其上一个考核评估周期应划拨的补助资金"


# --- the pure rule -------------------------------------------------------------


@pytest.mark.parametrize(
    ("days_after_deadline", "result", "revoked", "overdue"),
    [
        (-1, "", False, False),  # the day before the deadline
        (0, "", False, False),  # the deadline itself is still in time
        (1, "", False, True),  # the day after: 逾期未整改
        (1, "整改合格", False, False),  # decided: no longer open
        (1, "整改后仍不合格", False, False),
        (1, "", True, False),  # the park has been revoked
    ],
)
def test_overdue_only_while_open_after_the_deadline(
    days_after_deadline, result, revoked, overdue
):
    deadline = date(2026, 5, 31)
    day = deadline + timedelta(days=days_after_deadline)
    assert rectification_overdue(deadline, result, day, revoked=revoked) is overdue


def test_no_deadline_is_never_overdue(today):
    assert not rectification_overdue(None, "", today)


def test_the_reading_quotes_the_article():
    assert WITHDRAWAL_WORDS == ARTICLE_WORDS
    text = withdrawal_reading(2024, 2025)
    assert ARTICLE_WORDS in text
    assert "2024" in text and "2025" in text


# --- the public park page --------------------------------------------------------


@pytest.fixture
def registry():
    return add_page(home_page(), RegistryIndexPage(title="园区名录", slug="registry"))


def failing(deadline: date):
    park = make_park(approved_on=date(2024, 6, 1))
    evaluation = record_evaluation(
        park, 2025, "不合格", date(2026, 2, 1), rectification_deadline=deadline
    )
    return park, evaluation


@pytest.mark.django_db
def test_the_park_page_shows_an_overdue_rectification(client, registry, today):
    park, _evaluation = failing(today - timedelta(days=1))
    response = client.get(f"/registry/park/{park.pk}/")
    text = response.content.decode()
    assert response.context["rectification_overdue"] is True
    assert "逾期未整改" in text
    assert "整改中（逾期未整改）" in text


@pytest.mark.django_db
def test_on_the_deadline_or_once_decided_it_is_not_overdue(client, registry, today):
    in_time, _evaluation = failing(today)  # the deadline day itself
    decided, evaluation = failing(date(2026, 5, 31))
    record_rectification(evaluation, "整改后仍不合格", date(2026, 6, 2))
    overdue, _evaluation = failing(today - timedelta(days=1))
    for park, shown in ((in_time, False), (decided, False), (overdue, True)):
        response = client.get(f"/registry/park/{park.pk}/")
        assert response.context["rectification_overdue"] is shown, park
        assert ("逾期未整改" in response.content.decode()) is shown, park


@pytest.mark.django_db
def test_a_withdrawn_subsidy_states_the_reading_of_art_25(client, registry):
    park = make_park(approved_on=date(2023, 3, 1))
    AnnualTask.objects.create(
        year=2023, urban_new_employment=30000, rural_labour_transfer=20000
    )
    record_evaluation(park, 2023, "合格", date(2024, 2, 1))
    record_subsidy(park, 2023, 6000)
    evaluation = record_evaluation(
        park, 2024, "不合格", date(2025, 2, 1), rectification_deadline=date(2025, 6, 1)
    )
    record_rectification(evaluation, "整改后仍不合格", date(2025, 6, 2))
    response = client.get(f"/registry/park/{park.pk}/")
    [row] = response.context["subsidies"]
    assert row["withdrawn"] and ARTICLE_WORDS in row["reading"]
    text = response.content.decode()
    assert ARTICLE_WORDS in text
    assert "取消2023年度应划拨的运营经费补助" in text
    # Only next to a withdrawal.
    other = make_park(name="晋中另一园")
    assert (
        ARTICLE_WORDS not in client.get(f"/registry/park/{other.pk}/").content.decode()
    )


# --- the admin -------------------------------------------------------------------


@pytest.fixture
def admin(client, django_user_model):
    user = django_user_model.objects.create_superuser("root", "r@example.com", "pw")
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_the_admin_lists_show_an_overdue_rectification(admin, today):
    rectifications = reverse("wagtailsnippets_parkregistry_rectification:list")
    parks = reverse("wagtailsnippets_parkregistry_park:list")
    failing(today)  # due today: in time
    assert "逾期未整改" not in admin.get(rectifications).content.decode()
    assert "逾期未整改" not in admin.get(parks).content.decode()
    failing(today - timedelta(days=1))  # due yesterday: overdue
    assert "逾期未整改" in admin.get(rectifications).content.decode()
    assert "整改中（逾期未整改）" in admin.get(parks).content.decode()


@pytest.mark.django_db
def test_the_subsidy_list_says_normal_or_withdrawn(admin):
    park = make_park(approved_on=date(2023, 3, 1))
    SubsidyRecord.objects.create(park=park, year=2023, amount_yuan=200_000)
    SubsidyRecord.objects.create(
        park=park, year=2024, amount_yuan=200_000, withdrawn=True
    )
    listing = admin.get(reverse("wagtailsnippets_parkregistry_subsidyrecord:list"))
    text = listing.content.decode()
    assert "正常" in text and "已取消" in text
    assert ">True<" not in text and ">False<" not in text
    [column] = [
        c
        for c in listing.context["table"].columns.values()
        if c.accessor == "subsidy_status"
    ]
    assert str(column.label) == "补助状态"
    cells = [column.get_value(r) for r in SubsidyRecord.objects.order_by("year")]
    assert cells == ["正常", "已取消"]
