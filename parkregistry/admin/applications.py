"""Admin of applications (申报): the viewset, its forms and extra views.

Every URL of the viewset that names an application (edit, inspect, history,
usage, delete, move, print, .docx, materials) is wrapped by :func:`county_guard`,
so a county editor gets 404 for any application outside their county, whatever
the view; the index (and its exports) lists only visible applications.
"""

from __future__ import annotations

from datetime import date
from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    Panel,
    TabbedInterface,
)
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log as log_action

from parkregistry.models import County
from parkregistry.models.applications import (
    JUDGEMENT_FIELDS,
    MATERIALS,
    PUBLIC_SERVICE_FIELDS,
    SERVICES,
    Application,
    ApplicationLogEntry,
    CountyMembership,
    ExpertConclusion,
    Stage,
)
from parkregistry.rules.terms import NoPolicyInForce
from parkregistry.services.access import (
    county_of,
    is_city_staff,
    may_delete,
    may_edit,
    moves_for,
    visible_applications,
)
from parkregistry.services.applications import (
    IllegalMove,
    approve_sub_park,
    eligibility_report,
    move,
    report_date,
)

CRITERION_LABELS = {
    "sites": gettext_lazy("Infrastructure (sites and areas)"),
    "institutions": gettext_lazy("Number of HR service institutions"),
    "revenue": gettext_lazy("Revenue of the institutions"),
    "public_services": gettext_lazy("Public-service functions"),
    "planning": gettext_lazy("Scientific planning"),
    "management": gettext_lazy("Management and operation"),
    "policies": gettext_lazy("Support policies"),
    "social_benefit": gettext_lazy("Social benefits"),
}
RESULT_LABELS = {
    "pass": gettext_lazy("Pass"),
    "fail": gettext_lazy("Fail"),
    "judgement": gettext_lazy("Reviewers' judgement"),
}

# Fields only the city fills in; county editors see them read-only.
CITY_FIELDS = [
    "city_opinion",
    "city_opinion_date",
    "expert_review_date",
    "expert_conclusion",
    "expert_notes",
    "proceed_reason",
    "sub_park_exception",
    *JUDGEMENT_FIELDS.values(),
]


def report_context(application: Application) -> dict:
    """The eligibility report of ``application`` ready for a template."""
    day = report_date(application)
    try:
        report = eligibility_report(application)
    except NoPolicyInForce:
        return {
            "report": None,
            "report_date": day,
            "policy_error": _(
                "No version of the measures is in force on %(date)s, so the "
                "eligibility cannot be checked. Editors must register the version "
                "in force first."
            )
            % {"date": day.isoformat()},
        }
    rows = []
    for criterion in report.criteria:
        note_field = JUDGEMENT_FIELDS.get(criterion.key)
        rows.append(
            {
                "key": criterion.key,
                "label": CRITERION_LABELS.get(criterion.key, criterion.key),
                "article": criterion.article,
                "result": criterion.result,
                "result_label": RESULT_LABELS[criterion.result],
                "detail": criterion.detail,
                "note": getattr(application, note_field) if note_field else "",
            }
        )
    return {"report": report, "rows": rows, "report_date": day}


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


def action_links(application: Application) -> dict:
    if not application.pk:
        return {"links": None}
    pk = quote(application.pk)
    return {
        "links": {
            "move": reverse("applications:move", args=[pk]),
            "print": reverse("applications:print", args=[pk]),
            "docx": reverse("applications:docx", args=[pk]),
            "inspect": reverse("applications:inspect", args=[pk]),
        },
        "materials": [
            {
                "slot": slot,
                "present": present,
                "url": reverse("applications:material", args=[pk, slot.field])
                if present
                else "",
            }
            for slot, present in application.material_checklist()
        ],
        "moves": application.moves.select_related("moved_by") if application.pk else [],
    }


class PrivateFileInput(forms.ClearableFileInput):
    """A file input for private materials: never asks the storage for a URL."""

    template_name = "parkregistry/applications/widgets/private_file_input.html"

    def is_initial(self, value):
        return bool(value and getattr(value, "name", ""))

    def format_value(self, value):
        return value if self.is_initial(value) else None

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        instance = getattr(value, "instance", None)
        if self.is_initial(value) and instance is not None and instance.pk:
            context["widget"]["download_url"] = reverse(
                "applications:material", args=[instance.pk, name]
            )
        return context


