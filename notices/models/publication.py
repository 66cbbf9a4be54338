"""Pages that go live only through the approval workflow (two people).

Every way Wagtail publishes, unpublishes, moves or copies a page live asks the
page's permission tester first: the page editor, the admin API actions, bulk
actions, the copy view (``keep_live``) and the move view. For the page types that
carry a legal step (notices, decisions and their indexes) the tester answers "no"
to all of them for everyone but superusers. The one exception is the approval
itself: ``approving(revision)`` marks the revision a second person has just
approved, and only that revision may then be published, by that approval.

``publish()`` checks the same again, so a path that skips the tester (a bug, a
new view) still cannot publish for a person. Publications with no user are the
system's own: scheduled publishing (``publish_scheduled`` publishes a revision
that an approval scheduled) and the demo loader.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import PagePermissionTester

# The revision an approval in the workflow is publishing now (None otherwise).
_APPROVED_REVISION: ContextVar[int | None] = ContextVar(
    "notices_approved_revision", default=None
)


@contextmanager
def approving(revision) -> Iterator[None]:
    """While the workflow publishes ``revision`` after its approval."""
    token = _APPROVED_REVISION.set(revision.pk)
    try:
        yield
    finally:
        _APPROVED_REVISION.reset(token)


def publishes_directly(user) -> bool:
    """Only superusers (the city's administrators) publish without the workflow."""
    return bool(
        user is not None
        and getattr(user, "is_active", False)
        and getattr(user, "is_superuser", False)
    )


def direct_publication_refused() -> str:
    return _(
        "Notices are published through the approval workflow: submit it for "
        "approval by another person."
    )


class WorkflowPermissionTester(PagePermissionTester):
    """Wagtail's tester, with every direct way to go live kept for superusers."""

    def _direct(self) -> bool:
        return publishes_directly(self.user)

    def _approved(self) -> bool:
        approved = _APPROVED_REVISION.get()
        return approved is not None and approved == self.page.latest_revision_id

    def can_publish(self):
        return super().can_publish() and (self._direct() or self._approved())

    def can_unpublish(self):
        return super().can_unpublish() and self._direct()

    def can_publish_subpage(self):
        return super().can_publish_subpage() and self._direct()

    def can_move(self):
        return super().can_move() and self._direct()

    def can_move_to(self, destination):
        return self._direct() and super().can_move_to(destination)

    def can_delete(self, ignore_bulk=False):
        if self.page.live and not self._direct():
            return False  # deleting a live page unpublishes it
        return super().can_delete(ignore_bulk=ignore_bulk)

    def can_unschedule(self):
        return super().can_unschedule() and self._direct()


class WorkflowPublishedPageMixin:
    """For page types whose publication is a legal step: see the module."""

    def permissions_for_user(self, user):
        return WorkflowPermissionTester(user, self)

    def publish(self, revision, user=None, **kwargs):
        approved = _APPROVED_REVISION.get() == revision.pk
        if user is not None and not (publishes_directly(user) or approved):
            raise PermissionDenied(direct_publication_refused())
        with transaction.atomic():
            result = super().publish(revision, user=user, **kwargs)
            page = type(self).objects.get(pk=self.pk)
            if page.live and page.live_revision_id == revision.pk:
                page.went_live(user)
        return result

    def went_live(self, user=None) -> None:
        """What this page's going live applies (idempotent; none by default).

        Called inside ``publish()`` (workflow approval, scheduled publishing, the
        create view, the admin API) and, for Wagtail's page editor, which
        publishes without calling ``publish()``, by the ``after_publish_page``
        hook of ``notices.admin.notices``.
        """

    def unpublish(self, set_expired=False, commit=True, user=None, log_action=True):
        if user is not None and not publishes_directly(user):
            raise PermissionDenied(direct_publication_refused())
        return super().unpublish(
            set_expired=set_expired, commit=commit, user=user, log_action=log_action
        )
