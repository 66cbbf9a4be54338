"""Admin of the registry: parks, evaluations, rectifications, annual tasks,
subsidies, revocations, and the helper that prepares the approval decision
(认定批复) of a candidate whose notice has closed.

The viewsets edit the records; the hooks below run the services after a save so
that Art. 25 consequences and Art. 13 amounts are always applied. The viewsets
of county-owned records are ``CountyScopedSnippetViewSet``: a county editor
sees only their own county's parks and records, never the internal notes.

An approval (确定, Art. 10(4)) is a published decision reviewed by a second
person: the helper only drafts the decision page; publishing it through the
workflow enters the park. Adding a park by hand is a 历史认定 (a park approved
before this system), for superusers only (``ParkPermissionPolicy`` in
``parkregistry.wagtail_hooks``).
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
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    CreateView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from notices.models import NoticeCandidate
from parkregistry.admin.scoping import CountyScopedSnippetViewSet, ScopedInspectView
from parkregistry.models import (
    AnnualTask,
    DecisionIndexPage,
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
    ApprovalRefused,
    check_may_approve,
    draft_approval_decision,
    earliest_approval_date,
    ensure_recognition_award,
    future_approval_error,
    pending_approval_decision,
    proposed_name,
)
from parkregistry.services.evaluations import apply_grade, apply_rectification
from parkregistry.services.history import attributed
from parkregistry.services.revocations import confirm_revocation
from parkregistry.services.subsidies import record_subsidy


class ParkForm(WagtailAdminModelForm):
    """A park's form; a park added by hand (历史认定) is dated no later than today."""

    def clean(self):
        cleaned = super().clean()
        approved_on = cleaned.get("approved_on")
        if self.instance._state.adding and approved_on:
            message = future_approval_error(approved_on)
            if message:
                self.add_error("approved_on", message)
        return cleaned


class HistoricalParkCreateView(CreateView):
    """园区 → 添加: records a park approved before this system (历史认定), with
    its approval document number. Parks approved now enter the registry when
    their 认定批复 decision is published."""

    def dispatch(self, request, *args, **kwargs):
        # Wagtail turns a refused admin view into a redirect home; say instead
        # (403) how a park enters the registry.
        if not self.permission_policy.user_has_permission(request.user, "add"):
            return TemplateResponse(
                request,
                "parkregistry/admin/approve_historical_only.html",
                status=403,
            )
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return _("Historical approval (历史认定)")

    def save_instance(self):
        instance = self.form.instance
        reason = _("Historical approval (历史认定), %(doc)s") % {
            "doc": instance.approval_doc_no
        }
        attributed(instance, self.request.user, reason)
        return super().save_instance()


class ParkInspectView(ScopedInspectView):
    """An empty field reads "—" (Wagtail's inspect view prints None); internal
    notes stay for those who may change the park (``ScopedInspectView``)."""

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        return "—" if value is None or value == "" else value


class ParkViewSet(CountyScopedSnippetViewSet):
    """名录园区: every recognised park (revoked ones stay).

    Parks enter through published 认定批复 decisions; "add" is a 历史认定, for
    superusers only (``ParkPermissionPolicy``).
    """

    model = Park
    add_view_class = HistoricalParkCreateView
    inspect_view_class = ParkInspectView
    copy_view_enabled = False  # a copy would be a second park outside any decision
    edit_handler = ObjectList(Park.panels, base_form_class=ParkForm)
    icon = "home"
    menu_label = gettext_lazy("Parks")
    menu_name = "registry-parks"
    list_display = ["name", "county", "status_label", "approved_on"]
    list_filter = ["county", "status"]
    search_fields = ["name"]
    inspect_view_enabled = True

    def get_queryset(self, request):
        # One query for the page whatever its size: the county and what the
        # status column needs come with each row.
        return (
            super()
            .get_queryset(request)
            .select_related("county")
            .with_latest_rectification()
        )


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
    list_display = ["evaluation", "deadline", "state_label"]
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
    list_display = ["park", "year", "placed", "amount_yuan", "subsidy_status"]
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


# --- preparing approval decisions ----------------------------------------------


