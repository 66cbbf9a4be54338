"""Admin of the registry: parks, evaluations, rectifications, annual tasks,
subsidies, revocations, and the approval of candidates whose notice has closed.

The viewsets edit the records; the hooks below run the services after a save so
that Art. 25 consequences and Art. 13 amounts are always applied. The viewsets
of county-owned records are ``CountyScopedSnippetViewSet``: a county editor
sees only their own county's parks and records, never the internal notes.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from notices.models import NoticeCandidate
from parkregistry.admin.scoping import CountyScopedSnippetViewSet
from parkregistry.models import (
    AnnualTask,
    Evaluation,
    Park,
    Rectification,
    Revocation,
    RevocationStatus,
    Stage,
    SubsidyRecord,
)
from parkregistry.models.registry import RegistryError
from parkregistry.services.approvals import (
    approve,
    check_may_approve,
    ensure_recognition_award,
    proposed_name,
)
from parkregistry.services.evaluations import apply_grade, apply_rectification
from parkregistry.services.revocations import confirm_revocation
from parkregistry.services.subsidies import record_subsidy


class ParkViewSet(CountyScopedSnippetViewSet):
    """名录园区: every recognised park (revoked ones stay)."""

    model = Park
    icon = "home"
    menu_label = gettext_lazy("Parks")
    menu_name = "registry-parks"
    list_display = ["name", "county", "status", "approved_on"]
    list_filter = ["county", "status"]
    search_fields = ["name"]
    inspect_view_enabled = True


class EvaluationViewSet(CountyScopedSnippetViewSet):
    """考核评估: a park's grade for an operating year (Art. 23–25)."""

    model = Evaluation
    icon = "tasks"
    menu_label = gettext_lazy("Evaluations")
    menu_name = "registry-evaluations"
    list_display = ["park", "year", "grade", "held_on"]
    list_filter = ["year", "grade"]


class RectificationViewSet(CountyScopedSnippetViewSet):
    """整改: the deadline and result after a 不合格 grade."""

    model = Rectification
    icon = "warning"
    menu_label = gettext_lazy("Rectifications")
    menu_name = "registry-rectifications"
    list_display = ["evaluation", "deadline", "result"]
    add_to_admin_menu = False


class AnnualTaskViewSet(SnippetViewSet):
    """年度就业任务: the city's tasks per year (Art. 13 threshold)."""

    model = AnnualTask
    icon = "date"
    menu_label = gettext_lazy("Annual employment tasks")
    menu_name = "registry-annual-tasks"
    list_display = ["year", "urban_new_employment", "rural_labour_transfer"]


class SubsidyViewSet(CountyScopedSnippetViewSet):
    """运营经费补助: a park's placements and computed subsidy per year."""

    model = SubsidyRecord
    icon = "form"
    menu_label = gettext_lazy("Operating subsidies")
    menu_name = "registry-subsidies"
    list_display = ["park", "year", "placed", "amount_yuan", "withdrawn"]
    list_filter = ["year", "withdrawn"]


class RevocationViewSet(CountyScopedSnippetViewSet):
    """取消资格: proposed by the system, confirmed by a city editor."""

    model = Revocation
    icon = "cross"
    menu_label = gettext_lazy("Revocations")
    menu_name = "registry-revocations"
    list_display = ["park", "status", "proposed_on", "revoked_on"]
    list_filter = ["status"]


class RegistryGroup(SnippetViewSetGroup):
    items = (
        ParkViewSet,
        EvaluationViewSet,
        RectificationViewSet,
        AnnualTaskViewSet,
        SubsidyViewSet,
        RevocationViewSet,
    )
    menu_icon = "list-ul"
    menu_label = gettext_lazy("Registry")
    menu_name = "registry"


register_snippet(RegistryGroup)


# --- services after admin saves ---------------------------------------------


