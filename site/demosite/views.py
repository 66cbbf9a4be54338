"""The site's one answer to a request it cannot read: a 4xx in Chinese, never a 500.

Django hands every ``SuspiciousOperation`` raised while a request is handled (a
body over ``DATA_UPLOAD_MAX_MEMORY_SIZE``, more fields than
``DATA_UPLOAD_MAX_NUMBER_FIELDS`` in a form or a query string, more files than
``DATA_UPLOAD_MAX_NUMBER_FILES``, a forbidden Host header ...), every
``BadRequest`` and every malformed multipart body to ``handler400`` — whether a
middleware (CSRF reads the form first), a view, the admin or the API raised it.
``bad_request`` is that handler: 413 for what is too large, 400 for the rest;
JSON ``{"error": ...}`` under ``/api/`` like the API's other errors, the site's
page elsewhere. The API calls it too (``demosite/api.py``), so that django-ninja
never turns these into a 500.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import (
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

API_PREFIX = "/api/"
TOO_LARGE = (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)


def _megabytes(size: int | None) -> str:
    """2621440 → "2.5" (the limit as people read it)."""
    return f"{(size or 0) / (1024 * 1024):g}"


def _api_message(exception: Exception | None) -> str:
    if isinstance(exception, RequestDataTooBig):
        return _("The request body is too large: at most %(size)s MB is accepted.") % {
            "size": _megabytes(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        }
    if isinstance(exception, TooManyFieldsSent):
        return _("The request has too many fields: at most %(n)s are accepted.") % {
            "n": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        }
    if isinstance(exception, TooManyFilesSent):
        return _("The request has too many files: at most %(n)s are accepted.") % {
            "n": settings.DATA_UPLOAD_MAX_NUMBER_FILES
        }
    return _("The request could not be read.")


def _page_message(exception: Exception | None) -> str:
    if isinstance(exception, RequestDataTooBig):
        return _(
            "What was sent is larger than this site accepts (the text entered may "
            "be at most %(size)s MB in all). Nothing was stored. Go back, shorten "
            "what you entered and send it again."
        ) % {"size": _megabytes(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)}
    if isinstance(exception, TooManyFieldsSent):
        return _(
            "What was sent, or the address, has too many fields (at most %(n)s). "
            "Nothing was stored. Go back, check what you entered and send it again."
        ) % {"n": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS}
    if isinstance(exception, TooManyFilesSent):
        return _(
            "What was sent has too many files (at most %(n)s). Nothing was stored. "
            "Go back, remove some files and send it again."
        ) % {"n": settings.DATA_UPLOAD_MAX_NUMBER_FILES}
    return _(
        "What was sent could not be read. Nothing was stored. Go back, check what "
        "you entered and try again."
    )


def bad_request(request: HttpRequest, exception: Exception | None = None):
    """``handler400``: 413 for a request too large, 400 otherwise; JSON under /api/.

    Args:
        request: the request that could not be read (its body is never read here).
        exception: what Django caught, usually a ``SuspiciousOperation``.

    Returns:
        A ``JsonResponse`` ``{"error": ...}`` for the API, else the Chinese
        ``413.html`` or ``400.html`` page; neither is ever cached.
    """
    status = 413 if isinstance(exception, TOO_LARGE) else 400
    response: HttpResponse
    if request.path_info.startswith(API_PREFIX):
        response = JsonResponse({"error": _api_message(exception)}, status=status)
    else:
        response = render(
            request,
            f"{status}.html",
            {"message": _page_message(exception)},
            status=status,
        )
    add_never_cache_headers(response)
    return response
