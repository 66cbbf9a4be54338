"""Demo: an approval decision waiting in the publication workflow.

So that the 市局审核 approver's dashboard has something to review: the city
editor drafts the 认定批复 of the first closed demo notice's candidate and
submits it. Safe to run twice (an existing draft is kept, a running workflow is
left alone).
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from notices.models import NoticePage
from parkregistry.models.registry import RegistryError
from parkregistry.services.approvals import ApprovalRefused, draft_approval_decision


def build(log) -> None:
    editor = get_user_model().objects.filter(username="city_editor").first()
    notice = NoticePage.objects.filter(slug="closed-notice").first()
    candidate = notice.candidates.select_related("subject").first() if notice else None
    if editor is None or candidate is None:
        log("skipped the pending approval (no city editor or closed notice)")
        return
    name = candidate.subject.name
    official = name if name.startswith("晋中") else f"晋中{name}"
    try:
        page = draft_approval_decision(
            candidate,
            official_name=official,
            doc_no=f"市人社函〔{timezone.localdate().year}〕88号（演示）",
            decision_date=timezone.localdate() - timedelta(days=1),
            user=editor,
        )
    except (ApprovalRefused, RegistryError) as exc:
        log(f"skipped the pending approval: {exc}")
        return
    if page.live or page.workflow_in_progress:
        log("kept the approval decision awaiting review")
        return
    workflow = page.get_workflow()
    if workflow is None:
        log("skipped the pending approval (no publication workflow)")
        return
    workflow.start(page, editor)
    log("submitted an approval decision for review")
