"""Security headers for the public site."""

from django.conf import settings

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


class QueryCountHeaderMiddleware:
    """Benchmark aid: report the number of SQL queries in ``X-Query-Count``.

    Installed only when the environment sets BENCH_QUERY_HEADER (``make bench``).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.db import connection

        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response["X-Query-Count"] = str(count)
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
