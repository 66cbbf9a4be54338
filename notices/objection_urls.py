"""Public URLs of the objection side outside the page tree (status lookup)."""

from django.urls import path

from notices.views import objections as objection_views

app_name = "objections"

urlpatterns: list = [
    path("notices/objections/lookup/", objection_views.lookup, name="lookup"),
]
