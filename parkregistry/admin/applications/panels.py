"""Panels of the application edit form: the tabs of the appendix form, sites
and roster, materials and review (``application_edit_handler``), with the
read-only panels showing the eligibility report and the stage, moves and
documents.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy, pgettext_lazy
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    Panel,
    TabbedInterface,
)

from parkregistry.admin.applications.context import action_links, report_context
from parkregistry.admin.applications.forms import ApplicationAdminForm, PrivateFileInput
from parkregistry.models.applications import (
    JUDGEMENT_FIELDS,
    MATERIALS,
    PUBLIC_SERVICE_FIELDS,
    SERVICES,
)


class EligibilityReportPanel(Panel):
    """Read-only panel: the Art. 9 report computed from the saved application."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "parkregistry/applications/eligibility_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context.update(report_context(self.instance))
            context["application"] = self.instance
            return context


class ApplicationActionsPanel(Panel):
    """Read-only panel: stage, recorded moves, materials checklist and links."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "parkregistry/applications/actions_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context.update(action_links(self.instance))
            context["application"] = self.instance
            return context


def _checkboxes(slots, heading):
    return MultiFieldPanel([FieldPanel(s.field) for s in slots], heading=heading)


application_edit_handler = TabbedInterface(
    [
        ObjectList(
            [
                MultiFieldPanel(
                    [
                        FieldPanel("county"),
                        FieldRowPanel(
                            [FieldPanel("applicant_unit"), FieldPanel("filed_on")]
                        ),
                    ],
                    heading=gettext_lazy("Applicant"),
                ),
                MultiFieldPanel(
                    [
                        FieldPanel("name"),
                        FieldPanel("address"),
                        FieldRowPanel(
                            [FieldPanel("contact_person"), FieldPanel("contact_phone")]
                        ),
                        FieldRowPanel(
                            [FieldPanel("ownership"), FieldPanel("registered_on")]
                        ),
                        FieldRowPanel(
                            [FieldPanel("investment_wan"), FieldPanel("land_area_m2")]
                        ),
                        FieldRowPanel(
                            [FieldPanel("staff_count"), FieldPanel("institution_count")]
                        ),
                        FieldPanel("construction_mode"),
                    ],
                    heading=gettext_lazy("The appendix form"),
                ),
                MultiFieldPanel(
                    [FieldPanel("park"), FieldPanel("sub_park_exception")],
                    heading=gettext_lazy(
                        "Adding a sub-park to an approved park (Art. 11)"
                    ),
                ),
                _checkboxes(SERVICES, gettext_lazy("Services the park offers")),
                FieldPanel("svc_other_detail"),
                _checkboxes(
                    PUBLIC_SERVICE_FIELDS,
                    gettext_lazy("Public-service functions (Art. 9(3))"),
                ),
            ],
            heading=pgettext_lazy("application form", "Form"),
        ),
        ObjectList(
            [
                InlinePanel(
                    "sites",
                    heading=pgettext_lazy("park site", "Sites"),
                    min_num=0,
                ),
                InlinePanel(
                    "institutions",
                    heading=gettext_lazy("Institution roster"),
                    min_num=0,
                ),
            ],
            heading=gettext_lazy("Sites and roster"),
        ),
        ObjectList(
            [FieldPanel(s.field, widget=PrivateFileInput) for s in MATERIALS],
            heading=gettext_lazy("Materials (Art. 10(1))"),
        ),
        ObjectList(
            [
                EligibilityReportPanel(heading=gettext_lazy("Eligibility (Art. 9)")),
                MultiFieldPanel(
                    [FieldPanel(f) for f in JUDGEMENT_FIELDS.values()]
                    + [FieldPanel("proceed_reason")],
                    heading=gettext_lazy("Reviewers' judgement"),
                ),
                MultiFieldPanel(
                    [FieldPanel("county_opinion"), FieldPanel("county_opinion_date")],
                    heading=gettext_lazy("County opinion"),
                ),
                MultiFieldPanel(
                    [FieldPanel("city_opinion"), FieldPanel("city_opinion_date")],
                    heading=gettext_lazy("City opinion"),
                ),
                MultiFieldPanel(
                    [
                        FieldPanel("expert_review_date"),
                        FieldPanel("expert_conclusion"),
                        FieldPanel("expert_notes"),
                    ],
                    heading=gettext_lazy("Expert review"),
                ),
                ApplicationActionsPanel(heading=gettext_lazy("Stage and documents")),
            ],
            heading=gettext_lazy("Review"),
        ),
    ],
    base_form_class=ApplicationAdminForm,
)
