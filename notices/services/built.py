"""Bodies built once per content generation, kept in the shared cache.

Feeds, calendars and the list APIs change only when something is published or
recorded (a new content generation, see ``NOTICES_CONTENT_GENERATION``) or, for
what shows a window's state, when a window opens or closes (``state_token``).
A body is built once per generation, key and request host and path; every
answer carries an ``ETag`` and a ``Last-Modified`` for conditional GETs.

Each server process also keeps what it has read or built for the current
generation in its own memory (``LOCAL_BYTES`` at most, least recently used
first out), so a hit costs no round trip to the shared cache and no unpickling.
A value is kept under its generation, which only moves forward (and starts at a
random value when the shared cache has lost it, see ``notices.request_memo``),
so a process never serves a value of an earlier content; the first request of a
new generation drops everything the process kept.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import threading
import time
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.module_loading import import_string
from django.utils.translation import get_language

from notices import conf, request_memo
from notices.models import NoticePage
from notices.models.windows import WINDOWS_VERSION

BUILT_SECONDS = 24 * 60 * 60
#: What one process keeps of the current generation: pickled size (bytes; the
#: objects themselves take a few times more) and number of values.
LOCAL_BYTES = 16 * 1024 * 1024
LOCAL_ENTRIES = 2000


class _LocalMemo:
    """The process's values of the latest generation it stored, least recently
    used first out, each for ``BUILT_SECONDS`` at most.

    Keys name their generation, so a request still reading an earlier one finds
    nothing here and never drops what the others use; a value stored under a new
    generation drops the rest.
    """

    def __init__(self, budget: int, entries: int = LOCAL_ENTRIES) -> None:
        self.budget = budget
        self.max_entries = entries
        self.generation: str | None = None
        self.entries: OrderedDict[str, tuple[Any, int, float]] = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def get(self, generation: str, key: str) -> Any:
        with self.lock:
            entry = self.entries.get(key)
            if entry is None or generation != self.generation:
                return None
            if entry[2] <= time.monotonic():
                self._drop(key)
                return None
            self.entries.move_to_end(key)
            return entry[0]

    def put(self, generation: str, key: str, value: Any, size: int) -> None:
        if size > self.budget:
            return
        with self.lock:
            if generation != self.generation:
                self.generation = generation
                self.entries.clear()
                self.size = 0
            self._drop(key)
            self.entries[key] = (value, size, time.monotonic() + BUILT_SECONDS)
            self.size += size
            while self.size > self.budget or len(self.entries) > self.max_entries:
                self._drop(next(iter(self.entries)))

    def _drop(self, key: str) -> None:
        old = self.entries.pop(key, None)
        if old is not None:
            self.size -= old[1]

    def clear(self) -> None:
        with self.lock:
            self.generation = None
            self.entries.clear()
            self.size = 0


_local = _LocalMemo(LOCAL_BYTES)


def _kept(generation: str, key: str, build: Callable[[], Any]) -> Any:
    """The value under ``key``: from this process, the shared cache or ``build()``.

    ``build()`` returning None keeps nothing.
    """
    value = _local.get(generation, key)
    if value is not None:
        return value
    value = cache.get(key)
    if value is None:
        value = build()
        if value is None:
            return None
        cache.set(key, value, BUILT_SECONDS)
    _local.put(generation, key, value, len(pickle.dumps(value, -1)))
    return value


def current_generation() -> str | None:
    """The site's content generation and the stored windows' version (a bulk
    update of window inputs saves no record, see ``store_windows``)."""
    path = conf.NOTICES_CONTENT_GENERATION
    if not path:
        return None
    return f"{import_string(path)()}.{request_memo.version(WINDOWS_VERSION)}"


def state_token(now: datetime | None = None) -> str:
    """Changes exactly when a live notice's window opens or closes.

    The opening and closing moments of the live windows are read once per
    content generation and stored-window version; the token is how many of
    them have passed (no query).
    """
    now = now or timezone.now()
    version = request_memo.version(WINDOWS_VERSION)
    moments = generation_memo(f"notice-window-moments:{version}", _window_moments)
    return f"{version}.{bisect_right(moments, now.timestamp())}"


def window_memo(name: str, build: Callable[[], Any], now: datetime) -> Any:
    """``generation_memo`` of what shows windows' states and the working days
    left: kept until a window opens or closes or the day turns, per language."""
    day = timezone.localdate(now).isoformat()
    return generation_memo(f"{name}:{state_token(now)}:{day}:{get_language()}", build)


def _window_moments() -> list[float]:
    pairs = NoticePage.objects.filter(live=True).values_list("opens_at", "closes_at")
    return sorted(m.timestamp() for pair in pairs for m in pair if m is not None)


def _key(request: HttpRequest, generation: str, extra: str) -> str:
    raw = "|".join([request.get_host(), request.get_full_path(), extra])
    return f"notices:built:{generation}:{hashlib.sha256(raw.encode()).hexdigest()}"


def stored_body(
    request: HttpRequest, build: Callable[[], dict | None], extra: str = ""
) -> dict | None:
    """``build()`` (``{"body": bytes, "headers": {...}}`` or None) once per generation."""

    def built() -> dict | None:
        stored = build()
        if stored is None:
            return None
        stored["etag"] = f'"{hashlib.sha256(stored["body"]).hexdigest()[:32]}"'
        stored["modified"] = timezone.now().timestamp()
        return stored

    generation = current_generation()
    if generation is None:
        return built()
    return _kept(generation, _key(request, generation, extra), built)


def answer(request: HttpRequest, stored: dict) -> HttpResponse:
    """The stored body with its validators, or 304 when the client has it."""
    response = HttpResponse(stored["body"])
    for header, value in stored["headers"].items():
        response[header] = value
    response["ETag"] = stored["etag"]
    response["Last-Modified"] = http_date(stored["modified"])
    # Kept already, here and in every process: a page cache need not store it
    # again (``demosite.pagecache`` leaves such answers alone).
    response.kept_per_generation = True
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
        data = json.dumps(
            build(), cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":")
        )
        return {
            "body": data.encode(),
            "headers": {"Content-Type": "application/json; charset=utf-8"},
        }

    return answer(request, stored_body(request, body, extra))


def generation_memo(
    name: str, build: Callable[[], Any], *, keep_none: bool = True
) -> Any:
    """A value derived from pages and records, kept for the content generation.

    Without ``NOTICES_CONTENT_GENERATION`` it is built every time. ``name`` must
    say everything the value depends on besides pages and records (the language
    of its texts included). Every request of the process gets the same object:
    callers read it and never change it. With ``keep_none=False`` a None from
    ``build()`` is not kept (asked again, it is built again).
    """
    generation = current_generation()
    if generation is None:
        return build()
    key = f"notices:memo:v2:{generation}:{hashlib.sha256(name.encode()).hexdigest()}"
    if not keep_none:  # e.g. "no such park": not worth a place for every id asked
        return _kept(generation, key + ":value", build)
    # Kept in a tuple: None is a value too (a None from the cache means "missing").
    return _kept(generation, key, lambda: (build(),))[0]


def forget_local() -> None:
    """Drop what this process keeps (tests that change records behind the
    generation's back)."""
    _local.clear()
