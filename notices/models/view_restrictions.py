"""Skip the per-request view-restriction queries when no restriction can apply.

Wagtail checks every served page against the view restrictions of the page and its
ancestors (two queries). Public notice and registry pages almost never have any, so
the pages of this plugin first look at a cached list of restricted paths and fall
back to Wagtail's full check whenever a restriction (or an alias, which Wagtail
resolves through its original) could concern the page.
"""

from __future__ import annotations

from django.db.models import Q
from wagtail.models import Page, PageViewRestriction

from notices import request_memo

VERSION_KEY = request_memo.register_version("viewrestrictions:version")
PATHS_KEY = "viewrestrictions:paths"
# A backstop: even if a signal were missed, the list is rebuilt this often.
TIMEOUT_SECONDS = 60


def restriction_facts() -> tuple[tuple[str, ...], bool]:
    """The tree paths of restricted pages, and whether any alias page exists.

    Kept in the shared cache and in each process, read at most once per request.
    """

    def load() -> tuple[tuple[str, ...], bool]:
        paths = tuple(PageViewRestriction.objects.values_list("page__path", flat=True))
        return paths, Page.objects.filter(alias_of__isnull=False).exists()

    return request_memo.versioned(PATHS_KEY, VERSION_KEY, load, TIMEOUT_SECONDS)


def forget(**kwargs) -> None:
    """A restriction or the tree changed: rebuild the list on the next request."""
    request_memo.bump(VERSION_KEY)


def exclude_restricted(pages):
    """``pages.public()`` from the cached list: no query for the restrictions.

    As Wagtail's ``public()``, a page is left out when it or an ancestor has a
    view restriction.
    """
    paths, _any_alias = restriction_facts()
    restricted = Q()
    for path in paths:
        restricted |= Q(path__startswith=path)
    return pages.exclude(restricted) if restricted else pages


class CachedViewRestrictionsMixin:
    """Page mixin: Wagtail's view-restriction check, without queries when none apply."""

    def get_view_restrictions(self):
        paths, any_alias = restriction_facts()
        if not any_alias and not any(self.path.startswith(p) for p in paths):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
