"""Views of the applications admin and the county guard.

``county_guard`` wraps every URL that names an application so that a county
editor gets 404 for one outside their county. The generic views restrict the
index to visible applications, refuse edits and deletes at stages the user may
no longer change, pre-fill a county editor's county and show the eligibility
report on inspect; ``MoveView`` moves an application between stages;
``print_view``, ``docx_view`` and ``material_view`` give the printable form,
the .docx and the private materials.
"""

from __future__ import annotations

from datetime import date
from functools import wraps

from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from wagtail.admin.views import generic
from wagtail.log_actions import log as log_action

from parkregistry.admin.applications.context import action_links, report_context
from parkregistry.admin.applications.forms import MoveForm
from parkregistry.models.applications import (
    MATERIALS,
    PUBLIC_SERVICE_FIELDS,
    SERVICES,
    Application,
    Stage,
)
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
    move,
    printed_opinions,
)
from parkregistry.services.docx import build_docx


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
        form = MoveForm(
            stages=moves_for(request.user, self.object), application=self.object
        )
        return self.render(request, form)

    def post(self, request, *args, **kwargs):
        stages = moves_for(request.user, self.object)
        requested = request.POST.get("to_stage", "")
        form = MoveForm(request.POST, stages=Stage.values, application=self.object)
        if requested in Stage.values and requested not in stages:
            messages.error(
                request,
                _("You cannot move this application from “%(from)s” to “%(to)s”.")
                % {
                    "from": self.object.get_stage_display(),
                    "to": Stage(requested).label,
                },
            )
            return self.render(request, form, status=400)
        if not form.is_valid():
            messages.error(request, _("Please correct the errors below."))
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
            "opinions": printed_opinions(application),
            "services": [(s.label, getattr(application, s.field)) for s in SERVICES],
            "public_services": [
                (s.label, getattr(application, s.field)) for s in PUBLIC_SERVICE_FIELDS
            ],
        },
    )


def docx_view(request, pk):
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
