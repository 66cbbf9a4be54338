"""Public URLs of the registry outside the page tree (open-data exports)."""

from django.urls import path

from parkregistry.views import exports

app_name = "parkregistry"

urlpatterns = [
    path(
        "registry/export.<str:fmt>",
        exports.export_view,
        name="export",
    ),
]
