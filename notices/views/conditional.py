"""Feeds and calendars built once per content generation, with conditional GET.

A subscriber's calendar or feed reader asks again and again; the answer changes
only when something is published, corrected or a holiday year changes. The site
names a callable that returns its current content generation in
``NOTICES_CONTENT_GENERATION`` (the demo site's page-cache generation, which
moves on every publication and record change); the body is then built once per
generation, host and path, and kept in the shared cache. Every answer carries an
``ETag`` and ``Last-Modified``; a matching ``If-None-Match`` or
``If-Modified-Since`` gets ``304 Not Modified`` without a body.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.module_loading import import_string

from notices import conf

#: Headers of the built response that are kept with its body.
KEPT_HEADERS = ("Content-Type", "Content-Disposition")
BUILT_SECONDS = 24 * 60 * 60


def current_generation() -> str | None:
    path = conf.NOTICES_CONTENT_GENERATION
    return str(import_string(path)()) if path else None


def _built(request: HttpRequest, view: Callable, args, kwargs) -> dict | None:
    """The stored answer of this generation, or a fresh one (stored when it is a 200)."""
    generation = current_generation()
    raw = "|".join([request.get_host(), request.get_full_path()])
    key = None
    if generation is not None:
        digest = hashlib.sha256(raw.encode()).hexdigest()
        key = f"notices:built:{generation}:{digest}"
        stored = cache.get(key)
        if stored is not None:
            return stored
    response = view(request, *args, **kwargs)
    if response.status_code != 200 or response.streaming:
        return {"response": response}
    body = response.content
    stored = {
        "body": body,
        "headers": {h: response[h] for h in KEPT_HEADERS if h in response},
        "etag": f'"{hashlib.sha256(body).hexdigest()[:32]}"',
        "modified": timezone.now().timestamp(),
    }
    if key is not None:
        cache.set(key, stored, BUILT_SECONDS)
    return stored


def built_once(view: Callable) -> Callable:
    """Wrap a GET view of a feed or calendar (see the module docstring)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        stored = _built(request, view, args, kwargs)
        if "response" in stored:  # an error or a redirect: never stored
            return stored["response"]
        response = HttpResponse(stored["body"])
        for header, value in stored["headers"].items():
            response[header] = value
        response["ETag"] = stored["etag"]
        response["Last-Modified"] = http_date(stored["modified"])
        conditional = get_conditional_response(
            request,
            etag=stored["etag"],
            last_modified=int(stored["modified"]),
            response=response,
        )
        return conditional

    return wrapper
