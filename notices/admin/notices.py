"""Admin side of notices: publication checks, corrections and their history."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.widgets import Button

from notices.models import NoticeIndexPage, NoticePage
from notices.models.panels import window_check
from notices.models.publication import (
    WorkflowPublishedPageMixin,
    direct_publication_refused,
    publishes_directly,
)
from notices.models.windows import publication_problem, safe_window
from notices.rules.formatting import period_sentence
from notices.services.notices import CorrectionRefused, extend, restart
from notices.services.workflow import WORKFLOW_NAME, ensure_publication_workflow


def governed_by_publication_workflow(page) -> bool:
    """Is ``page`` (notice, decision, their indexes) under 公示与决定发布审核?"""
    if page is None:
        return False
    workflow = page.get_workflow()
    return workflow is not None and workflow.name == WORKFLOW_NAME


@hooks.register("before_publish_page")
def refuse_unpublishable_notice(request, page):
    """A notice with too few working days or an unconfirmed year cannot go live,
    and only city admins publish pages of the workflow without its approval."""
    specific = page.specific if hasattr(page, "specific") else page
    problem = None
    if isinstance(specific, NoticePage):
        problem = publication_problem(specific)
    if (
        not problem
        and not request.user.is_superuser
        and governed_by_publication_workflow(page)
    ):
        problem = direct_publication_refused()
    if problem:
        if page.live and not page.live_revision_id:
            # The create view adds a new page as live before this hook runs: keep
            # it as a draft instead (what the editor typed is saved).
            type(page).objects.filter(pk=page.pk).update(
                live=False, has_unpublished_changes=True
            )
        messages.error(request, _("The notice was not published: %s") % problem)
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def flag_unconfirmed_year_at_submission(request, page):
    """Submitting a notice whose window reaches an unconfirmed year: say so now,
    naming the year, rather than only when the approver tries to approve it."""
    if "action-submit" not in request.POST:
        return
    specific = page.specific if hasattr(page, "specific") else page
    if not isinstance(specific, NoticePage):
        return
    problem = window_check(specific).get("problem")
    if problem:
        messages.warning(
            request,
            _("Submitted, but it cannot be approved yet: %(problem)s")
            % {"problem": problem},
        )


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def explain_refused_publish(request, page):
    """A "publish" posted by someone who may not publish directly is saved as a
    draft by Wagtail; say why it did not go live."""
    if "action-publish" not in request.POST or publishes_directly(request.user):
        return
    if isinstance(page.specific, WorkflowPublishedPageMixin):
        messages.warning(request, direct_publication_refused())


@hooks.register("after_publish_page")
def apply_what_going_live_means(request, page):
    """Wagtail's page editor publishes without calling ``Page.publish()``: apply
    the page's step here too (``went_live`` is idempotent)."""
    specific = page.specific
    if isinstance(specific, WorkflowPublishedPageMixin) and specific.live:
        specific.went_live(request.user)


@hooks.register("construct_page_action_menu")
def publish_notices_through_the_workflow(menu_items, request, context):
    """Only city admins see a direct "Publish" under the workflow; others submit."""
    if request.user.is_superuser:
        return
    if governed_by_publication_workflow(
        context.get("page")
    ) or governed_by_publication_workflow(context.get("parent_page")):
        menu_items[:] = [i for i in menu_items if i.name != "action-publish"]


@hooks.register("after_create_page")
def workflow_for_new_notice_index(request, page):
    if isinstance(page.specific, NoticeIndexPage):
        ensure_publication_workflow(page)


@hooks.register("register_log_actions")
def register_correction_actions(actions):
    actions.register_action(
        "notices.extend_notice",
        gettext_lazy("Notice extended"),
        gettext_lazy("Notice extended (延长公示)"),
    )
    actions.register_action(
        "notices.approve_candidate",
        gettext_lazy("Candidate approved"),
        gettext_lazy("Candidate approved after the notice"),
    )
    actions.register_action(
        "notices.restart_notice",
        gettext_lazy("Notice corrected and restarted"),
        gettext_lazy("Notice corrected and restarted (更正后重新公示)"),
    )


# --- corrections ------------------------------------------------------------------


def may_correct(user, page) -> bool:
    """City editors, approvers and admins who can edit the live notice."""
    if not user.is_authenticated or not page.live:
        return False
    if user.is_superuser:
        return True
    if not (
        user.has_perm("notices.write_notices")
        or user.has_perm("notices.approve_notices")
    ):
        return False
    return page.permissions_for_user(user).can_edit()


class ExtensionForm(forms.Form):
    extra_working_days = forms.IntegerField(
        label=gettext_lazy("Working days to add"),
        min_value=1,
        max_value=30,
        help_text=gettext_lazy(
            "The end of the period moves later by this many working days."
        ),
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason (shown on the notice)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
    )


class RestartForm(forms.Form):
    new_start_date = forms.DateField(
        label=gettext_lazy("New start date"),
        help_text=gettext_lazy("The full period restarts on this date (YYYY-MM-DD)."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    reason = forms.CharField(
        label=gettext_lazy("What was corrected (shown on the notice)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
    )


def correction_view(request, page_id: int, kind: str):
    page = get_object_or_404(NoticePage, pk=page_id)
    if not may_correct(request.user, page):
        raise PermissionDenied
    form_class = ExtensionForm if kind == "extend" else RestartForm
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if kind == "extend":
                extend(
                    page,
                    form.cleaned_data["extra_working_days"],
                    form.cleaned_data["reason"],
                    request.user,
                )
                messages.success(request, _("The notice has been extended."))
            else:
                restart(
                    page,
                    form.cleaned_data["new_start_date"],
                    form.cleaned_data["reason"],
                    request.user,
                )
                messages.success(
                    request, _("The notice has been corrected and restarts.")
                )
            return redirect("wagtailadmin_explore", page.get_parent().pk)
        except CorrectionRefused as exc:
            form.add_error(None, str(exc))
    window = safe_window(page)
    title = (
        _("Extend notice: %(title)s")
        if kind == "extend"
        else _("Correct and restart notice: %(title)s")
    ) % {"title": page.title}

    return TemplateResponse(
        request,
        "notices/admin/correction_form.html",
        {
            "page": page,
            "form": form,
            "title": title,
            "current": period_sentence(window) if window else "",
            "kind": kind,
        },
        status=400 if request.method == "POST" else 200,
    )


@hooks.register("register_admin_urls")
def correction_urls():
    return [
        path(
            "notices/<int:page_id>/extend/",
            correction_view,
            {"kind": "extend"},
            name="notices_extend",
        ),
        path(
            "notices/<int:page_id>/restart/",
            correction_view,
            {"kind": "restart"},
            name="notices_restart",
        ),
    ]


def _correction_buttons(page, user, priority=90):
    specific = page.specific_deferred if hasattr(page, "specific_deferred") else page
    if not isinstance(specific, NoticePage) or not may_correct(user, page):
        return
    yield Button(
        _("Extend notice"),
        reverse("notices_extend", args=[page.pk]),
        icon_name="time",
        priority=priority,
    )
    yield Button(
        _("Correct and restart"),
        reverse("notices_restart", args=[page.pk]),
        icon_name="repeat",
        priority=priority + 1,
    )


@hooks.register("register_page_listing_more_buttons")
def correction_listing_buttons(page, user, next_url=None):
    yield from _correction_buttons(page, user)


@hooks.register("register_page_header_buttons")
def correction_header_buttons(page, user, view_name, next_url=None):
    yield from _correction_buttons(page, user)
