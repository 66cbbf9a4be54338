"""Objection handling in the Wagtail admin (异议处理 and city admins only).

Own views rather than a snippet viewset: every view that shows personal data
checks the role and writes the access log; no other admin surface (search,
choosers, history, exports) lists objections.
"""

from __future__ import annotations

from django import forms
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem

from notices import conf
from notices.forms.objections import ObjectionForm
from notices.models import (
    Channel,
    Finding,
    NoticePage,
    Objection,
    ObjectionAccess,
    ObjectionAttachment,
    ObjectionStatus,
    ObjectorKind,
)
from notices.models.windows import safe_window
from notices.rules.formatting import long_date, period_sentence
from notices.rules.objections import (
    MOVES,
    PENDING,
    has_published_reply,
    mask_name,
    mask_phone,
)
from notices.services import objection_files
from notices.services import objections as services


class NotAHandler(Exception):
    pass


def _require_handler(request):
    if not services.can_handle(request.user):
        raise NotAHandler


def handler_only(view):
    """403 (not Wagtail's redirect) for everyone but handlers and city admins."""

    def wrapped(request, *args, **kwargs):
        try:
            _require_handler(request)
        except NotAHandler:
            response = TemplateResponse(
                request,
                "notices/objections/admin/forbidden.html",
                {},
                status=403,
            )
            add_never_cache_headers(response)
            return response
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


class HandlingForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        error_messages={
            "invalid_choice": gettext_lazy("This status change is not allowed.")
        },
    )
    finding = forms.ChoiceField(
        label=gettext_lazy("Finding"), choices=Finding.choices, required=False
    )
    reply = forms.CharField(
        label=gettext_lazy("Reply to the objector"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy(
            "Published to the objector in the status lookup once the status is "
            "Replied or Closed. Do not include personal data of other people."
        ),
    )
    not_accepted_reason = forms.CharField(
        label=gettext_lazy("Reason for not accepting"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Required for Not accepted; shown in the lookup."),
    )

    def __init__(self, *args, objection, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = [objection.status, *sorted(MOVES.get(objection.status, ()))]
        labels = dict(ObjectionStatus.choices)
        self.fields["status"].choices = [(s, labels[s]) for s in allowed]


@handler_only
def objection_list(request):
    _require_handler(request)
    qs = Objection.objects.select_related("notice", "candidate__subject")
    status = request.GET.get("status", "")
    if status in ObjectionStatus.values:
        qs = qs.filter(status=status)
    query = (request.GET.get("q") or "").strip().upper()[:20]
    if query:
        # Receipt numbers only: searching by name or phone would be a way
        # around the masked list.
        qs = qs.filter(receipt_no__contains=query)
    today = timezone.localdate()
    if request.GET.get("overdue"):
        qs = qs.filter(status__in=list(PENDING), reply_due__lt=today)
    page = Paginator(qs, 50).get_page(request.GET.get("p"))
    rows = [
        {
            "obj": o,
            "who": mask_name(o.organisation or o.name)
            if not o.purged_at
            else _("(deleted)"),
            "phone": mask_phone(o.phone) if not o.purged_at else "",
            "overdue": services.is_overdue(o, today),
        }
        for o in page.object_list
    ]
    response = TemplateResponse(
        request,
        "notices/objections/admin/list.html",
        {
            "rows": rows,
            "page_obj": page,
            "statuses": ObjectionStatus.choices,
            "status": status,
            "overdue": bool(request.GET.get("overdue")),
            "query": query,
        },
    )
    add_never_cache_headers(response)
    return response


@handler_only
def objection_detail(request, pk):
    _require_handler(request)
    objection = get_object_or_404(
        Objection.objects.select_related("notice", "candidate__subject"), pk=pk
    )
    status = 200
    if request.method == "POST":
        form = HandlingForm(request.POST, objection=objection)
        if form.is_valid():
            try:
                services.handle(
                    objection,
                    status=form.cleaned_data["status"],
                    finding=form.cleaned_data["finding"],
                    reply=form.cleaned_data["reply"],
                    reason=form.cleaned_data["not_accepted_reason"],
                )
            except services.MoveRefused as exc:
                for field_name, message in exc.errors.items():
                    form.add_error(field_name, message)
            else:
                messages.success(
                    request,
                    _("Objection %(no)s saved.") % {"no": objection.receipt_no},
                )
                return redirect("objections_admin:detail", pk=objection.pk)
        status = 400
    else:
        form = HandlingForm(
            objection=objection,
            initial={
                "status": objection.status,
                "finding": objection.finding,
                "reply": objection.reply,
                "not_accepted_reason": objection.not_accepted_reason,
            },
        )
    services.log_access(objection, request.user)
    history = [
        {
            "at": h.history_date,
            "user": h.history_user,
            "type": h.get_history_type_display(),
            "status": h.get_status_display(),
            "finding": h.get_finding_display(),
        }
        for h in objection.history.select_related("history_user").order_by(
            "-history_date"
        )[:50]
    ]
    response = TemplateResponse(
        request,
        "notices/objections/admin/detail.html",
        {
            "objection": objection,
            "form": form,
            "overdue": services.is_overdue(objection),
            "history": history,
            "accesses": objection.accesses.select_related("user")[:50],
            "attachments": objection.attachments.all(),
            "has_reply_letter": has_published_reply(objection.status, objection.reply),
        },
        status=status,
    )
    add_never_cache_headers(response)
    return response


@handler_only
def attachment_download(request, pk, attachment_pk):
    _require_handler(request)
    attachment = get_object_or_404(
        ObjectionAttachment, pk=attachment_pk, objection_id=pk
    )
    try:
        handle = open(objection_files.path_of(attachment.stored_name), "rb")
    except OSError as exc:
        raise Http404 from exc
    services.log_access(
        attachment.objection, request.user, ObjectionAccess.Action.DOWNLOAD
    )
    # The sender's name, made safe (Django writes filename*=UTF-8''… for
    # non-ASCII names, RFC 6266 / 5987).
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=objection_files.download_name(attachment),
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    add_never_cache_headers(response)
    return response


# --- the reply letter (答复函) -------------------------------------------------------


def _reply_letter_context(objection: Objection) -> dict:
    """What the letter says: addressee, the objection, the finding, the reply."""
    if objection.purged_at:
        addressee = _("(deleted)")
    elif objection.kind == ObjectorKind.ORGANISATION and objection.organisation:
        addressee = objection.organisation
    else:
        addressee = objection.name
    received = objection.received_on or timezone.localdate(objection.submitted_at)
    replied = (
        timezone.localdate(objection.replied_at)
        if objection.replied_at
        else timezone.localdate()
    )
    facts = {
        "date": long_date(received),
        "notice": objection.notice.title,
        "about": objection.candidate.subject.notice_name
        if objection.candidate
        else _("The whole notice"),
        "receipt": objection.receipt_no,
    }
    if objection.kind == ObjectorKind.ORGANISATION:
        opening = _(
            "We have received the objection your organisation raised on %(date)s "
            "to “%(notice)s” (concerning: %(about)s; receipt number %(receipt)s). "
            "Having checked it, we reply as follows:"
        )
    else:
        opening = _(
            "We have received the objection you raised on %(date)s to "
            "“%(notice)s” (concerning: %(about)s; receipt number %(receipt)s). "
            "Having checked it, we reply as follows:"
        )
    findings = {
        Finding.SUSTAINED: _("Finding: the objection is sustained."),
        Finding.NOT_SUSTAINED: _("Finding: the objection is not sustained."),
    }
    return {
        "objection": objection,
        "addressee": addressee,
        "opening": opening % facts,
        "finding": findings.get(objection.finding, ""),
        "publisher": conf.NOTICES_PUBLISHER,
        "reply_date": long_date(replied),
    }


@handler_only
def reply_letter(request, pk):
    """答复函: the published reply as a letter to the objector, ready to print.

    Only for an objection with a published reply. The letter names the objector,
    so each view is written to the access log like the detail view.
    """
    _require_handler(request)
    objection = get_object_or_404(
        Objection.objects.select_related("notice", "candidate__subject"), pk=pk
    )
    if not has_published_reply(objection.status, objection.reply):
        raise Http404
    services.log_access(objection, request.user)
    response = TemplateResponse(
        request,
        "notices/objections/admin/reply_letter.html",
        _reply_letter_context(objection),
    )
    add_never_cache_headers(response)
    return response


# --- objections received on paper (书面异议) -----------------------------------------


WRITTEN_CHANNELS = [c for c in Channel.choices if c[0] != Channel.ONLINE]


class WrittenObjectionForm(ObjectionForm):
    """The objector's data as on the public form, and how and when it arrived."""

    channel = forms.ChoiceField(
        label=gettext_lazy("How it was received"), choices=WRITTEN_CHANNELS
    )
    received_on = forms.DateField(
        label=gettext_lazy("Day of receipt"),
        help_text=gettext_lazy(
            "For a letter, the postmark date. It must fall within the notice period."
        ),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    scan = forms.FileField(
        label=gettext_lazy("Scan of the letter or record"),
        help_text=gettext_lazy("PDF, JPG or PNG, at most 10 MB."),
    )
    # What the public form needs and a handler does not: the objector's consent
    # is given on paper; there is no form token or honeypot here.
    consent = None
    form_token = None
    website = None

    field_order = ["channel", "received_on", "scan"]

    def clean_scan(self):
        try:
            return objection_files.check_upload(self.cleaned_data["scan"])
        except objection_files.AttachmentRejected as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean_attachments(self):
        checked = []
        for upload in self.cleaned_data.get("attachments") or []:
            try:
                checked.append(objection_files.check_upload(upload))
            except objection_files.AttachmentRejected as exc:
                raise forms.ValidationError(str(exc)) from None
        return checked


def _written_notices():
    """Live notices whose period has begun: the ones paper objections can concern."""
    rows = []
    today = timezone.localdate()
    for page in NoticePage.objects.live().order_by("-start_date"):
        window = safe_window(page)
        if window is not None and window.start <= today:
            rows.append({"page": page, "sentence": period_sentence(window)})
    return rows


@handler_only
def record_written(request, notice_pk=None):
    """书面异议: choose the notice, then enter the objection received on paper."""
    _require_handler(request)
    if notice_pk is None:
        response = TemplateResponse(
            request,
            "notices/objections/admin/record_choose.html",
            {"notices": _written_notices()},
        )
        add_never_cache_headers(response)
        return response
    page = get_object_or_404(NoticePage.objects.live(), pk=notice_pk)
    window = safe_window(page)
    form = WrittenObjectionForm(request.POST or None, request.FILES or None, page=page)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                filed = services.record_written_objection(
                    page,
                    data,
                    channel=data["channel"],
                    received_on=data["received_on"],
                    files=[data["scan"], *data.get("attachments", [])],
                    user=request.user,
                )
            except services.WrittenObjectionRefused as exc:
                for field, message in exc.errors.items():
                    form.add_error(field if field in form.fields else None, message)
            else:
                services.log_access(
                    filed.objection, request.user, ObjectionAccess.Action.ENTER
                )
                response = TemplateResponse(
                    request,
                    "notices/objections/admin/record_done.html",
                    {"objection": filed.objection, "code": filed.code, "page": page},
                )
                add_never_cache_headers(response)
                return response
        status = 400
    response = TemplateResponse(
        request,
        "notices/objections/admin/record_form.html",
        {
            "form": form,
            "page": page,
            "sentence": period_sentence(window) if window else "",
        },
        status=status,
    )
    add_never_cache_headers(response)
    return response


class HandlerMenuItem(MenuItem):
    def is_shown(self, request):
        return services.can_handle(request.user)


@hooks.register("register_admin_urls")
def register_objection_urls():
    urls = [
        path("", objection_list, name="list"),
        path("<int:pk>/", objection_detail, name="detail"),
        path("record/", record_written, name="record"),
        path("record/<int:notice_pk>/", record_written, name="record_notice"),
        path(
            "<int:pk>/attachments/<int:attachment_pk>/",
            attachment_download,
            name="attachment",
        ),
        path("<int:pk>/reply-letter/", reply_letter, name="reply_letter"),
    ]
    return [path("objections/", (urls, "objections_admin", "objections_admin"))]


@hooks.register("register_admin_menu_item")
def register_objection_menu_item():
    return HandlerMenuItem(
        gettext_lazy("Objections"),
        reverse("objections_admin:list"),
        name="objections",
        icon_name="warning",
        order=400,
    )