class ApplicationAdminForm(WagtailAdminModelForm):
    """Locks the county (and the city's fields) for county editors."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is None or is_city_staff(for_user):
            return
        county = county_of(for_user)
        field = self.fields.get("county")
        if field is not None:
            field.queryset = (
                County.objects.filter(pk=county.pk) if county else County.objects.none()
            )
            field.disabled = True
            if county is not None:
                field.initial = county.pk
                self.initial["county"] = county.pk
        for name in CITY_FIELDS:
            if name in self.fields:
                self.fields[name].disabled = True

    def clean(self):
        cleaned = super().clean()
        user = self.for_user
        if user is not None and not is_city_staff(user):
            county = county_of(user)
            if county is None:
                raise forms.ValidationError(
                    _("Your account is not assigned to a county; ask the city bureau.")
                )
            cleaned["county"] = county
        return cleaned


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
            heading=gettext_lazy("Form"),
        ),
        ObjectList(
            [
                InlinePanel("sites", heading=gettext_lazy("Sites"), min_num=0),
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


def county_guard(view):
    """404 unless the application named by ``pk`` is visible to the user."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if "pk" in kwargs:
            try:
                pk = int(unquote(str(kwargs["pk"])))
            except (TypeError, ValueError):
                raise Http404 from None
            if not visible_applications(request.user).filter(pk=pk).exists():
                raise Http404
        return view(request, *args, **kwargs)

    return wrapped


class ApplicationIndexView(generic.IndexView):
    def get_base_queryset(self):
        return visible_applications(
            self.request.user, super().get_base_queryset()
        ).select_related("county")


class ApplicationEditView(generic.EditView):
    def dispatch(self, request, *args, **kwargs):
        if not may_edit(request.user, self.object):
            messages.error(
                request,
                _(
                    "This application is at stage “%(stage)s” and can no longer be "
                    "edited by you."
                )
                % {"stage": self.object.get_stage_display()},
            )
            return redirect("applications:inspect", quote(self.object.pk))
        return super().dispatch(request, *args, **kwargs)

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = self.get_object()


class ApplicationDeleteView(generic.DeleteView):
    def dispatch(self, request, *args, **kwargs):
        if not may_delete(request.user, self.object):
            messages.error(
                request,
                _("Only drafts can be deleted; withdraw the application instead."),
            )
            return redirect("applications:inspect", quote(self.object.pk))
        return super().dispatch(request, *args, **kwargs)


class ApplicationCreateView(generic.CreateView):
    def get_initial(self):
        initial = super().get_initial()
        county = county_of(self.request.user)
        if county is not None and not is_city_staff(self.request.user):
            initial["county"] = county.pk
        return initial


class ApplicationInspectView(generic.InspectView):
    template_name = "parkregistry/applications/inspect.html"

    def get_field_display_value(self, field_name, field):
        value = getattr(self.object, field_name)
        if value is None or value == "":
            return "—"
        if isinstance(value, date):
            return f"{value.year}年{value.month}月{value.day}日"
        return super().get_field_display_value(field_name, field)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(report_context(self.object))
        context.update(action_links(self.object))
        context["application"] = self.object
        context["public_services"] = [
            s.label for s in PUBLIC_SERVICE_FIELDS if getattr(self.object, s.field)
        ]
        context["can_edit"] = may_edit(self.request.user, self.object)
        context["available_moves"] = moves_for(self.request.user, self.object)
        return context


