"""The approval task of the publication workflow (公示与决定发布审核)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask

from notices.models.publication import approving


def _submitters(obj) -> set[int]:
    """Who submitted the content now in moderation, and who wrote any revision
    of it since the submission (an edit during review makes its author a writer
    of what would go live)."""
    ids: set[int] = set()
    state = getattr(obj, "current_workflow_state", None)
    if state is None:
        return ids
    if state.requested_by_id:
        ids.add(state.requested_by_id)
    task_state = state.current_task_state
    if task_state is not None and task_state.revision_id:
        revision = task_state.revision
        if revision.user_id:
            ids.add(revision.user_id)
        later = (
            type(revision)
            .objects.filter(
                base_content_type_id=revision.base_content_type_id,
                object_id=revision.object_id,
                pk__gt=revision.pk,
            )
            .exclude(user=None)
        )
        ids.update(later.values_list("user_id", flat=True))
    return ids


def changed_since_submission(task_state) -> bool:
    """Was the page edited after the revision under review was submitted?"""
    latest = task_state.workflow_state.content_object.get_latest_revision()
    return latest is not None and latest.pk != task_state.revision_id


class PublicationApprovalTask(AbstractGroupApprovalTask):
    """Approval by the 市局审核 group; nobody approves their own submission.

    The person who submitted a page (or wrote the revision under review, or
    edited it since) sees no approve action, and an approval posted by them anyway
    is refused. Approval publishes exactly the revision that was submitted: a page
    edited after its submission must be submitted again (and then approved by
    somebody else). Approving also refuses a notice that cannot be published (e.g.
    its window reaches a year without confirmed holiday data).
    """

    class Meta:
        verbose_name = _("publication approval task")
        verbose_name_plural = _("publication approval tasks")

    @classmethod
    def get_description(cls):
        return _(
            "Members of the chosen groups approve publication; nobody approves "
            "their own submission."
        )

    def is_own_submission(self, obj, user) -> bool:
        return user.pk in _submitters(obj)

    def publication_problem(self, obj) -> str | None:
        """What the page under review says blocks its publication (pages that
        have rules, such as notices, offer ``publication_problem()``)."""
        specific = getattr(obj, "specific", obj)
        if not hasattr(specific, "publication_problem"):
            return None
        return specific.get_latest_revision_as_object().publication_problem()

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        state = getattr(obj, "current_workflow_state", None)
        task_state = state.current_task_state if state is not None else None
        if (
            self.is_own_submission(obj, user)
            or (task_state is not None and changed_since_submission(task_state))
            or (actions and self.publication_problem(obj))
        ):
            # Only "request changes" is left: the editor must fix the notice
            # (or another person must approve it).
            return [a for a in actions if a[0] != "approve"]
        return actions

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name != "approve":
            return super().on_action(task_state, user, action_name, **kwargs)
        obj = task_state.workflow_state.content_object
        if self.is_own_submission(obj, user):
            raise PermissionDenied(gettext("Nobody may approve their own submission."))
        if changed_since_submission(task_state):
            raise PermissionDenied(
                gettext(
                    "The page was changed after it was submitted for approval. "
                    "Submit the changes again; another person then approves them."
                )
            )
        revision_obj = task_state.revision.as_object()
        problem = (
            revision_obj.publication_problem()
            if hasattr(revision_obj, "publication_problem")
            else None
        )
        if problem:
            raise PermissionDenied(problem)
        # The workflow then publishes the latest revision, which is the one
        # submitted and approved: only it may go live by this approval.
        with approving(task_state.revision):
            return super().on_action(task_state, user, action_name, **kwargs)