class ApprovalDraftForm(forms.Form):
    """What the 认定批复 of one candidate says; it becomes a draft decision page."""

    official_name = forms.CharField(
        label=gettext_lazy("official name"),
        max_length=200,
        help_text=gettext_lazy("Must begin with the policy's prefix 晋中."),
    )
    doc_no = forms.CharField(
        label=gettext_lazy("approval document number"),
        max_length=100,
        help_text=gettext_lazy("e.g. 市人社发〔2025〕12号"),
    )
    decision_date = forms.DateField(
        label=gettext_lazy("date of the decision"),
        help_text=gettext_lazy(
            "After the day the notice closed, and not later than today."
        ),
        # A date input takes and shows ISO dates only (2026-12-04), whatever the
        # locale's format (2026/12/04 would leave the field blank).
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, sub_park: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if sub_park:  # an Art. 11 request keeps the park's name
            del self.fields["official_name"]


# What ``approval_problems`` names, as the fields of this form (None: the form).
_PROBLEM_FIELDS = {
    "official_name": "official_name",
    "approved_on": "decision_date",
    "doc_no": "doc_no",
}


def _may_prepare_approvals(user, index) -> bool:
    """Who may create decision pages under the decision index (city editors)."""
    if user.is_superuser:
        return True
    return index is not None and index.permissions_for_user(user).can_add_subpage()


def _draft_form(candidate, today, data=None) -> ApprovalDraftForm:
    earliest = earliest_approval_date(candidate)
    return ApprovalDraftForm(
        data,
        prefix=f"c{candidate.pk}",
        sub_park=bool(candidate.subject.park_id),
        initial={
            "official_name": proposed_name(candidate.subject),
            "decision_date": today if earliest is None or earliest <= today else None,
        },
    )


def approve_view(request):
    """List the candidates in notice and prepare the 认定批复 of one whose
    notice has closed: a draft decision page, which the editor checks and
    submits for approval. Nothing enters the registry here."""
    index = DecisionIndexPage.objects.first()
    if not _may_prepare_approvals(request.user, index):
        raise PermissionDenied
    today = timezone.localdate()
    candidates = list(
        NoticeCandidate.objects.filter(subject__stage=Stage.IN_NOTICE)
        .select_related("subject", "subject__county", "subject__park", "page")
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
        draft = pending_approval_decision(chosen)
        if draft is not None:
            messages.info(
                request,
                _("An approval decision for this candidate is already drafted."),
            )
            return redirect("wagtailadmin_pages:edit", draft.pk)
        form = _draft_form(chosen, today, request.POST)
        if form.is_valid():
            try:
                page = draft_approval_decision(
                    chosen,
                    official_name=form.cleaned_data.get("official_name", ""),
                    doc_no=form.cleaned_data["doc_no"],
                    decision_date=form.cleaned_data["decision_date"],
                    user=request.user,
                )
            except ApprovalRefused as exc:
                for key, message in exc.problems.items():
                    field = _PROBLEM_FIELDS.get(key)
                    form.add_error(field if field in form.fields else None, message)
            except RegistryError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _(
                        "The approval decision “%(title)s” has been drafted. Check "
                        "its text, then submit it for approval: the park enters the "
                        "registry when the decision is published."
                    )
                    % {"title": page.title},
                )
                return redirect("wagtailadmin_pages:edit", page.pk)
    rows = []
    for candidate in candidates:
        answer = check_may_approve(candidate)
        earliest = earliest_approval_date(candidate)
        if chosen is not None and candidate.pk == chosen.pk and form is not None:
            row_form = form
        else:
            row_form = _draft_form(candidate, today)
        rows.append(
            {
                "candidate": candidate,
                "answer": answer,
                "earliest": earliest,
                "ready": bool(answer) and earliest is not None and earliest <= today,
                "draft": pending_approval_decision(candidate),
                "form": row_form,
            }
        )
    status = 400 if form is not None and form.errors else 200
    return TemplateResponse(
        request,
        "parkregistry/admin/approve.html",
        {"rows": rows, "today": today, "index": index},
        status=status,
    )


@hooks.register("register_admin_urls")
def register_approve_url():
    return [path("registry/approve/", approve_view, name="parkregistry_approve")]


class ApproveMenuItem(MenuItem):
    def is_shown(self, request):
        return _may_prepare_approvals(request.user, DecisionIndexPage.objects.first())


@hooks.register("register_admin_menu_item")
def register_approve_menu_item():
    return ApproveMenuItem(
        gettext_lazy("Approve candidates"),
        reverse("parkregistry_approve"),
        icon_name="success",
        order=290,
    )
