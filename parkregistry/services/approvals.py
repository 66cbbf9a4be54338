"""Approval of applications and entry into the registry (Art. 10(4), 11, 12).

An approval (确定) is a published decision: a 认定批复 decision page, written by
a city editor and approved by a second person in the publication workflow.
Publishing it calls ``approve``, the guarded step that turns a notice candidate
whose notice has closed into a registered park (or adds the sub-parks of an
Art. 11 request). ``approval_problems``, ``check_may_approve`` and
``approval_date_error`` say beforehand, field by field, why it would be
refused; every path (the decision page's form, its publication, the approval
helper) asks them. ``draft_approval_decision`` prepares the draft decision for a
candidate. ``enter_park`` copies an application into the registry with its
one-off recognition award, also for importing earlier approvals, and
``proposed_name`` suggests the official name. Each runs in one transaction and
records who acted (simple-history).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from notices.models.approval import Approvability, may_approve
from notices.models.calendars import DateOutOfRange
from notices.rules.formatting import long_date
from notices.rules.workingdays import CalendarError
from parkregistry.models import (
    Application,
    DecisionIndexPage,
    DecisionKind,
    DecisionPage,
    Park,
    ParkInstitution,
    ParkSite,
    ParkStatus,
    RecognitionAward,
    Stage,
)
from parkregistry.models.in_force import policy_in_force
from parkregistry.models.registry import (
    RegistryError,
    name_prefix_error,
    name_prefix_on,
)
from parkregistry.rules import money
from parkregistry.rules.terms import NoPolicyInForce
from parkregistry.services.applications import IllegalMove, approve_sub_park, move
from parkregistry.services.history import attributed


def proposed_name(application: Application, day: date | None = None) -> str:
    """晋中 + the proposed name (unless the name already begins with it)."""
    prefix = name_prefix_on(day)
    name = application.name.strip()
    return name if name.startswith(prefix) else prefix + name


def enter_park(
    application: Application,
    official_name: str,
    doc_no: str,
    approved_on: date,
    user=None,
    notice=None,
) -> Park:
    """Enter an approved application in the registry (no notice check).

    Copies county, address, sites and institutions from the application and
    records the one-off recognition award (Art. 12). ``approve`` is the guarded
    entry point; this is used by it and for importing earlier approvals.

    Raises:
        RegistryError: the name lacks the prefix, is taken, or no document number.
    """
    official_name = (official_name or "").strip()
    try:
        terms = policy_in_force(approved_on)
    except NoPolicyInForce as exc:
        raise RegistryError(
            _(
                "No version of the measures is in force on %(date)s: register the "
                "renewed version before approving."
            )
            % {"date": approved_on.isoformat()}
        ) from exc
    message = name_prefix_error(official_name, approved_on)
    if message:
        raise RegistryError(message)
    if not (doc_no or "").strip():
        raise RegistryError(_("Enter the approval document number."))
    if Park.objects.filter(name=official_name).exists():
        raise RegistryError(
            _("A park named “%(name)s” is already in the registry.")
            % {"name": official_name}
        )
    with transaction.atomic():
        park = Park(
            name=official_name,
            county=application.county,
            address=application.address,
            operator=getattr(application, "applicant_unit", "") or "",
            services=_services_text(application),
            application=application,
            notice=notice,
            approval_doc_no=doc_no.strip(),
            approved_on=approved_on,
        )
        attributed(park, user, _("Approved and entered in the registry")).save()
        for n, site in enumerate(application.sites.all()):
            attributed(
                ParkSite(
                    park=park,
                    name=site.name,
                    address=site.address,
                    area_m2=site.area_m2,
                    is_core=site.is_core,
                    sort_order=n,
                ),
                user,
            ).save()
        for n, inst in enumerate(application.institutions.all()):
            attributed(
                ParkInstitution(
                    park=park,
                    name=inst.name,
                    licence_no=inst.licence_no,
                    operating=inst.operating,
                    sort_order=n,
                ),
                user,
            ).save()
        attributed(
            RecognitionAward(
                park=park,
                amount_yuan=money.recognition_award(terms),
                awarded_on=approved_on,
                policy_title=f"{terms.title} {terms.doc_no}".strip(),
            ),
            user,
        ).save()
    return park


def ensure_recognition_award(park: Park, user=None) -> RecognitionAward | None:
    """Record the one-off award (Art. 12) of a park entered without an approval
    through this system (e.g. imported by an editor); once only.

    Returns:
        The award, or None when no policy was in force on the approval date.
    """
    existing = RecognitionAward.objects.filter(park=park).first()
    if existing:
        return existing
    try:
        terms = policy_in_force(park.approved_on)
    except NoPolicyInForce:
        return None
    award = RecognitionAward(
        park=park,
        amount_yuan=money.recognition_award(terms),
        awarded_on=park.approved_on,
        policy_title=f"{terms.title} {terms.doc_no}".strip(),
    )
    attributed(award, user).save()
    return award


def _services_text(application: Application) -> str:
    services = getattr(application, "services_offered", None)
    if isinstance(services, list | tuple):
        return "\n".join(str(s) for s in services)
    if isinstance(services, str):
        return services
    return ""


def check_may_approve(candidate, now: datetime | None = None):
    """``notices.models.approval.may_approve``, with a window that cannot be computed
    (a year without confirmed holidays) reported as a refusal, never a crash."""
    try:
        return may_approve(candidate, now=now)
    except (CalendarError, DateOutOfRange) as exc:
        return Approvability(False, str(exc))


def earliest_approval_date(candidate) -> date | None:
    """The first day an approval of ``candidate`` may carry: the day after its
    notice window closed (None when the window cannot be computed)."""
    try:
        window = candidate.page.window()
    except (CalendarError, DateOutOfRange, ValueError):
        return None
    return timezone.localtime(window.closes_at).date() + timedelta(days=1)


def approval_date_error(candidate, approved_on: date, today: date | None = None) -> str:
    """Why ``approved_on`` cannot be the date of ``candidate``'s approval ("" if
    it can): it must fall after the day the notice closed (Art. 10(3)–(4): the
    approval follows the notice) and never after today (local date).
    """
    today = today or timezone.localdate()
    earliest = earliest_approval_date(candidate)
    if earliest is not None and approved_on < earliest:
        return _(
            "The approval date must come after the notice period: the notice "
            "closed on %(closed)s, so the earliest approval date is %(earliest)s."
        ) % {
            "closed": long_date(earliest - timedelta(days=1)),
            "earliest": long_date(earliest),
        }
    return future_approval_error(approved_on, today)


def future_approval_error(approved_on: date, today: date | None = None) -> str:
    """Why ``approved_on`` cannot date an approval because it lies after today
    (local date); "" when it does not."""
    today = today or timezone.localdate()
    if approved_on > today:
        return _(
            "The approval date %(date)s lies in the future: an approval is dated "
            "today (%(today)s) at the latest."
        ) % {"date": long_date(approved_on), "today": long_date(today)}
    return ""


def _already_approved(application: Application) -> bool:
    if Park.objects.filter(application=application).exists():
        return True
    return bool(application.park_id and application.stage == Stage.APPROVED)


def approval_problems(
    candidate,
    official_name: str,
    approved_on: date | None = None,
    now: datetime | None = None,
) -> dict[str, str]:
    """Why ``candidate`` cannot be approved, by what is wrong (empty if it can).

    Args:
        candidate: the notice candidate to approve.
        official_name: the official name it would enter the registry under.
        approved_on: the approval date, when known (checked by
            ``approval_date_error``).
        now: the moment of the check (default: now).

    Returns:
        ``{"candidate": …}`` when the notice, its objections or the stage refuse
        it (``notices.models.approval.may_approve``), ``{"approved_on": …}`` for
        the date, ``{"official_name": …}`` for the name.
    """
    problems: dict[str, str] = {}
    application = candidate.subject
    today = timezone.localdate(now) if now else timezone.localdate()
    if approved_on is not None:
        message = approval_date_error(candidate, approved_on, today=today)
        if message:
            problems["approved_on"] = message
    if _already_approved(application):
        return problems  # publishing the decision again changes nothing
    answer = check_may_approve(candidate, now=now)
    if not answer:
        problems["candidate"] = answer.reason
    elif application.stage != Stage.IN_NOTICE:
        problems["candidate"] = _("The application is not in public notice.")
    if not application.park_id:  # a sub-park request keeps the park's name
        message = name_prefix_error(official_name, approved_on or today)
        if message:
            problems["official_name"] = message
    return problems


def approve(
    candidate,
    official_name: str,
    doc_no: str,
    approved_on: date,
    user=None,
    now: datetime | None = None,
) -> Park:
    """Approve a notice candidate (确定): the park enters the registry.

    Args:
        candidate: a ``notices.NoticeCandidate`` whose notice has closed.
        official_name: the official name; must begin with the policy prefix.
        doc_no: the approval document number.
        approved_on: the approval date.
        user: the city editor approving.
        now: the moment of the check (default: now).

    Returns:
        The new park (or the existing one when already approved: idempotent).

    Raises:
        RegistryError: ``may_approve`` refuses (the notice has not closed, an
            objection is sustained or still being handled), the date is on or
            before the notice's closing day or in the future, or the name or
            number is wrong.
    """
    application = candidate.subject
    existing = Park.objects.filter(application=application).first()
    if existing:
        return existing
    if application.park_id and application.stage == Stage.APPROVED:
        return application.park  # the sub-park request was approved already
    answer = check_may_approve(candidate, now=now)
    if not answer:
        raise RegistryError(answer.reason)
    today = timezone.localdate(now) if now else timezone.localdate()
    message = approval_date_error(candidate, approved_on, today=today)
    if message:
        raise RegistryError(message)
    if application.park_id:
        return add_sub_parks(candidate, doc_no, approved_on, user=user)
    with transaction.atomic():
        try:
            move(application, Stage.APPROVED, user, note=doc_no)
        except IllegalMove as exc:
            raise RegistryError(str(exc)) from exc
        application.refresh_from_db()
        return enter_park(
            application,
            official_name,
            doc_no,
            approved_on,
            user=user,
            notice=candidate.page,
        )


class ApprovalRefused(RegistryError):
    """The approval cannot be prepared; ``problems`` says why, as
    ``approval_problems`` does (plus ``doc_no``)."""

    def __init__(self, problems: dict[str, str]):
        super().__init__(" ".join(problems.values()))
        self.problems = problems


def pending_approval_decision(candidate) -> DecisionPage | None:
    """The unpublished 认定批复 drafted for ``candidate`` (None if there is none)."""
    return (
        DecisionPage.objects.filter(
            kind=DecisionKind.APPROVAL, candidate=candidate, live=False
        )
        .order_by("pk")
        .first()
    )


def approval_decision_title(candidate, official_name: str) -> str:
    """The customary title of the 认定批复 of ``candidate``."""
    application = candidate.subject
    if application.park_id:
        return _("Approval of the sub-parks of %(park)s") % {
            "park": application.park.name
        }
    return _(
        "Approval of %(name)s as a municipal-level human resources service "
        "industrial park"
    ) % {"name": official_name}


def _approval_decision_body(candidate, official_name: str) -> str:
    application = candidate.subject
    if application.park_id:
        text = _(
            "After the expert review and the notice “%(notice)s”, whose period has "
            "ended, %(park)s is allowed to add the sub-parks: %(sites)s."
        ) % {
            "notice": candidate.page.title,
            "park": application.park.name,
            "sites": "、".join(s.name for s in application.sites.all()),
        }
    else:
        text = _(
            "After the expert review and the notice “%(notice)s”, whose period has "
            "ended, %(name)s is approved as a municipal-level human resources "
            "service industrial park."
        ) % {"notice": candidate.page.title, "name": official_name}
    return format_html("<p>{}</p>", text)


def draft_approval_decision(
    candidate,
    *,
    official_name: str,
    doc_no: str,
    decision_date: date,
    user=None,
    now: datetime | None = None,
) -> DecisionPage:
    """Prepare the 认定批复 of ``candidate`` as a draft decision page.

    The draft is not published: the city editor edits its text and submits it,
    and a 市局审核 approver approves it in the publication workflow; publishing
    it calls ``approve`` (``apply_decision``). When a draft for the candidate
    exists already, it is returned unchanged.

    Args:
        candidate: the notice candidate to approve.
        official_name: the official name (晋中 + the proposed name); ignored for
            a sub-park request, which keeps the park's name.
        doc_no: the approval document number (文号).
        decision_date: the date of the decision.
        user: the city editor preparing it (the draft's owner and author).
        now: the moment of the check (default: now).

    Returns:
        The draft decision page.

    Raises:
        ApprovalRefused: the candidate cannot be approved on that date under
            that name (``approval_problems``), or the number is missing.
        RegistryError: the candidate was approved already, or there is no
            decision index (决定公告) to put it under.
    """
    existing = pending_approval_decision(candidate)
    if existing is not None:
        return existing
    index = DecisionIndexPage.objects.first()
    if index is None:
        raise RegistryError(
            _("Create the decision index page (决定公告) before preparing decisions.")
        )
    application = candidate.subject
    if _already_approved(application):
        raise RegistryError(
            _("“%(name)s” has already been approved.") % {"name": application.name}
        )
    official_name = "" if application.park_id else (official_name or "").strip()
    problems = approval_problems(candidate, official_name, decision_date, now=now)
    if not (doc_no or "").strip():
        problems["doc_no"] = _("Enter the approval document number.")
    if problems:
        raise ApprovalRefused(problems)
    with transaction.atomic():
        # No slug: the page numbers itself /decisions/<year>-<n>/.
        page = DecisionPage(
            title=approval_decision_title(candidate, official_name),
            kind=DecisionKind.APPROVAL,
            doc_no=doc_no.strip(),
            decision_date=decision_date,
            candidate=candidate,
            official_name=official_name,
            body=_approval_decision_body(candidate, official_name),
            live=False,
            owner=user if getattr(user, "pk", None) else None,
        )
        index.add_child(instance=page)
        revision = page.save_revision(user=user, log_action=False)
        log(instance=page, action="wagtail.create", user=user, revision=revision)
    return page


def add_sub_parks(candidate, doc_no: str, approved_on: date, user=None) -> Park:
    """Approve a request to add sub-parks to an existing park (Art. 11).

    Delegates to ``applications_services.approve_sub_park``, which adds the
    sites within the policy's limit; no second recognition award.

    Raises:
        RegistryError: the park is revoked, or the request cannot be approved.
    """
    application = candidate.subject
    park = Park.objects.get(pk=application.park_id)
    if park.status == ParkStatus.REVOKED:
        raise RegistryError(_("The park has been revoked: no sub-park can be added."))
    try:
        approve_sub_park(application, user=user, note=doc_no)
    except IllegalMove as exc:
        raise RegistryError(str(exc)) from exc
    return Park.objects.get(pk=park.pk)
