"""Approval of applications and entry into the registry (Art. 10(4), 11, 12).

``approve`` is the guarded step that turns a notice candidate whose notice has
closed into a registered park (or adds the sub-parks of an Art. 11 request);
``approval_errors`` and ``check_may_approve`` say beforehand why it would be
refused. ``enter_park`` copies an application into the registry with its
one-off recognition award, also for importing earlier approvals, and
``proposed_name`` suggests the official name. Each runs in one transaction and
records who acted (simple-history).
"""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from notices.models.approval import Approvability, may_approve
from notices.models.calendars import DateOutOfRange
from notices.rules.workingdays import CalendarError
from parkregistry.models import (
    Application,
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


def approval_errors(candidate, official_name: str, now: datetime | None = None) -> str:
    """Why ``candidate`` cannot be approved under ``official_name`` ("" if it can)."""
    application = candidate.subject
    if Park.objects.filter(application=application).exists():
        return ""
    if application.park_id and application.stage == Stage.APPROVED:
        return ""
    answer = check_may_approve(candidate, now=now)
    if not answer:
        return answer.reason
    if application.stage != Stage.IN_NOTICE:
        return _("The application is not in public notice.")
    if application.park_id:
        return ""  # a sub-park request keeps the park's name (Art. 11)
    return name_prefix_error(official_name, timezone.localdate()) or ""


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
        RegistryError: ``may_approve`` refuses, or the name or number is wrong.
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
