"""Approval (确定, Art. 10(4)) is a published 认定批复, reviewed by a second person.

The notice of these tests ran from 2026-09-28 for 8 working days (across the
National Day holidays) and closed on 2026-10-13; the suite runs on 2026-11-10.
So the approval may be dated 2026-10-14 to 2026-11-10: the closing day and
tomorrow are refused, the next day and today accepted, on every path — the
service, the decision page's form, its publication and the admin helper.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from notices.models import NoticePage
from notices.models.objections import Finding, Objection, ObjectionStatus
from notices.rules.workingdays import SHANGHAI
from notices.services.workflow import ensure_publication_workflow
from parkregistry.models import (
    DecisionIndexPage,
    DecisionKind,
    DecisionPage,
    Park,
    Stage,
)
from parkregistry.models.registry import RegistryError
from parkregistry.services.approvals import (
    approval_problems,
    approve,
    draft_approval_decision,
    earliest_approval_date,
)
from tests.factories_applications import make_city_approver, make_city_editor
from tests.factories_notices import make_application, make_notice_page
from tests.factories_objections import file_one
from tests.factories_registry import add_page, home_page

pytestmark = pytest.mark.django_db

CLOSING_DAY = date(2026, 10, 13)
DOC_NO = "市人社发〔2026〕30号"


def closed_candidate(name: str = "灵石人力资源服务产业园"):
    """The only candidate of a notice that ran 2026-09-28 to 2026-10-13."""
    app = make_application(name=name)
    page = make_notice_page(
        applications=[app], start_date=date(2026, 9, 28), working_days=8
    )
    NoticePage.objects.filter(pk=page.pk).update(
        first_published_at=datetime(2026, 9, 27, 9, tzinfo=SHANGHAI)
    )
    return NoticePage.objects.get(pk=page.pk).candidates.get()


@pytest.fixture
def index():
    page = add_page(home_page(), DecisionIndexPage(title="决定公告", slug="decisions"))
    ensure_publication_workflow(page)
    return page


def boundaries(today: date):
    """(date, accepted) at the four boundaries of the rule."""
    return [
        (CLOSING_DAY, False),
        (CLOSING_DAY + timedelta(days=1), True),
        (today, True),
        (today + timedelta(days=1), False),
    ]


# --- the service ---------------------------------------------------------------


def test_the_earliest_date_is_the_day_after_the_notice_closed():
    candidate = closed_candidate()
    assert earliest_approval_date(candidate) == date(2026, 10, 14)


@pytest.mark.parametrize("case", range(4))
def test_approve_refuses_the_closing_day_and_the_future(case, today):
    day, accepted = boundaries(today)[case]
    candidate = closed_candidate()
    if accepted:
        park = approve(candidate, "晋中灵石人力资源服务产业园", DOC_NO, day)
        assert park.approved_on == day
        candidate.subject.refresh_from_db()
        assert candidate.subject.stage == Stage.APPROVED
    else:
        with pytest.raises(RegistryError) as exc:
            approve(candidate, "晋中灵石人力资源服务产业园", DOC_NO, day)
        assert "2026年10月14日" in str(exc.value) or "将来" in str(exc.value)
        assert not Park.objects.exists()
        candidate.subject.refresh_from_db()
        assert candidate.subject.stage == Stage.IN_NOTICE


def test_the_date_problem_names_the_closing_day_and_the_earliest_date(today):
    candidate = closed_candidate()
    problems = approval_problems(candidate, "晋中灵石人力资源服务产业园", CLOSING_DAY)
    assert list(problems) == ["approved_on"]
    assert "2026年10月13日" in problems["approved_on"]
    assert "2026年10月14日" in problems["approved_on"]
    future = approval_problems(
        candidate, "晋中灵石人力资源服务产业园", today + timedelta(days=1)
    )
    assert "2026年11月11日" in future["approved_on"]
    assert approval_problems(candidate, "晋中灵石人力资源服务产业园", today) == {}


def test_a_pending_objection_refuses_the_approval():
    candidate = closed_candidate()
    file_one(candidate.page, now=datetime(2026, 10, 9, 10, tzinfo=SHANGHAI))
    problems = approval_problems(
        candidate, "晋中灵石人力资源服务产业园", date(2026, 10, 20)
    )
    assert "未办结" in problems["candidate"]
    with pytest.raises(RegistryError):
        approve(candidate, "晋中灵石人力资源服务产业园", DOC_NO, date(2026, 10, 20))
    assert not Park.objects.exists()


def test_the_draft_is_prepared_but_nothing_enters_the_registry(index, today):
    candidate = closed_candidate()
    editor = make_city_editor()
    page = draft_approval_decision(
        candidate,
        official_name="晋中灵石人力资源服务产业园",
        doc_no=DOC_NO,
        decision_date=today,
        user=editor,
    )
    assert not page.live
    assert page.kind == DecisionKind.APPROVAL
    assert page.candidate_id == candidate.pk
    assert (
        page.title == "关于认定晋中灵石人力资源服务产业园为市级人力资源服务产业园的批复"
    )
    assert page.get_latest_revision().user == editor
    assert not Park.objects.exists()
    # Asked again, the same draft comes back.
    again = draft_approval_decision(
        candidate,
        official_name="晋中灵石人力资源服务产业园",
        doc_no=DOC_NO,
        decision_date=today,
        user=editor,
    )
    assert again.pk == page.pk
    assert DecisionPage.objects.count() == 1


# --- the admin helper ---------------------------------------------------------


def helper_post(client, candidate, day, name="晋中灵石人力资源服务产业园"):
    prefix = f"c{candidate.pk}"
    return client.post(
        reverse("parkregistry_approve"),
        {
            "candidate": candidate.pk,
            f"{prefix}-official_name": name,
            f"{prefix}-doc_no": DOC_NO,
            f"{prefix}-decision_date": day.isoformat(),
        },
    )


def test_the_helper_shows_an_iso_date_default(index, client, today):
    candidate = closed_candidate()
    client.force_login(make_city_editor())
    html = client.get(reverse("parkregistry_approve")).content.decode()
    assert "晋中灵石人力资源服务产业园" in html
    # An <input type="date"> shows only an ISO value; 2026/11/10 would be blank.
    assert f'name="c{candidate.pk}-decision_date" value="{today.isoformat()}"' in html
    assert 'type="date"' in html
    assert "2026/11/10" not in html


@pytest.mark.parametrize("case", range(4))
def test_the_helper_drafts_a_decision_at_the_boundaries(case, index, client, today):
    day, accepted = boundaries(today)[case]
    candidate = closed_candidate()
    client.force_login(make_city_editor())
    response = helper_post(client, candidate, day)
    assert not Park.objects.exists()
    if accepted:
        page = DecisionPage.objects.get()
        assert response.status_code == 302
        assert response["Location"] == reverse(
            "wagtailadmin_pages:edit", args=[page.pk]
        )
        assert not page.live
        assert page.decision_date == day
        assert page.doc_no == DOC_NO
    else:
        assert response.status_code == 400
        assert not DecisionPage.objects.exists()
        errors = response.context["rows"][0]["form"].errors
        assert "decision_date" in errors, errors


def test_the_helper_refuses_a_name_without_the_prefix(index, client, today):
    candidate = closed_candidate()
    client.force_login(make_city_editor())
    response = helper_post(client, candidate, today, name="灵石园")
    assert response.status_code == 400
    assert "晋中" in str(response.context["rows"][0]["form"].errors["official_name"])
    assert not DecisionPage.objects.exists()


def test_the_helper_offers_no_form_while_an_objection_is_pending(index, client):
    candidate = closed_candidate()
    file_one(candidate.page, now=datetime(2026, 10, 9, 10, tzinfo=SHANGHAI))
    client.force_login(make_city_editor())
    html = client.get(reverse("parkregistry_approve")).content.decode()
    assert "未办结" in html
    assert f'name="c{candidate.pk}-doc_no"' not in html
    response = helper_post(client, candidate, date(2026, 10, 20))
    assert response.status_code == 400
    assert "未办结" in str(response.context["rows"][0]["form"].non_field_errors())
    assert not DecisionPage.objects.exists()


def test_approvers_and_county_editors_cannot_use_the_helper(index, client):
    from tests.factories_applications import make_county_editor

    closed_candidate()
    for user in (make_city_approver(), make_county_editor("county", "yuci")):
        client.force_login(user)
        # Wagtail's admin answers a refused view with 403 or a redirect home.
        assert client.get(reverse("parkregistry_approve")).status_code in (302, 403)
        response = client.post(reverse("parkregistry_approve"), {})
        assert response.status_code in (302, 403)
        assert response.get("Location", "/admin/") == "/admin/"
    assert not DecisionPage.objects.exists()


# --- the decision page and the workflow ------------------------------------------


def decision_form(candidate, day, **overrides) -> dict:
    fields = {
        "title": "关于认定晋中灵石人力资源服务产业园为市级人力资源服务产业园的批复",
        "slug": "approval-lingshi",
        "kind": "approval",
        "doc_no": DOC_NO,
        "decision_date": day.isoformat(),
        "year": "",
        "candidate": str(candidate.pk),
        "official_name": "晋中灵石人力资源服务产业园",
        "body": rich_text("<p>认定。</p>"),
        "comments": inline_formset([]),
    }
    fields.update(overrides)
    return nested_form_data(fields)


@pytest.mark.parametrize("case", range(4))
def test_the_decision_page_form_checks_the_date(
    case, index, client, django_user_model, today
):
    day, accepted = boundaries(today)[case]
    candidate = closed_candidate()
    root = django_user_model.objects.create_superuser("root", "r@example.com", "pw")
    client.force_login(root)
    url = reverse(
        "wagtailadmin_pages:add", args=("parkregistry", "decisionpage", index.pk)
    )
    response = client.post(
        url, decision_form(candidate, day, **{"action-publish": "1"})
    )
    if accepted:
        assert response.status_code == 302
        park = Park.objects.get()
        assert park.approved_on == day
        assert park.approval_doc_no == DOC_NO
    else:
        assert response.status_code == 200
        assert "decision_date" in response.context["form"].errors
        assert not DecisionPage.objects.exists()
        assert not Park.objects.exists()


def test_the_decision_page_form_refuses_a_pending_objection(
    index, client, django_user_model
):
    candidate = closed_candidate()
    file_one(candidate.page, now=datetime(2026, 10, 9, 10, tzinfo=SHANGHAI))
    root = django_user_model.objects.create_superuser("root", "r@example.com", "pw")
    client.force_login(root)
    url = reverse(
        "wagtailadmin_pages:add", args=("parkregistry", "decisionpage", index.pk)
    )
    response = client.post(
        url, decision_form(candidate, date(2026, 10, 20), **{"action-publish": "1"})
    )
    assert response.status_code == 200
    assert "未办结" in str(response.context["form"].errors["candidate"])
    assert not Park.objects.exists()


def test_editor_drafts_and_submits_the_approver_approves_and_the_park_enters(
    index, client, today
):
    candidate = closed_candidate()
    editor = make_city_editor()
    approver = make_city_approver()
    client.force_login(editor)
    response = helper_post(client, candidate, date(2026, 10, 20))
    page = DecisionPage.objects.get()
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert response["Location"] == edit_url
    html = client.get(edit_url).content.decode()
    assert "2026-10-20" in html  # the date field shows the prepared date
    # The editor cannot publish it: the park does not enter.
    client.post(
        edit_url,
        decision_form(
            candidate, date(2026, 10, 20), slug=page.slug, **{"action-publish": "1"}
        ),
    )
    page.refresh_from_db()
    assert not page.live
    assert not Park.objects.exists()
    # The editor submits it for approval.
    response = client.post(
        edit_url,
        decision_form(
            candidate,
            date(2026, 10, 20),
            slug=page.slug,
            title=page.title,
            **{"action-submit": "1"},
        ),
    )
    assert response.status_code == 302
    state = WorkflowState.objects.get(
        base_content_type__model="page", object_id=str(page.pk)
    )
    task_state = state.current_task_state
    assert not Park.objects.exists()
    # A second person, the approver, approves it: the decision is published.
    client.force_login(approver)
    response = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[page.pk, "approve", task_state.pk],
        ),
        {"comment": ""},
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live
    park = Park.objects.get()
    assert park.name == "晋中灵石人力资源服务产业园"
    assert park.approved_on == date(2026, 10, 20)
    assert park.approval_doc_no == DOC_NO
    assert list(page.parks.all()) == [park]
    candidate.subject.refresh_from_db()
    assert candidate.subject.stage == Stage.APPROVED


def test_an_objection_reopened_after_submission_stops_the_approver(index, today):
    candidate = closed_candidate()
    filed = file_one(candidate.page, now=datetime(2026, 10, 9, 10, tzinfo=SHANGHAI))
    objection = filed.objection
    Objection.objects.filter(pk=objection.pk).update(
        status=ObjectionStatus.CLOSED, finding=Finding.NOT_SUSTAINED
    )
    editor = make_city_editor()
    approver = make_city_approver()
    page = draft_approval_decision(
        candidate,
        official_name="晋中灵石人力资源服务产业园",
        doc_no=DOC_NO,
        decision_date=today,
        user=editor,
    )
    state = page.get_workflow().start(page, editor)
    assert page.publication_problem() is None
    # The objection is being handled again before the approver acts.
    Objection.objects.filter(pk=objection.pk).update(
        status=ObjectionStatus.CHECKING, finding=Finding.NONE
    )
    task = state.current_task_state.task.specific
    page = DecisionPage.objects.get(pk=page.pk)
    assert "approve" not in [a[0] for a in task.get_actions(page, approver)]
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied) as exc:
        task.on_action(state.current_task_state, approver, "approve")
    assert "未办结" in str(exc.value)
    page.refresh_from_db()
    assert not page.live
    assert not Park.objects.exists()


def test_a_decision_recording_earlier_approvals_is_not_dated_in_the_future(
    index, today
):
    """A 认定批复 that links parks approved before this system (no candidate)."""
    from django.core.exceptions import ValidationError

    from tests.factories_registry import make_park

    park = make_park(name="晋中已认定园")
    page = DecisionPage(
        title="关于认定晋中已认定园的批复",
        slug="approval-earlier",
        kind=DecisionKind.APPROVAL,
        doc_no="市人社发〔2023〕1号",
        decision_date=today + timedelta(days=1),
    )
    page.parks = [park]
    with pytest.raises(ValidationError) as exc:
        index.add_child(instance=page)
    assert "decision_date" in exc.value.message_dict
    page.decision_date = today
    index.add_child(instance=page)
    page.save_revision().publish()
    assert list(DecisionPage.objects.get(pk=page.pk).parks.all()) == [park]


def test_parks_cannot_be_copied_in_the_admin():
    from django.urls import NoReverseMatch

    with pytest.raises(NoReverseMatch):
        reverse("wagtailsnippets_parkregistry_park:copy", args=[1])


def test_no_second_draft_once_the_candidate_is_approved(index, today):
    candidate = closed_candidate()
    approve(candidate, "晋中灵石人力资源服务产业园", DOC_NO, today)
    with pytest.raises(RegistryError, match="已经认定"):
        draft_approval_decision(
            candidate,
            official_name="晋中灵石人力资源服务产业园",
            doc_no=DOC_NO,
            decision_date=today,
        )
    assert not DecisionPage.objects.exists()
