"""Revocation of a park's recognition (Art. 25): confirming a proposal.

A revocation is proposed by ``parkregistry.services.evaluations`` after two
consecutive fail grades; ``confirm_revocation`` confirms it with the decision's
date and document number and marks the park 已取消, in one transaction and with
who acted (simple-history).
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from parkregistry.models import (
    DecisionPage,
    Park,
    ParkStatus,
    Revocation,
    RevocationStatus,
)
from parkregistry.models.registry import RegistryError
from parkregistry.services.history import attributed


def confirm_revocation(
    park: Park,
    revoked_on: date,
    decision_doc_no: str,
    user=None,
    decision: DecisionPage | None = None,
) -> Revocation:
    """Confirm a proposed revocation: the park becomes 已取消 (idempotent).

    Raises:
        RegistryError: no revocation was proposed for the park.
    """
    with transaction.atomic():
        revocation = Revocation.objects.select_for_update().filter(park=park).first()
        if revocation is None:
            raise RegistryError(
                _(
                    "No revocation has been proposed for “%(park)s”: it needs two "
                    "consecutive fail grades."
                )
                % {"park": park}
            )
        if revocation.status == RevocationStatus.CONFIRMED:
            return revocation
        revocation.status = RevocationStatus.CONFIRMED
        revocation.revoked_on = revoked_on
        revocation.decision_doc_no = decision_doc_no
        revocation.decision = decision
        attributed(revocation, user).save()
        park = Park.objects.get(pk=park.pk)
        park.status = ParkStatus.REVOKED
        park.revoked_on = revoked_on
        park.revocation_reason = revocation.reason
        park.revocation_decision = decision_doc_no
        park.rectification_deadline = None
        attributed(park, user, _("Status revoked")).save()
    return revocation
