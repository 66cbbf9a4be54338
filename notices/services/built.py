"""Bodies built once per content generation, kept in the shared cache.

Feeds, calendars and the list APIs change only when something is published or
recorded (a new content generation, see ``NOTICES_CONTENT_GENERATION``) or, for
what shows a window's state, when a window opens or closes (``state_token``).
A body is built once per generation, key and request host and path; every
answer carries an ``ETag`` and a ``Last-Modified`` for conditional GETs.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.module_loading import import_string

from notices import conf
from notices.models import NoticePage

BUILT_SECONDS = 24 * 60 * 60


def current_generation() -> str | None:
    path = conf.NOTICES_CONTENT_GENERATION
    return str(import_string(path)()) if path else None


def state_token(now: datetime | None = None) -> str:
    """Changes exactly when a live notice's window opens or closes (one query)."""
    now = now or timezone.now()
    counts = NoticePage.objects.filter(live=True).aggregate(
        opened=Count("pk", filter=Q(opens_at__lte=now)),
        closed=Count("pk", filter=Q(closes_at__lte=now)),
    )
    return f"{counts['opened']}.{counts['closed']}"


def _key(request: HttpRequest, generation: str, extra: str) -> str:
    raw = "|".join([request.get_host(), request.get_full_path(), extra])
    return f"notices:built:{generation}:{hashlib.sha256(raw.encode()).hexdigest()}"


def stored_body(
    request: HttpRequest, build: Callable[[], dict | None], extra: str = ""
) -> dict | None:
    """``build()`` (``{"body": bytes, "headers": {...}}`` or None) once per generation."""
    generation = current_generation()
    key = _key(request, generation, extra) if generation is not None else None
    if key is not None:
        stored = cache.get(key)
        if stored is not None:
            return stored
    stored = build()
    if stored is None:
        return None
    stored["etag"] = f'"{hashlib.sha256(stored["body"]).hexdigest()[:32]}"'
    stored["modified"] = timezone.now().timestamp()
    if key is not None:
        cache.set(key, stored, BUILT_SECONDS)
    return stored


def answer(request: HttpRequest, stored: dict) -> HttpResponse:
    """The stored body with its validators, or 304 when the client has it."""
    response = HttpResponse(stored["body"])
    for header, value in stored["headers"].items():
        response[header] = value
    response["ETag"] = stored["etag"]
    response["Last-Modified"] = http_date(stored["modified"])
    return get_conditional_response(
        request,
        etag=stored["etag"],
        last_modified=int(stored["modified"]),
        response=response,
    )


def json_answer(
    request: HttpRequest, build: Callable[[], Any], extra: str = ""
) -> HttpResponse:
    """A JSON body (UTF-8, Chinese unescaped) built once per generation."""

    def body() -> dict:
        data = json.dumps(build(), cls=DjangoJSONEncoder, ensure_ascii=False)
        return {
            "body": data.encode(),
            "headers": {"Content-Type": "application/json; charset=utf-8"},
        }

    return answer(request, stored_body(request, body, extra))


def generation_memo(name: str, build: Callable[[], Any]) -> Any:
    """A value derived from pages and records, kept for the content generation.

    Without ``NOTICES_CONTENT_GENERATION`` it is built every time. ``name`` must
    say everything the value depends on besides pages and records (the language
    of its texts included).
    """
    generation = current_generation()
    if generation is None:
        return build()
    key = f"notices:memo:{generation}:{hashlib.sha256(name.encode()).hexdigest()}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, BUILT_SECONDS)
    return value
