"""Viewsets of the applications admin and the hooks that register them.

``ApplicationViewSet`` (申报) wires the views, adds the move, print, .docx and
material URLs and wraps every URL naming an application in ``county_guard``;
``CountyMembershipViewSet`` edits which county each county editor belongs to.
The ``@hooks.register`` functions register both viewsets and the log actions
of applications; the package imports this module so they run at startup.
"""

from __future__ import annotations

from django.urls import path
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from parkregistry.admin.applications.panels import application_edit_handler
from parkregistry.admin.applications.views import (
    ApplicationCreateView,
    ApplicationDeleteView,
    ApplicationEditView,
    ApplicationIndexView,
    ApplicationInspectView,
    MoveView,
    county_guard,
    docx_view,
    material_view,
    print_view,
)
from parkregistry.models.applications import (
    Application,
    ApplicationLogEntry,
    CountyMembership,
)
from parkregistry.services.access import COUNTY_PATHS


class ApplicationViewSet(ModelViewSet):
    """申报: applications of every county for the city, of their own for a county."""

    model = Application
    name = "applications"
    icon = "doc-full-inverse"
    menu_label = gettext_lazy("Applications")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "county", "stage", "updated_at"]
    list_filter = ["stage", "county"]
    search_fields = ["name", "address"]
    search_backend_name = None
    list_export = ["name", "county", "stage", "address", "filed_on", "updated_at"]
    export_filename = "applications"
    inspect_view_enabled = True
    copy_view_enabled = False
    edit_handler = application_edit_handler
    index_view_class = ApplicationIndexView
    add_view_class = ApplicationCreateView
    edit_view_class = ApplicationEditView
    delete_view_class = ApplicationDeleteView
    inspect_view_class = ApplicationInspectView
    inspect_view_fields = [
        "county",
        "applicant_unit",
        "filed_on",
        "name",
        "address",
        "contact_person",
        "contact_phone",
        "ownership",
        "registered_on",
        "investment_wan",
        "land_area_m2",
        "staff_count",
        "institution_count",
        "construction_mode",
        "stage",
        "county_opinion",
        "county_opinion_date",
        "city_opinion",
        "city_opinion_date",
        "expert_review_date",
        "expert_conclusion",
        "expert_notes",
        "proceed_reason",
    ]

    @property
    def move_view(self):
        return MoveView.as_view()

    def get_urlpatterns(self):
        patterns = super().get_urlpatterns() + [
            path("move/<int:pk>/", self.move_view, name="move"),
            path("print/<int:pk>/", print_view, name="print"),
            path("docx/<int:pk>/", docx_view, name="docx"),
            path("material/<int:pk>/<slug:slot>/", material_view, name="material"),
        ]
        for pattern in patterns:
            if "pk" in str(pattern.pattern):
                pattern.callback = county_guard(pattern.callback)
        return patterns


class CountyMembershipViewSet(ModelViewSet):
    """县级归属: which county each county editor belongs to (属地管理)."""

    model = CountyMembership
    name = "county-memberships"
    icon = "group"
    menu_label = gettext_lazy("County memberships")
    add_to_settings_menu = True
    list_display = ["user", "county"]
    list_filter = ["county"]
    form_fields = ["user", "county"]
    copy_view_enabled = False


application_viewset = ApplicationViewSet()
membership_viewset = CountyMembershipViewSet()


@hooks.register("register_log_actions")
def register_application_log_model(actions):
    # Every county-owned record logs into the county-scoped audit log, so that
    # the site history shows a county editor only their own county's entries.
    for model in COUNTY_PATHS:
        actions.register_model(model, ApplicationLogEntry)
    actions.register_action(
        "parkregistry.move", gettext_lazy("Move stage"), gettext_lazy("Stage moved")
    )


@hooks.register("register_admin_viewset")
def register_application_viewsets():
    return [application_viewset, membership_viewset]
