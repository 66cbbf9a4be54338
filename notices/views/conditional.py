"""Feeds and calendars built once per content generation, with conditional GET.

A subscriber's calendar or feed reader asks again and again; the answer changes
only when something is published, corrected or a holiday year changes. The body
is built once per generation, host and path (``notices.services.built``); a
matching ``If-None-Match`` or ``If-Modified-Since`` gets ``304 Not Modified``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest

from notices.services.built import answer, stored_body

#: Headers of the built response that are kept with its body.
KEPT_HEADERS = ("Content-Type", "Content-Disposition")


def built_once(view: Callable) -> Callable:
    """Wrap a GET view of a feed or calendar (see the module docstring)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        failed = {}

        def build():
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.streaming:
                failed["response"] = response  # an error or a redirect: not kept
                return None
            headers = {h: response[h] for h in KEPT_HEADERS if h in response}
            return {"body": response.content, "headers": headers}

        stored = stored_body(request, build)
        return failed["response"] if stored is None else answer(request, stored)

    return wrapper