def _apply_after_save(request, instance):
    user = request.user
    if isinstance(instance, Park):
        ensure_recognition_award(instance, user=user)
    elif isinstance(instance, Evaluation):
        apply_grade(instance, user=user)
    elif isinstance(instance, Rectification) and instance.result:
        apply_rectification(instance, user=user)
    elif isinstance(instance, SubsidyRecord) and instance.placed is not None:
        try:
            record_subsidy(instance.park, instance.year, instance.placed, user)
        except RegistryError as exc:
            messages.error(request, str(exc))
    elif (
        isinstance(instance, Revocation)
        and instance.status == RevocationStatus.PROPOSED
        and instance.revoked_on
        and instance.decision_doc_no
    ):
        confirm_revocation(
            instance.park, instance.revoked_on, instance.decision_doc_no, user=user
        )
        messages.success(request, _("The park's status has been revoked."))


@hooks.register("after_create_snippet")
def after_create(request, instance):
    _apply_after_save(request, instance)


@hooks.register("after_edit_snippet")
def after_edit(request, instance):
    if not isinstance(instance, Park):
        _apply_after_save(request, instance)


# --- approving candidates ------------------------------------------------------


class ApproveForm(forms.Form):
    official_name = forms.CharField(
        label=gettext_lazy("official name"),
        max_length=200,
        help_text=gettext_lazy("Must begin with the policy's prefix 晋中."),
    )
    doc_no = forms.CharField(
        label=gettext_lazy("approval document number"), max_length=100
    )
    approved_on = forms.DateField(
        label=gettext_lazy("approved on"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


def _may_approve_parks(user) -> bool:
    return user.is_superuser or user.has_perm("parkregistry.add_park")


def approve_view(request):
    """List candidates in notice; approve one whose notice has closed."""
    if not _may_approve_parks(request.user):
        raise PermissionDenied
    candidates = list(
        NoticeCandidate.objects.filter(subject__stage=Stage.IN_NOTICE)
        .select_related("subject", "subject__county", "page")
        .order_by("page__start_date", "pk")
    )
    chosen = None
    form = None
    if request.method == "POST":
        chosen = next(
            (c for c in candidates if str(c.pk) == request.POST.get("candidate")), None
        )
        if chosen is None:
            messages.error(request, _("Choose a candidate in public notice."))
            return redirect("parkregistry_approve")
        form = ApproveForm(request.POST, prefix=f"c{chosen.pk}")
        if form.is_valid():
            try:
                park = approve(
                    chosen,
                    form.cleaned_data["official_name"],
                    form.cleaned_data["doc_no"],
                    form.cleaned_data["approved_on"],
                    user=request.user,
                )
            except RegistryError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _("“%(name)s” has entered the registry.") % {"name": park.name},
                )
                return redirect("parkregistry_approve")
    rows = []
    for candidate in candidates:
        answer = check_may_approve(candidate)
        if chosen is not None and candidate.pk == chosen.pk and form is not None:
            row_form = form
        else:
            row_form = ApproveForm(
                prefix=f"c{candidate.pk}",
                initial={
                    "official_name": proposed_name(candidate.subject),
                    "approved_on": timezone.localdate(),
                },
            )
        rows.append({"candidate": candidate, "answer": answer, "form": row_form})
    status = 400 if form is not None and form.errors else 200
    return TemplateResponse(
        request,
        "parkregistry/admin/approve.html",
        {"rows": rows, "today": timezone.localdate()},
        status=status,
    )


@hooks.register("register_admin_urls")
def register_approve_url():
    return [path("registry/approve/", approve_view, name="parkregistry_approve")]


class ApproveMenuItem(MenuItem):
    def is_shown(self, request):
        return _may_approve_parks(request.user)


@hooks.register("register_admin_menu_item")
def register_approve_menu_item():
    return ApproveMenuItem(
        gettext_lazy("Approve candidates"),
        reverse("parkregistry_approve"),
        icon_name="success",
        order=290,
    )
