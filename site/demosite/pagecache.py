"""A shared-cache page cache for anonymous readers of the public site.

Correctness rules:

* Only anonymous GET/HEAD requests without a session cookie are served from the
  cache, and only responses that are 200, set no cookie, did not use a CSRF token
  (so no form page, no receipt) and are not marked private/no-store are stored.
  Feeds, calendars and list APIs that keep their own body for the generation
  (``notices.services.built``, in every process) are not stored a second time.
* Paths that must never be cached (admin, objection form/receipt/lookup, private
  documents, the large-text switch) are exempt by prefix or fragment.
* Every stored page belongs to a *generation*; publishing or unpublishing a page
  or saving any record of the site's apps starts a new generation, so readers see
  a change at once. Models whose writes change no public page (e.g. a new
  objection during an open window) are listed in ``PAGE_CACHE_IGNORED_MODELS``.
* A page lives at most ``PAGE_CACHE_SECONDS`` and never past the next moment a
  notice window opens or closes, nor past local midnight (remaining working days
  change then).

The cache is Django's default cache: Redis when ``REDIS_URL`` is set, so several
app servers share it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.module_loading import import_string

from notices import request_memo
from notices.services.built import generation_memo

GENERATION_KEY = request_memo.register_version("pagecache:generation")
EXEMPT_PREFIXES = ("/admin/", "/django-admin/", "/a11y/", "/documents/", "/api/docs")
EXEMPT_FRAGMENTS = ("/objection", "/objections/", "/lookup/", "/private/")


def enabled() -> bool:
    return getattr(settings, "PAGE_CACHE_SECONDS", 0) > 0


def generation() -> int:
    """The current generation (read once per request with the other versions)."""
    return request_memo.version(GENERATION_KEY)


def invalidate() -> None:
    """Start a new generation: every cached page is out of date from now."""
    request_memo.bump(GENERATION_KEY)


def _transition_sources() -> list[Callable[[datetime], datetime | None]]:
    return [
        import_string(path)
        for path in getattr(settings, "PAGE_CACHE_TRANSITION_SOURCES", [])
    ]


def seconds_to_live(now: datetime | None = None) -> int:
    """How long a page stored now may be served."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    midnight = (local + timedelta(days=1)).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    limit = min(settings.PAGE_CACHE_SECONDS, (midnight - local).total_seconds())
    gen = generation()
    key = f"pagecache:next-transition:{gen}"
    nxt = cache.get(key)
    if nxt is None:
        moments = [m for source in _transition_sources() if (m := source(now))]
        nxt = min(moments).timestamp() if moments else 0
        cache.set(key, nxt, timeout=settings.PAGE_CACHE_SECONDS)
    if nxt and nxt > now.timestamp():
        limit = min(limit, nxt - now.timestamp())
    elif nxt:
        # The stored transition has passed: find the next one afresh.
        cache.delete(key)
        return 0
    return max(0, int(limit))


def _cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD") or not enabled():
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    path = request.path
    if path.startswith(EXEMPT_PREFIXES) or any(f in path for f in EXEMPT_FRAGMENTS):
        return False
    return True


def _cacheable_response(request, response) -> bool:
    if response.status_code != 200 or response.streaming:
        return False
    if getattr(response, "kept_per_generation", False):
        return False  # kept per generation by the view itself (feeds, APIs)
    if response.cookies or request.META.get("CSRF_COOKIE_USED"):
        return False
    if getattr(request, "session", None) is not None and request.session.accessed:
        if request.session.modified:
            return False
    control = response.get("Cache-Control", "")
    return "private" not in control and "no-store" not in control


def _key(request) -> str:
    from home.views import LARGE_TEXT_COOKIE

    raw = "|".join(
        [
            request.get_host(),
            request.get_full_path(),
            request.COOKIES.get(LARGE_TEXT_COOKIE, ""),
        ]
    )
    digest = hashlib.sha256(raw.encode()).hexdigest()
    return f"pagecache:page:{generation()}:{digest}"


class PublicPageCacheMiddleware:
    """Serve anonymous readers from the shared cache (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        key = _key(request)
        stored = cache.get(key)
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if _cacheable_response(request, response):
            ttl = seconds_to_live()
            if ttl > 0:
                headers = [
                    (k, v)
                    for k, v in response.items()
                    if k.lower() not in ("set-cookie", "x-query-count")
                ]
                cache.set(key, (response.status_code, headers, response.content), ttl)
            response["X-Page-Cache"] = "miss"
        return response


def _ignored(sender) -> bool:
    label = sender._meta.label
    ignored = set(getattr(settings, "PAGE_CACHE_IGNORED_MODELS", ()))
    return label in ignored


def memo(name: str, build: Callable[[], object]):
    """A value derived from pages or records, kept for the current generation.

    The generation moves on every publication and record change (even when the
    page cache itself is off), so a memo is never stale. Kept in the shared
    cache and in each process (``notices.services.built.generation_memo``):
    callers read the value and never change it.
    """
    return generation_memo(f"pagecache:memo:{name}", build)


def on_record_change(sender, **kwargs) -> None:
    app = sender._meta.app_label
    if app not in getattr(settings, "PAGE_CACHE_WATCHED_APPS", ()):
        return
    if _ignored(sender):
        return
    if kwargs.get("created") and sender._meta.label in getattr(
        settings, "PAGE_CACHE_IGNORED_CREATIONS", ()
    ):
        return
    invalidate()


def on_page_change(sender, **kwargs) -> None:
    invalidate()
