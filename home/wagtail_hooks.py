"""The site's admin guards (see ``home.admin_guards``) put in place through
Wagtail's hooks: every admin URL, page choosers, the explorer, moves and bulk
actions show a user only the pages and county-owned records they may see."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from wagtail import hooks
from wagtail.admin.views.pages.bulk_actions.delete import DeleteBulkAction
from wagtail.admin.views.pages.bulk_actions.move import MoveBulkAction
from wagtail.admin.views.pages.bulk_actions.publish import PublishBulkAction
from wagtail.admin.views.pages.bulk_actions.unpublish import UnpublishBulkAction
from wagtail.snippets.bulk_actions.delete import (
    DeleteBulkAction as SnippetDeleteBulkAction,
)

from home.admin_guards import visible_only, visible_pages

# After Wagtail's own registrations (order 0), so that these replace them.
LAST = 1000


@hooks.register("construct_page_chooser_queryset")
def choose_only_visible_pages(pages, request):
    """The page chooser lists and searches only pages the user may see, and
    browses no page hidden from them (the guard refuses its URL already)."""
    match = request.resolver_match
    parent_id = match.kwargs.get("parent_page_id") if match else None
    if (
        parent_id is not None
        and not visible_pages(request.user).filter(pk=parent_id).exists()
    ):
        raise Http404
    return visible_pages(request.user, pages)


@hooks.register("construct_explorer_page_queryset")
def explore_only_visible_pages(parent_page, pages, request):
    return visible_pages(request.user, pages)


@hooks.register("before_move_page")
def refuse_move_without_permission(request, page, destination):
    """Wagtail shows the move confirmation to anyone; only those who may move
    the page there see it."""
    if not page.permissions_for_user(request.user).can_move_to(destination):
        raise PermissionDenied


for action_class in (
    DeleteBulkAction,
    MoveBulkAction,
    PublishBulkAction,
    UnpublishBulkAction,
    SnippetDeleteBulkAction,
):
    hooks.register("register_bulk_action", visible_only(action_class), order=LAST)
