"""Decisions (决定) published as pages and what they do to the registry.

``decision_errors`` and ``decision_errors_for`` say, field by field, what stops
a decision page from being applied (checked before publishing); ``apply_decision``
applies a published decision: an approval enters the park, a results or
commendation notice is linked to the year's evaluations, a revocation decision
confirms the proposed revocations. ``DecisionPage`` names these three functions
by dotted path (``form_check``, ``record_check``, ``apply_step``).
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from parkregistry.models import (
    DecisionKind,
    DecisionPage,
    Evaluation,
    Grade,
    Park,
    Revocation,
)
from parkregistry.rules import decisions as decision_rules
from parkregistry.services.approvals import (
    approval_problems,
    approve,
    future_approval_error,
)
from parkregistry.services.revocations import confirm_revocation


def decision_errors(
    page: DecisionPage, parks=None, *, check_text: bool = True
) -> dict[str, list[str]]:
    """What stops a decision page from being applied, by field (before publish).

    Args:
        page: the decision page (its own fields are checked).
        parks: the parks concerned when the caller has them (the admin form's
            cleaned data); by default the page's own.
        check_text: check that a revocation's text states the facts and basis
            (left out for a draft, which may be written later).
    """
    if parks is None:
        parks = list(page.parks.all())
    return decision_errors_for(
        kind=page.kind,
        year=page.year,
        candidate=page.candidate if page.candidate_id else None,
        official_name=page.official_name or "",
        parks=list(parks),
        decision_date=page.decision_date,
        body=(page.body or "") if check_text else None,
    )


def decision_errors_for(
    *,
    kind: str,
    year: int | None,
    candidate,
    official_name: str,
    parks: list,
    body: str | None = None,
    decision_date: date | None = None,
) -> dict[str, list[str]]:
    """What stops a decision from being applied, by field.

    Args:
        kind, year, candidate, official_name, parks: the decision's fields.
        body: the decision's text (rich text); None leaves the text unchecked
            (a draft). A revocation's text must state the facts and the basis
            (``parkregistry.rules.decisions``).
        decision_date: the decision's date. An approval is dated after the day
            its notice closed and never after today
            (``parkregistry.services.approvals.approval_date_error``).
    """
    errors: dict[str, list[str]] = {}
    if kind in (DecisionKind.RESULTS, DecisionKind.COMMENDATION):
        if not year:
            errors["year"] = [_("Enter the operating year evaluated.")]
        elif not Evaluation.objects.filter(year=year).exists():
            errors["year"] = [
                _("No evaluation has been recorded for %(year)s.") % {"year": year}
            ]
        elif (
            kind == DecisionKind.COMMENDATION
            and not Evaluation.objects.filter(year=year, grade=Grade.EXCELLENT).exists()
        ):
            errors["year"] = [
                _("No park was graded excellent for %(year)s.") % {"year": year}
            ]
    elif kind == DecisionKind.APPROVAL:
        if candidate is None:
            # Parks approved before this system (历史认定): only linked.
            if not parks:
                errors["candidate"] = [
                    _("Choose the candidate approved (or the parks already approved).")
                ]
            message = future_approval_error(decision_date) if decision_date else ""
            if message:
                errors["decision_date"] = [message]
        else:
            # The same checks as ``approve`` on publication: the notice closed,
            # no objection sustained or still being handled (may_approve), the
            # date after the closing day and not in the future, the name.
            problems = approval_problems(candidate, official_name, decision_date)
            fields = {"approved_on": "decision_date"}
            for key, message in problems.items():
                errors.setdefault(fields.get(key, key), []).append(message)
    elif kind == DecisionKind.REVOCATION:
        if body is not None:
            message = decision_rules.revocation_text_error(body)
            if message:
                errors["body"] = [message]
        if not parks:
            errors["parks"] = [_("Choose the parks whose status is revoked.")]
        for park in parks:
            if not Revocation.objects.filter(park=park).exists():
                errors.setdefault("parks", []).append(
                    _(
                        "No revocation has been proposed for “%(park)s”: it needs "
                        "two consecutive fail grades."
                    )
                    % {"park": park}
                )
    return errors


def apply_decision(page: DecisionPage, user=None) -> None:
    """Apply a published decision to the registry (idempotent).

    Raises:
        RegistryError: the decision cannot be applied (checked before publishing
            by ``DecisionPage.clean``).
    """
    page = DecisionPage.objects.get(pk=page.pk)
    with transaction.atomic():
        if page.kind == DecisionKind.APPROVAL and page.candidate_id:
            park = approve(
                page.candidate,
                page.official_name,
                page.doc_no,
                page.decision_date,
                user=user,
            )
            _link(page, [park])
        elif page.kind == DecisionKind.RESULTS and page.year:
            evaluations = Evaluation.objects.filter(year=page.year)
            evaluations.update(result_decision=page)
            _link(page, Park.objects.filter(evaluations__year=page.year))
        elif page.kind == DecisionKind.COMMENDATION and page.year:
            evaluations = Evaluation.objects.filter(
                year=page.year, grade=Grade.EXCELLENT
            )
            evaluations.update(commendation_decision=page)
            _link(
                page,
                Park.objects.filter(
                    evaluations__year=page.year, evaluations__grade=Grade.EXCELLENT
                ),
            )
        elif page.kind == DecisionKind.REVOCATION:
            for park in page.parks.all():
                confirm_revocation(
                    park, page.decision_date, page.doc_no, user=user, decision=page
                )


def _link(page: DecisionPage, parks) -> None:
    """Link parks to a decision in the database (the field is a cluster field)."""
    through = DecisionPage.parks.through
    for park in parks:
        through.objects.get_or_create(decisionpage_id=page.pk, park_id=park.pk)
