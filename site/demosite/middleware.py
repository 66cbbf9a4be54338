"""Security headers for the public site."""

from django.conf import settings
from django.core.cache import caches
from django.db import connection

PUBLIC_CSP = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        "style-src 'self'",
        "script-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class SecurityHeadersMiddleware:
    """A strict Content-Security-Policy (no inline script or style) on public pages.

    Every response outside the Wagtail admin gets it, whoever asks: anonymous
    readers, and signed-in editors too, whose pages carry the Wagtail userbar
    (its template, stylesheet and scripts are same-origin files, so the strict
    policy fits it). /api/docs is Swagger UI from django-ninja's static files and
    fits it as well. The admin brings inline assets of its own and keeps
    Django's defaults (X-Frame-Options, nosniff, referrer policy).
    """

    EXEMPT_PREFIXES = ("/admin/", "/django-admin/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(self.EXEMPT_PREFIXES):
            response.setdefault("Content-Security-Policy", PUBLIC_CSP)
        response.setdefault("Referrer-Policy", settings.SECURE_REFERRER_POLICY)
        response.setdefault("X-Content-Type-Options", "nosniff")
        response.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        return response


#: Cache methods that make one round trip to the cache server each.
CACHE_CALLS = (
    "get",
    "get_many",
    "set",
    "set_many",
    "add",
    "incr",
    "decr",
    "delete",
    "delete_many",
    "has_key",
    "touch",
    "get_or_set",
)


class _CacheCallCounter:
    """Counts the calls an instance of a cache backend receives, outermost only.

    ``get_or_set`` calling ``get`` and ``add`` inside counts once per method
    Django's API exposes; the figure is the number of cache operations a request
    asks for, which is what a shared cache (Redis) pays a round trip for.
    """

    def __init__(self):
        self.count = 0
        self.depth = 0

    def wrap(self, backend) -> None:
        for name in CACHE_CALLS:
            original = getattr(backend, name, None)
            if original is None or getattr(original, "_counted", False):
                continue
            setattr(backend, name, self._counted(original))

    def _counted(self, method):
        def counted(*args, **kwargs):
            if self.depth == 0:
                self.count += 1
            self.depth += 1
            try:
                return method(*args, **kwargs)
            finally:
                self.depth -= 1

        counted._counted = True
        return counted


class QueryCountHeaderMiddleware:
    """Benchmark aid: SQL queries in ``X-Query-Count``, cache calls in ``X-Cache-Calls``.

    Installed only when the environment sets BENCH_QUERY_HEADER (``make bench``).
    Cache calls are counted on the request's own connection to the default cache
    (Django keeps one per thread), before the page cache answers, so a page served
    from the page cache reports its own lookups too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        backend = caches["default"]
        calls = getattr(backend, "_bench_counter", None)
        if calls is None:
            calls = backend._bench_counter = _CacheCallCounter()
            calls.wrap(backend)
        calls.count = 0
        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response["X-Query-Count"] = str(count)
        response["X-Cache-Calls"] = str(calls.count)
        return response


class CachedSiteMiddleware:
    """Find the Wagtail site of a public request in the shared cache.

    ``Site.find_for_request`` and routing from its root page cost three queries
    per request. The site, with its root page loaded, is kept for the current
    page-cache generation (any page or site change starts a new one); Wagtail
    reads it back from ``request._wagtail_site``. The admin is left alone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(("/admin/", "/django-admin/")):
            self._attach_site(request)
        return self.get_response(request)

    @staticmethod
    def _attach_site(request) -> None:
        from django.core.exceptions import DisallowedHost
        from wagtail.models import Site

        from demosite.pagecache import memo

        try:
            host = request.get_host()
        except DisallowedHost:
            return

        def build():
            site = Site.find_for_request(request)
            if site is None:
                return False
            site.root_page.specific  # noqa: B018 - load it before caching
            return site

        site = memo(f"site:{host}", build)
        request._wagtail_site = site or None
