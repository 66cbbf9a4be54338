"""Public objection views: the form and the receipt of a notice, the status lookup.

None of these responses may be cached (they carry CSRF tokens, sessions or
personal data); personal fields are marked sensitive for error reports.
"""

from __future__ import annotations

import logging

from django.core.exceptions import (
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.db import DatabaseError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables

from notices import conf
from notices.forms.objections import CONSENT_TEXT, LookupForm, ObjectionForm
from notices.models.windows import objection_window
from notices.rules.formatting import long_datetime
from notices.services import limits
from notices.services import objections as services

logger = logging.getLogger(__name__)

SESSION_KEY = "objection_receipt"
PERSONAL_POST = (
    "name",
    "organisation",
    "phone",
    "email",
    "address",
    "content",
    "code",
)


def _render(request, template, context, status=200, headers=None):
    response = TemplateResponse(request, template, context, status=status)
    add_never_cache_headers(response)
    for key, value in (headers or {}).items():
        response[key] = value
    return response


def _too_large(request, page):
    return _render(
        request,
        "notices/objections/problem.html",
        {
            "page": page,
            "heading": _("The submission is too large"),
            "message": _(
                "Each attachment may be at most %(mb)d MB and at most %(n)d files "
                "can be sent. Nothing was stored; go back, remove the large files "
                "and send again."
            )
            % {
                "mb": conf.OBJECTION_MAX_FILE_BYTES // (1024 * 1024),
                "n": conf.OBJECTION_MAX_FILES,
            },
        },
        status=413,
    )


def _closed(request, page, state, window, status):
    if state == "upcoming":
        heading = _("The notice period has not started yet")
        message = _("Objections can be filed from %(opens)s (Beijing time).") % {
            "opens": long_datetime(window.opens_at)
        }
    elif state == "closed":
        heading = _("The notice period has ended")
        message = _(
            "The notice period closed at %(closes)s (Beijing time); objections are "
            "no longer accepted online."
        ) % {"closes": long_datetime(window.closes_at)}
    else:
        heading = _("Objections cannot be filed on this notice now")
        message = _("The notice period of this notice is not available.")
    return _render(
        request,
        "notices/objections/closed.html",
        {"page": page, "heading": heading, "message": message, "state": state},
        status=status,
    )


def _rate_limited(request, page, limited):
    return _render(
        request,
        "notices/objections/problem.html",
        {
            "page": page,
            "heading": _("Too many submissions"),
            "message": _(
                "Too many objections or lookups came from this connection or this "
                "phone number in a short time. Please try again later; nothing you "
                "typed was stored."
            ),
        },
        status=429,
        headers={"Retry-After": str(limited.retry_after)},
    )


def _form_response(request, page, form, status=200):
    form.prepare_for_render()
    return _render(
        request,
        "notices/objections/form.html",
        {
            "page": page,
            "form": form,
            "consent_text": CONSENT_TEXT
            % {
                "publisher": conf.NOTICES_PUBLISHER,
                "years": conf.OBJECTION_RETENTION_YEARS,
            },
            "max_files": conf.OBJECTION_MAX_FILES,
        },
        status=status,
    )


def _with_token(data, token: str):
    data = data.copy()
    data["form_token"] = token
    return data


@sensitive_variables("form", "data")
@sensitive_post_parameters(*PERSONAL_POST)
def objection_form(request, page):
    """GET: the form while the window is open. POST: file the objection."""
    if request.method == "POST":
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > conf.OBJECTION_MAX_REQUEST_BYTES:
            return _too_large(request, page)
        try:
            data, files = request.POST, request.FILES
        except (RequestDataTooBig, TooManyFilesSent, TooManyFieldsSent):
            return _too_large(request, page)
    state, window = objection_window(page)
    if state != "open":
        return _closed(
            request, page, state, window, 403 if request.method == "POST" else 200
        )
    if request.method != "POST":
        form = ObjectionForm(page=page, initial={"form_token": limits.issue_token()})
        return _form_response(request, page, form)

    form = ObjectionForm(data, files, page=page)
    if form.honeypot_filled:
        return _render(
            request,
            "notices/objections/problem.html",
            {
                "page": page,
                "heading": _("The submission was not accepted"),
                "message": _("Please fill in the form again and send it."),
            },
            status=400,
        )
    token_problem = None
    token = None
    if limits.relaxed() and not data.get("form_token"):
        # Load tests post without loading the form first: no dedupe key then.
        pass
    else:
        try:
            token = limits.read_token(data.get("form_token", ""))
        except limits.TokenProblem as exc:
            token_problem = exc.key
    valid = form.is_valid()
    if token_problem:
        messages = {
            "invalid": _("The form was not loaded correctly. Please send it again."),
            "too_fast": _(
                "The form was sent too quickly. Please check your entries and send it again."
            ),
            "expired": _(
                "The form has expired. Please check your entries and send it again."
            ),
        }
        # Keep everything typed; a fresh token lets the person send it again.
        form = ObjectionForm(_with_token(data, limits.issue_token()), files, page=page)
        form.is_valid()
        form.add_error(None, messages[token_problem])
        return _form_response(request, page, form, status=400)
    if not valid:
        return _form_response(request, page, form, status=400)

    ip = limits.client_ip(request)
    # The slot is taken before filing (atomically, so no burst gets past the
    # limit) and given back whenever nothing new is stored.
    slot = limits.reserve_submission(
        ip, form.cleaned_data["phone"], token=token.nonce if token else None
    )
    if slot.limited:
        return _rate_limited(request, page, slot.limited)
    try:
        with slot.released_on_error():
            filed = services.file_objection(
                page,
                form.cleaned_data,
                files=form.cleaned_data.get("attachments") or [],
                token=token.nonce if token else None,
            )
    except services.ObjectionWindowClosed as exc:
        return _closed(request, page, exc.state, exc.window, 403)
    except DatabaseError as exc:
        # No traceback: a driver's error detail may quote submitted values.
        logger.error(
            "objection on notice %s could not be stored (%s)",
            page.pk,
            type(exc).__name__,
        )
        return _render(
            request,
            "notices/objections/problem.html",
            {
                "page": page,
                "heading": _("Not submitted, please try again"),
                "message": _(
                    "Your objection could not be stored because of a temporary "
                    "problem; nothing was kept. Please send the form again in a "
                    "moment."
                ),
                "back": True,
            },
            status=503,
            headers={"Retry-After": "30"},
        )
    # The receipt lives next to the form (``<notice url>objection/receipt/``).
    receipt_url = request.path.rstrip("/") + "/receipt/"
    if filed.duplicate:
        slot.release()
        pending = request.session.get(SESSION_KEY)
        if pending and pending.get("receipt") == filed.objection.receipt_no:
            return HttpResponseRedirect(receipt_url, status=303)
        return _render(
            request,
            "notices/objections/duplicate.html",
            {"page": page, "receipt": filed.objection.receipt_no},
        )
    slot.filed()
    objection = filed.objection
    request.session[SESSION_KEY] = {
        "notice": page.pk,
        "receipt": objection.receipt_no,
        "code": filed.code,
        "submitted_at": long_datetime(objection.submitted_at),
        "candidate": objection.candidate.subject.notice_name
        if objection.candidate
        else "",
        "emailed": bool(objection.email),
    }
    response = HttpResponseRedirect(receipt_url)
    response.status_code = 303
    return response


@sensitive_variables("receipt")
def objection_receipt(request, page):
    """The receipt, shown once: the code leaves the session as it is shown."""
    receipt = request.session.get(SESSION_KEY)
    if not receipt or receipt.get("notice") != page.pk:
        return _render(
            request,
            "notices/objections/problem.html",
            {
                "page": page,
                "heading": _("No receipt to show"),
                "message": _(
                    "A receipt is shown only once, right after an objection is "
                    "filed. With the receipt number and query code you can look up "
                    "the status at any time."
                ),
                "lookup": True,
            },
            status=404,
        )
    del request.session[SESSION_KEY]
    return _render(
        request,
        "notices/objections/receipt.html",
        {"page": page, "receipt": receipt},
    )


@sensitive_variables("form")
@sensitive_post_parameters("code")
def lookup(request):
    """/notices/objections/lookup/: receipt number + query code → status and reply."""
    if request.method != "POST":
        return _render(
            request, "notices/objections/lookup.html", {"form": LookupForm()}
        )
    # A miss is counted before the lookup (atomically) and given back on a hit.
    slot = limits.reserve_lookup(limits.client_ip(request))
    if slot.limited:
        return _rate_limited(request, None, slot.limited)
    form = LookupForm(request.POST)
    if not form.is_valid():
        return _render(
            request, "notices/objections/lookup.html", {"form": form}, status=400
        )
    with slot.released_on_error():
        objection = services.find_for_lookup(
            form.cleaned_data["receipt"], form.cleaned_data["code"]
        )
    if objection is None:
        form = LookupForm(initial={"receipt": form.cleaned_data["receipt"]})
        return _render(
            request,
            "notices/objections/lookup.html",
            {
                "form": form,
                "miss": _(
                    "No objection matches this receipt number and query code. Check "
                    "both and try again."
                ),
            },
            status=404,
        )
    slot.release()
    return _render(
        request,
        "notices/objections/lookup.html",
        {
            "form": LookupForm(),
            "result": objection,
            "overdue": services.is_overdue(objection),
        },
    )
