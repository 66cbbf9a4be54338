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

    The Wagtail admin and the API docs bring their own inline assets, so they keep
    Django's defaults; everything a citizen sees gets the strict policy.
    """

    EXEMPT_PREFIXES = ("/admin/", "/django-admin/", "/api/docs")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(self.EXEMPT_PREFIXES) and not getattr(
            request.user, "is_authenticated", False
        ):
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
