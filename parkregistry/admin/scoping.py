"""属地管理 in the registry's snippet viewsets: lists, choosers and every URL
that names a record show a user only the records of ``visible_records``.

``CountyScopedSnippetViewSet`` is the base of the viewsets of county-owned
models (parks and their records): the listing (and its search and exports) is
narrowed to the user's county, the chooser lists and returns only visible
records, and every URL with a ``pk`` answers 404 for a record the user may not
see, as if it did not exist. The inspect view leaves out internal notes for
those who may not change the record.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import Http404
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
)
from wagtail.snippets.views.snippets import InspectView, SnippetViewSet

from parkregistry.services.access import may_see_internal_notes, visible_records

INTERNAL_NOTES = "internal_notes"


def visible_object_guard(model, view, kwarg: str = "pk"):
    """Wrap ``view`` so that it answers 404 unless the record named by ``kwarg``
    is one the user may see."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if kwarg in kwargs:
            try:
                pk = model._meta.pk.to_python(unquote(str(kwargs[kwarg])))
            except (ValidationError, ValueError, TypeError):
                raise Http404 from None  # an unreadable id names no record
            if not visible_records(request.user, model).filter(pk=pk).exists():
                raise Http404
        return view(request, *args, **kwargs)

    return guarded


def guard_object_urls(patterns, model):
    """Guard every pattern of ``patterns`` whose route takes a ``pk``."""
    for pattern in patterns:
        if "pk" in getattr(pattern.pattern, "converters", {}):
            pattern.callback = visible_object_guard(model, pattern.callback)
    return patterns


class _VisibleListMixin:
    def get_object_list(self):
        return visible_records(self.request.user, self.model_class)


class ScopedChooseView(_VisibleListMixin, ChooseView):
    pass


class ScopedChooseResultsView(_VisibleListMixin, ChooseResultsView):
    pass


class ScopedChosenView(SnippetChosenView):
    def get_object(self, pk):
        return visible_records(self.request.user, self.model_class).get(pk=pk)


class ScopedChosenMultipleView(SnippetChosenMultipleView):
    def get_objects(self, pks):
        return visible_records(self.request.user, self.model_class).filter(pk__in=pks)


class ScopedChooserViewSet(SnippetChooserViewSet):
    """The chooser of a county-owned model: only the records the user may see."""

    choose_view_class = ScopedChooseView
    choose_results_view_class = ScopedChooseResultsView
    chosen_view_class = ScopedChosenView
    chosen_multiple_view_class = ScopedChosenMultipleView

    def get_urlpatterns(self):
        return guard_object_urls(super().get_urlpatterns(), self.model)


class ScopedInspectView(InspectView):
    """Inspect without the city's internal notes for those who may not change it."""

    def get_fields(self):
        fields = super().get_fields()
        if may_see_internal_notes(self.request.user, self.model):
            return fields
        return [name for name in fields if name != INTERNAL_NOTES]


class CountyScopedSnippetViewSet(SnippetViewSet):
    """A snippet viewset of a county-owned model (parks and their records)."""

    chooser_viewset_class = ScopedChooserViewSet
    inspect_view_class = ScopedInspectView

    def get_queryset(self, request):
        return visible_records(request.user, self.model)

    def get_urlpatterns(self):
        return guard_object_urls(super().get_urlpatterns(), self.model)
