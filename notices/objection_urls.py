"""Public URLs of the objection side outside the page tree (status lookup)."""

from django.urls import path  # noqa: F401

app_name = "objections"

urlpatterns: list = []
