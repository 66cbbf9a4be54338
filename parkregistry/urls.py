"""Public URLs of the registry outside the page tree (open-data exports)."""

from django.urls import path  # noqa: F401

app_name = "parkregistry"

urlpatterns: list = []
