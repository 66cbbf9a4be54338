"""Art. 23: an evaluation is dated in Q1 of the next year and never in the future.

The boundaries: 1 January and 31 March are in Q1, 1 April is not; today is
allowed, tomorrow is not — in the pure rule, the service, the model's clean()
and the admin form. The clock is the suite's (TEST_NOW, 2026-11-10) or a moment
a test travels to.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from parkregistry.models import (
    AnnualTask,
    DecisionIndexPage,
    DecisionKind,
    DecisionPage,
    Evaluation,
    Rectification,
    SubsidyRecord,
)
from parkregistry.models.registry import RegistryError
from parkregistry.rules.registry import evaluation_date_error, evaluation_errors
from parkregistry.services.evaluations import record_evaluation
from tests.factories_registry import add_page, home_page, make_park

TZ = ZoneInfo("Asia/Shanghai")


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, 0, tzinfo=TZ)


# --- the pure rule -------------------------------------------------------------


@pytest.mark.parametrize(
    ("held_on", "ok"),
    [
        (date(2025, 12, 31), False),  # the operating year itself
        (date(2026, 1, 1), True),  # first day of Q1
        (date(2026, 3, 31), True),  # last day of Q1
        (date(2026, 4, 1), False),  # first day after Q1
        (date(2027, 1, 15), False),  # Q1 of the year after next
    ],
)
def test_q1_of_the_next_year(held_on, ok, today):
    assert (evaluation_date_error(2025, held_on, today) is None) is ok


@pytest.mark.parametrize(
    ("offset", "ok"),
    [(timedelta(days=-1), True), (timedelta(0), True), (timedelta(days=1), False)],
)
def test_today_is_allowed_tomorrow_is_not(offset, ok):
    today = date(2026, 2, 10)
    assert (evaluation_date_error(2025, today + offset, today) is None) is ok


def test_the_reported_case_is_refused_in_chinese(today):
    # 2026's evaluation dated 2027-01-15, recorded in 2026.
    message = evaluation_date_error(2026, date(2027, 1, 15), today)
    assert message is not None
    assert "2027年1月15日" in message and "2026年11月10日" in message
    errors = evaluation_errors(
        year=2026,
        held_on=date(2027, 1, 15),
        approved_on=date(2023, 6, 1),
        grade="优秀",
        rectification_deadline=None,
        today=today,
    )
    assert errors["held_on"] == [message]


# --- the service -----------------------------------------------------------------


@pytest.mark.django_db
def test_the_service_refuses_a_future_date_and_leaves_nothing_behind(today):
    park = make_park()
    AnnualTask.objects.create(
        year=2026, urban_new_employment=30000, rural_labour_transfer=20000
    )
    with pytest.raises(RegistryError) as exc:
        record_evaluation(park, 2026, "优秀", date(2027, 1, 15))
    assert "2027年1月15日" in str(exc.value)
    assert not Evaluation.objects.exists()
    assert not SubsidyRecord.objects.exists()
    # Nor can a commendation then be built on it.
    index = add_page(home_page(), DecisionIndexPage(title="决定公告", slug="decisions"))
    with pytest.raises(ValidationError):
        add_page(
            index,
            DecisionPage(
                title="通报表扬",
                slug="praise",
                kind=DecisionKind.COMMENDATION,
                doc_no="市人社函〔2026〕1号",
                decision_date=today,
                year=2026,
            ),
        )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("held_on", "ok"),
    [
        (date(2026, 1, 1), True),
        (date(2026, 3, 31), True),
        (date(2026, 4, 1), False),
    ],
)
def test_the_service_keeps_to_q1(held_on, ok):
    park = make_park()
    if ok:
        assert record_evaluation(park, 2025, "合格", held_on).held_on == held_on
    else:
        with pytest.raises(RegistryError, match="第一季度"):
            record_evaluation(park, 2025, "合格", held_on)


@pytest.mark.django_db
def test_the_service_takes_today_but_not_tomorrow(clock):
    park = make_park()
    with time_machine.travel(at(date(2027, 1, 15)), tick=False):
        with pytest.raises(RegistryError):
            record_evaluation(park, 2026, "合格", date(2027, 1, 16))  # tomorrow
        evaluation = record_evaluation(park, 2026, "合格", date(2027, 1, 15))  # today
    assert evaluation.held_on == date(2027, 1, 15)


@pytest.mark.django_db
def test_the_service_takes_the_day_it_is_told_is_today(today):
    park = make_park()
    with pytest.raises(RegistryError):
        record_evaluation(
            park, 2025, "合格", date(2026, 2, 11), today=date(2026, 2, 10)
        )
    record_evaluation(park, 2025, "合格", date(2026, 2, 10), today=date(2026, 2, 10))


@pytest.mark.django_db
def test_a_fail_dated_in_the_future_orders_no_rectification(today):
    park = make_park()
    with pytest.raises(RegistryError):
        record_evaluation(
            park,
            2026,
            "不合格",
            date(2027, 1, 15),
            rectification_deadline=date(2027, 4, 30),
        )
    assert not Rectification.objects.exists()
    park.refresh_from_db()
    assert park.status == "normal"


# --- the model (admin snippet form) ---------------------------------------------


@pytest.mark.django_db
def test_model_clean_refuses_tomorrow(today):
    park = make_park()
    with time_machine.travel(at(date(2026, 2, 10)), tick=False):
        ok = Evaluation(park=park, year=2025, grade="合格", held_on=date(2026, 2, 10))
        ok.full_clean(validate_constraints=False)
        tomorrow = Evaluation(
            park=park, year=2025, grade="合格", held_on=date(2026, 2, 11)
        )
        with pytest.raises(ValidationError) as exc:
            tomorrow.full_clean(validate_constraints=False)
    assert "held_on" in exc.value.message_dict


@pytest.fixture
def admin(client, django_user_model):
    user = django_user_model.objects.create_superuser("root", "r@example.com", "pw")
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_the_admin_form_refuses_a_future_date(admin, today):
    park = make_park()
    url = reverse("wagtailsnippets_parkregistry_evaluation:add")
    refused = admin.post(
        url, {"park": park.pk, "year": 2026, "held_on": "2027-01-15", "grade": "优秀"}
    )
    assert refused.status_code == 200
    assert "2027年1月15日" in str(refused.context["form"].errors["held_on"])
    assert not Evaluation.objects.exists()
    accepted = admin.post(
        url, {"park": park.pk, "year": 2025, "held_on": "2026-03-31", "grade": "优秀"}
    )
    assert accepted.status_code == 302
    assert Evaluation.objects.get().held_on == date(2026, 3, 31)


@pytest.mark.django_db
def test_editing_the_notes_of_a_future_dated_evaluation_asks_for_the_date(admin):
    """A row recorded before the rule (dated in the future) cannot be saved
    again until its date is corrected."""
    park = make_park()
    evaluation = Evaluation.objects.create(
        park=park, year=2026, grade="合格", held_on=date(2027, 1, 15)
    )
    url = reverse("wagtailsnippets_parkregistry_evaluation:edit", args=[evaluation.pk])
    refused = admin.post(
        url,
        {
            "park": park.pk,
            "year": 2026,
            "held_on": "2027-01-15",
            "grade": "合格",
            "role_played": "备注",
        },
    )
    assert refused.status_code == 200
    assert "held_on" in refused.context["form"].errors


# --- the result of a rectification is not dated in the future either ------------


@pytest.mark.django_db
def test_a_rectification_result_is_not_dated_in_the_future(today):
    from parkregistry.services.evaluations import record_rectification

    park = make_park()
    evaluation = record_evaluation(
        park, 2025, "不合格", date(2026, 2, 1), rectification_deadline=date(2026, 5, 31)
    )
    with pytest.raises(RegistryError, match="2026年11月11日"):
        record_rectification(evaluation, "整改合格", today + timedelta(days=1))
    assert record_rectification(evaluation, "整改合格", today).result == "整改合格"


@pytest.mark.django_db
def test_the_rectification_form_refuses_a_future_result(admin, today):
    park = make_park()
    evaluation = record_evaluation(
        park, 2025, "不合格", date(2026, 2, 1), rectification_deadline=date(2026, 5, 31)
    )
    url = reverse(
        "wagtailsnippets_parkregistry_rectification:edit",
        args=[evaluation.rectification.pk],
    )
    refused = admin.post(
        url,
        {"deadline": "2026-05-31", "result": "整改合格", "decided_on": "2026-11-11"},
    )
    assert refused.status_code == 200
    assert "decided_on" in refused.context["form"].errors
    assert not Rectification.objects.get().result