class MoveForm(forms.Form):
    to_stage = forms.ChoiceField(label=gettext_lazy("Move to"))
    opinion = forms.CharField(
        label=gettext_lazy("Opinion"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
    )
    expert_review_date = forms.DateField(
        label=gettext_lazy("Expert review date"), required=False
    )
    expert_conclusion = forms.ChoiceField(
        label=gettext_lazy("Expert review conclusion"),
        choices=[("", "---------"), *ExpertConclusion.choices],
        required=False,
    )

    def __init__(self, *args, stages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_stage"].choices = [(s, Stage(s).label) for s in stages]


class MoveView(generic.WagtailAdminTemplateMixin, generic.BaseObjectMixin, View):
    """Stage-move buttons with an opinion; illegal moves are refused with a message."""

    model = Application
    template_name = "parkregistry/applications/move.html"
    header_icon = "resubmit"

    def get_page_title(self):
        return _("Move application")

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("applications:index"), "label": _("Applications")},
            {
                "url": reverse("applications:inspect", args=[quote(self.object.pk)]),
                "label": str(self.object),
            },
            {"url": "", "label": _("Move application")},
        ]

    def render(self, request, form, status=200):
        context = self.get_context_data(
            application=self.object,
            form=form,
            stages=[(s, Stage(s).label) for s in moves_for(request.user, self.object)],
            can_record_expert_review=Stage.EXPERT_REVIEWED
            in moves_for(request.user, self.object),
            **report_context(self.object),
            **action_links(self.object),
        )
        return TemplateResponse(request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        form = MoveForm(stages=moves_for(request.user, self.object))
        return self.render(request, form)

    def post(self, request, *args, **kwargs):
        stages = moves_for(request.user, self.object)
        requested = request.POST.get("to_stage", "")
        form = MoveForm(request.POST, stages=Stage.values)
        if not form.is_valid():
            messages.error(request, _("Please correct the errors below."))
            return self.render(request, form, status=400)
        if requested not in stages:
            messages.error(
                request,
                _("You cannot move this application from “%(from)s” to “%(to)s”.")
                % {
                    "from": self.object.get_stage_display(),
                    "to": Stage(requested).label,
                },
            )
            return self.render(request, form, status=400)
        from_stage = self.object.stage
        try:
            if requested == Stage.APPROVED and self.object.park_id:
                approve_sub_park(
                    self.object, user=request.user, note=form.cleaned_data["opinion"]
                )
            else:
                move(
                    self.object,
                    requested,
                    user=request.user,
                    note=form.cleaned_data["opinion"],
                    expert_review_date=form.cleaned_data["expert_review_date"],
                    expert_conclusion=form.cleaned_data["expert_conclusion"] or "",
                    expert_notes=form.cleaned_data["opinion"]
                    if requested == Stage.EXPERT_REVIEWED
                    else "",
                    enforce_eligibility=True,
                )
        except IllegalMove as exc:
            messages.error(request, str(exc))
            return self.render(request, form, status=400)
        log_action(
            self.object,
            "parkregistry.move",
            user=request.user,
            data={"from": from_stage, "to": requested},
        )
        messages.success(
            request,
            _("“%(name)s” moved to “%(stage)s”.")
            % {"name": self.object.name, "stage": Stage(requested).label},
        )
        missing = self.object.missing_materials
        if requested == Stage.COUNTY_REVIEWED and missing:
            messages.warning(
                request,
                _("Materials still missing: %(items)s.")
                % {"items": "；".join(str(s.label) for s in missing)},
            )
        return redirect("applications:inspect", quote(self.object.pk))


def print_view(request, pk):
    application = Application.objects.select_related("county").get(pk=pk)
    return TemplateResponse(
        request,
        "parkregistry/applications/print.html",
        {
            "application": application,
            "services": [(s.label, getattr(application, s.field)) for s in SERVICES],
            "public_services": [
                (s.label, getattr(application, s.field)) for s in PUBLIC_SERVICE_FIELDS
            ],
        },
    )


def docx_view(request, pk):
    from parkregistry.services.docx import build_docx

    application = Application.objects.select_related("county").get(pk=pk)
    response = HttpResponse(
        build_docx(application),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="application-{application.pk}.docx"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


def material_view(request, pk, slot):
    if slot not in {s.field for s in MATERIALS}:
        raise Http404
    application = Application.objects.get(pk=pk)
    stored = getattr(application, slot)
    if not stored:
        raise Http404
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    suffix = stored.name.rsplit(".", 1)[-1] if "." in stored.name else "bin"
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"application-{application.pk}-{slot.removeprefix('material_')}.{suffix}",
    )
    response["Cache-Control"] = "private, no-store"
    return response


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
    actions.register_model(Application, ApplicationLogEntry)
    actions.register_action(
        "parkregistry.move", gettext_lazy("Move stage"), gettext_lazy("Stage moved")
    )


@hooks.register("register_admin_viewset")
def register_application_viewsets():
    return [application_viewset, membership_viewset]
