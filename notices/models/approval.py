"""May a candidate of a notice be approved? (Art. 10(3), SPEC §2 "Notice")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from notices.models.objections import Finding, ObjectionStatus


@dataclass(frozen=True)
class Approvability:
    """The answer, with the reason when it is no."""

    allowed: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.allowed


def may_approve(candidate, now: datetime | None = None) -> Approvability:
    """A candidate may be approved once its notice has closed and every objection
    about it (or about the whole notice) is closed as 不成立, not accepted, or withdrawn.
    """
    now = now or timezone.now()
    page = candidate.page
    if not page.live:
        return Approvability(False, _("The notice has not been published."))
    window = page.window()
    if now <= window.closes_at:
        return Approvability(False, _("The notice period has not ended yet."))
    objections = page.objections.filter(
        Q(candidate=candidate) | Q(candidate__isnull=True)
    )
    sustained_receipts = list(
        objections.filter(finding=Finding.SUSTAINED)
        .order_by("receipt_no")
        .values_list("receipt_no", flat=True)
    )
    sustained = len(sustained_receipts)
    if sustained:
        # The reason names the objections (receipt numbers carry no personal data)
        # so the approval record says why it was blocked.
        return Approvability(
            False,
            ngettext(
                "%(count)d objection about this candidate was sustained.",
                "%(count)d objections about this candidate were sustained.",
                sustained,
            )
            % {"count": sustained}
            + " "
            + _("Sustained objections: %(receipts)s.")
            % {"receipts": ", ".join(sustained_receipts)},
        )
    done = {ObjectionStatus.NOT_ACCEPTED, ObjectionStatus.WITHDRAWN}
    pending = (
        objections.exclude(status__in=done)
        .exclude(status=ObjectionStatus.CLOSED, finding=Finding.NOT_SUSTAINED)
        .count()
    )
    if pending:
        return Approvability(
            False,
            ngettext(
                "%(count)d objection about this candidate is still being handled.",
                "%(count)d objections about this candidate are still being handled.",
                pending,
            )
            % {"count": pending},
        )
    return Approvability(True)
