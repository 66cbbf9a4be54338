"""What an admin user may see of records they have no permission on: the guard
in front of every admin view of the site (属地管理, unpublished pages).

Two rules, one place:

- **Pages.** A user sees in the admin the pages they work on (any page
  permission, and the ancestors that lead there: Wagtail's explorable pages) and
  the pages anybody sees on the public site: live, not in a private section, and
  without unpublished changes (so no draft title shows). Every other page is,
  for them, as if it did not exist (:func:`visible_pages`).
- **County-owned records.** Applications and the registry's records of a park
  are seen only by city staff and by the editors of their county
  (``parkregistry.services.access.visible_records``).

:class:`AdminGuardMiddleware` applies both to every admin view: a URL that names a page or a
county-owned record the user may not see (by its path converters, the
``app_label/model_name/object_id`` of Wagtail's generic views, the ``pk`` of a
viewset's URL, or the ``id`` list of the page chooser's "chosen" view) answers
404, whatever the view would have done. Several of Wagtail's own views show a
page's title before checking any permission (workflow actions, the workflow
preview, the move confirmation, the page chooser's "chosen" view), so the guard
runs in front of them as a middleware (``MIDDLEWARE`` in the site's settings).
Listings are narrowed by the hooks in ``home.wagtail_hooks`` with the same
:func:`visible_pages`, and bulk actions by :class:`VisibleOnlyBulkActionMixin`.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.apps import apps
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from wagtail.admin.viewsets import viewsets
from wagtail.coreutils import resolve_model_string
from wagtail.models import Page
from wagtail.permissions import policy_registry

from parkregistry.services.access import COUNTY_PATHS, visible_records

# Path converters that name a page, in Wagtail's admin and in the apps'.
PAGE_KWARGS = (
    "page_id",
    "parent_page_id",
    "page_to_move_id",
    "destination_id",
    "page_pk",
    "notice_pk",
)
# Views whose ``?id=`` list names pages to show.
PAGE_ID_LIST_VIEWS = frozenset({"wagtailadmin_choose_page_chosen_multiple"})
# The URL namespace of Wagtail's page views, where ``pk`` is a page.
PAGES_NAMESPACE = "wagtailadmin_pages"
# The admin lives under this path (site/demosite/urls.py).
ADMIN_PREFIX = "/admin/"


def visible_pages(user, queryset: QuerySet | None = None) -> QuerySet:
    """The pages of ``queryset`` (default: all) that ``user`` may see in the admin.

    Args:
        user: the requesting user.
        queryset: pages to narrow.

    Returns:
        The pages ``user`` works on (any page permission, with their ancestors)
        and the public pages without unpublished changes.
    """
    pages = Page.objects.all() if queryset is None else queryset
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return pages.none()
    if user.is_superuser:
        return pages
    worked_on = policy_registry.get_by_type(Page).explorable_instances(user)
    # The tree's root is no page of the site (and Wagtail's chooser breaks on it).
    public = (
        Page.objects.live().public().filter(has_unpublished_changes=False, depth__gt=1)
    )
    return pages.filter(
        Q(pk__in=worked_on.values("pk")) | Q(pk__in=public.values("pk"))
    )


def visible_instances(user, model) -> QuerySet | None:
    """The records of ``model`` the user may see, or None when the guard has no
    rule for the model (Wagtail's own permission checks then decide)."""
    if issubclass(model, Page):
        return visible_pages(user, model._default_manager.all())
    if model in COUNTY_PATHS:
        return visible_records(user, model)
    return None


def hidden_ids(user, model, ids: Iterable) -> set:
    """Those of ``ids`` that name a record of ``model`` hidden from ``user``."""
    wanted = set()
    for value in ids:
        try:
            wanted.add(model._meta.pk.to_python(unquote(str(value))))
        except (ValidationError, ValueError, TypeError):
            continue  # an unreadable id names no record
    visible = visible_instances(user, model)
    if visible is None or not wanted:
        return set()
    return wanted - set(visible.filter(pk__in=wanted).values_list("pk", flat=True))


def _model_of_namespace(namespace: str) -> type[Model] | None:
    """The model of the viewset whose URLs live under ``namespace``."""
    if not namespace:
        return None
    last = namespace.rsplit(":", 1)[-1]
    if last == PAGES_NAMESPACE:
        return Page
    for viewset in viewsets.viewsets:
        model = getattr(viewset, "model", None)
        if model is None or not getattr(viewset, "name", None):
            continue
        chooser = getattr(viewset, "get_chooser_admin_url_namespace", None)
        if viewset.url_namespace == last or (chooser and chooser() == last):
            return resolve_model_string(model) if isinstance(model, str) else model
    return None


def named_records(request, kwargs: dict) -> list[tuple[type[Model], list]]:
    """The records a request names: (model, ids) pairs."""
    named: list[tuple[type[Model], list]] = []
    page_ids = [kwargs[name] for name in PAGE_KWARGS if name in kwargs]
    match = request.resolver_match
    if match is not None and match.url_name in PAGE_ID_LIST_VIEWS:
        page_ids += request.GET.getlist("id")
    if page_ids:
        named.append((Page, page_ids))
    if {"app_label", "model_name", "object_id"} <= kwargs.keys():
        try:
            model = apps.get_model(kwargs["app_label"], kwargs["model_name"])
        except (LookupError, ValueError):
            model = None
        if model is not None:
            named.append((model, [kwargs["object_id"]]))
    if "pk" in kwargs and match is not None:
        model = _model_of_namespace(match.namespace)
        if model is not None:
            named.append((model, [kwargs["pk"]]))
    return named


def refuse_hidden(request, view_kwargs: dict) -> None:
    """404 when the request names a page or a county-owned record hidden from the user.

    Raises:
        Http404: one of the named records is hidden.
    """
    for model, ids in named_records(request, view_kwargs):
        if hidden_ids(request.user, model, ids):
            raise Http404


class AdminGuardMiddleware:
    """Runs :func:`refuse_hidden` in front of every admin view (``/admin/``).

    A middleware rather than a wrapper on each view: it reaches Wagtail's own
    views, those added by any app's hooks and those added later, with nothing to
    register. It sits after ``AuthenticationMiddleware``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.path.startswith(ADMIN_PREFIX):
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None  # Wagtail sends anonymous users to the login page
        refuse_hidden(request, view_kwargs)
        return None


class VisibleOnlyBulkActionMixin:
    """A bulk action that never lists or acts on a record hidden from the user:
    hidden ids are dropped, and when nothing visible is left it answers 404."""

    def get_actionable_objects(self):
        objects, extra = super().get_actionable_objects()
        no_access = extra.get("items_with_no_access", [])
        hidden = hidden_ids(
            self.request.user, self.model, [o.pk for o in [*objects, *no_access]]
        )
        objects = [o for o in objects if o.pk not in hidden]
        no_access = [o for o in no_access if o.pk not in hidden]
        if not objects and not no_access:
            raise Http404
        return objects, {**extra, "items_with_no_access": no_access}


def visible_only(action_class: type) -> type:
    """A subclass of ``action_class`` with :class:`VisibleOnlyBulkActionMixin`."""
    return type(
        action_class.__name__,
        (VisibleOnlyBulkActionMixin, action_class),
        {"__module__": __name__, "__doc__": action_class.__doc__},
    )
