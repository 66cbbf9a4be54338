"""Public URLs of the notices outside the page tree: feeds and calendars."""

from django.urls import path  # noqa: F401

app_name = "notices"

urlpatterns: list = []
