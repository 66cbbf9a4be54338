"""Production: every secret, host and the mail server come from the environment.

Start-up stops with ``ImproperlyConfigured`` naming the variable when
DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, WAGTAILADMIN_BASE_URL or the mail server
(DJANGO_EMAIL_URL, or DJANGO_EMAIL_HOST) is missing. There is no fallback key, and
mail never falls back to the console backend: that backend prints every message,
objectors' addresses and query codes included, to the process output and so to
the log.
"""

import os
from collections.abc import Mapping
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403


def _require(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"The environment variable {name} must be set.")
    return value


def _base_url(name: str) -> str:
    value = _require(name)
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ImproperlyConfigured(
            f"{name} must be the site's public address, e.g. https://rsj.example.cn "
            f"(got {value!r})."
        )
    return value


# How the connection to the mail server is secured: implicit TLS (smtps, port 465),
# STARTTLS (smtp+tls, port 587) or none (smtp, port 25: a relay on a trusted network).
_MAIL_SCHEMES = {
    "smtps": ("ssl", 465),
    "smtp+tls": ("starttls", 587),
    "smtp": ("none", 25),
}
_SCHEME_OF = {security: scheme for scheme, (security, _) in _MAIL_SCHEMES.items()}


def _smtp(
    source: str,
    *,
    scheme: str,
    host: str,
    port: int | None,
    user: str,
    password: str,
    timeout: float,
) -> dict[str, object]:
    """The Django EMAIL_* settings of one SMTP server; refuses what is unsafe."""
    if scheme not in _MAIL_SCHEMES:
        raise ImproperlyConfigured(
            f"{source}: the mail server must be smtps://, smtp+tls:// or smtp:// "
            f"(got {scheme!r}); the console and file backends would write "
            "personal data to the log or to disk."
        )
    security, default_port = _MAIL_SCHEMES[scheme]
    if not host:
        raise ImproperlyConfigured(f"{source}: the mail server's host is missing.")
    if security == "none" and (user or password):
        raise ImproperlyConfigured(
            f"{source}: a user and password over plain smtp:// would cross the "
            "network unencrypted; use smtps:// (port 465) or smtp+tls:// (587)."
        )
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": host,
        "EMAIL_PORT": port or default_port,
        "EMAIL_HOST_USER": user,
        "EMAIL_HOST_PASSWORD": password,
        "EMAIL_USE_SSL": security == "ssl",
        "EMAIL_USE_TLS": security == "starttls",
        "EMAIL_TIMEOUT": timeout,
    }


def mail_from_url(url: str, source: str = "DJANGO_EMAIL_URL") -> dict[str, object]:
    """``smtps://user:password@smtp.example.cn:465?timeout=10`` → EMAIL_* settings.

    The user and password are percent-decoded (write ``@`` as ``%40``).
    """
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError as exc:
        raise ImproperlyConfigured(f"{source}: the port is not a number.") from exc
    options = dict(parse_qsl(parts.query))
    unknown = set(options) - {"timeout"}
    if unknown:
        raise ImproperlyConfigured(
            f"{source}: unknown option {sorted(unknown)[0]!r}; only timeout is read."
        )
    try:
        timeout = float(options.get("timeout", "10"))
    except ValueError as exc:
        raise ImproperlyConfigured(f"{source}: timeout must be seconds.") from exc
    return _smtp(
        source,
        scheme=parts.scheme.lower(),
        host=parts.hostname or "",
        port=port,
        user=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        timeout=timeout,
    )


def mail_from_environment(env: Mapping[str, str]) -> dict[str, object]:
    """The mail server from DJANGO_EMAIL_URL, else from DJANGO_EMAIL_HOST and friends."""
    url = env.get("DJANGO_EMAIL_URL", "").strip()
    if url:
        return mail_from_url(url)
    host = env.get("DJANGO_EMAIL_HOST", "").strip()
    if not host:
        raise ImproperlyConfigured(
            "The environment variable DJANGO_EMAIL_URL must be set (e.g. "
            "smtps://user:password@smtp.example.cn:465), or DJANGO_EMAIL_HOST with "
            "DJANGO_EMAIL_PORT, DJANGO_EMAIL_HOST_USER, DJANGO_EMAIL_HOST_PASSWORD and "
            "DJANGO_EMAIL_SECURITY: objection receipts are mailed, and production "
            "never prints mail to the log."
        )
    security = env.get("DJANGO_EMAIL_SECURITY", "starttls").strip().lower()
    if security not in _SCHEME_OF:
        raise ImproperlyConfigured(
            f"DJANGO_EMAIL_SECURITY must be ssl, starttls or none (got {security!r})."
        )
    port = env.get("DJANGO_EMAIL_PORT", "").strip()
    if port and not port.isdigit():
        raise ImproperlyConfigured("DJANGO_EMAIL_PORT must be a number.")
    return _smtp(
        "DJANGO_EMAIL_HOST",
        scheme=_SCHEME_OF[security],
        host=host,
        port=int(port) if port else None,
        user=env.get("DJANGO_EMAIL_HOST_USER", ""),
        password=env.get("DJANGO_EMAIL_HOST_PASSWORD", ""),
        timeout=10,
    )


DEBUG = False
SECRET_KEY = _require("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = [
    h.strip() for h in _require("DJANGO_ALLOWED_HOSTS").split(",") if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip()
    for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",")
    if o.strip()
]
# Links in mails (the lookup address in a receipt) and admin notifications.
WAGTAILADMIN_BASE_URL = _base_url("WAGTAILADMIN_BASE_URL")

# SMTP only; EMAIL_BACKEND from the environment (base.py) is not read here.
_mail = mail_from_environment(os.environ)
EMAIL_BACKEND = _mail["EMAIL_BACKEND"]
EMAIL_HOST = _mail["EMAIL_HOST"]
EMAIL_PORT = _mail["EMAIL_PORT"]
EMAIL_HOST_USER = _mail["EMAIL_HOST_USER"]
EMAIL_HOST_PASSWORD = _mail["EMAIL_HOST_PASSWORD"]
EMAIL_USE_SSL = _mail["EMAIL_USE_SSL"]
EMAIL_USE_TLS = _mail["EMAIL_USE_TLS"]
# A receipt is sent while the objector waits for the page: never hang a worker.
EMAIL_TIMEOUT = _mail["EMAIL_TIMEOUT"]
del _mail

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = (
    os.environ.get("DJANGO_SECURE_SSL_REDIRECT", "true").lower() != "false"
)
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# What is logged never holds personal data or secrets (tests/home/test_logging_privacy.py
# files, receipts, looks up and handles an objection with every logger at DEBUG).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {"django.request": {"level": "ERROR"}},
}

# Never create the demo accounts with known passwords in production.
DEMO_ACCOUNTS = False
NOTICES_DEMO_CALENDAR = False  # made-up holiday years are never used here
