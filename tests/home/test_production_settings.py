"""Production settings: the mail server and the public address are required.

Each case imports ``demosite.settings.production`` in a fresh interpreter with an
environment of its own (nothing inherited from the test run), the way gunicorn
or ``manage.py`` would start.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SMTP = "django.core.mail.backends.smtp.EmailBackend"
MAIL_PASSWORD = "Pa55:w@rd/x"  # made up; start-up errors must never echo it
PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "k8$Jq2!vR7zP0wXe3LmN9cBt5YuHa6GdFs1oKi4Tj8QpZr2Wn-x7Vb3Mc9Lq",
    "DJANGO_ALLOWED_HOSTS": "rsj.example.cn",
    "WAGTAILADMIN_BASE_URL": "https://rsj.example.cn",
    "DJANGO_EMAIL_URL": (
        "smtps://noreply%40rsj.example.cn:Pa55%3Aw%40rd%2Fx@smtp.example.cn:465"
    ),
}
NAMES = [
    "DEBUG",
    "WAGTAILADMIN_BASE_URL",
    "EMAIL_BACKEND",
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_HOST_USER",
    "EMAIL_HOST_PASSWORD",
    "EMAIL_USE_SSL",
    "EMAIL_USE_TLS",
    "EMAIL_TIMEOUT",
]


def _run(argv: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - fixed argv, our own code
        argv,
        cwd=ROOT,
        env={
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "site")]),
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )


def _import(env: dict[str, str]) -> subprocess.CompletedProcess:
    script = (
        "import json\n"
        "import demosite.settings.production as s\n"
        f"print(json.dumps({{n: getattr(s, n) for n in {NAMES!r}}}))\n"
    )
    return _run([sys.executable, "-c", script], env)


def production_settings(**changes: str | None) -> dict:
    """The production settings under PRODUCTION_ENV with ``changes`` (None unsets)."""
    env = {**PRODUCTION_ENV, **changes}
    result = _import({k: v for k, v in env.items() if v is not None})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def refusal(**changes: str | None) -> str:
    """The ImproperlyConfigured message production stops with."""
    env = {**PRODUCTION_ENV, **changes}
    result = _import({k: v for k, v in env.items() if v is not None})
    assert result.returncode != 0, result.stdout
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("django.core.exceptions.ImproperlyConfigured: "), last
    assert MAIL_PASSWORD not in result.stderr
    return last


def test_full_environment_sends_mail_over_smtps():
    s = production_settings()
    assert s["DEBUG"] is False
    assert s["WAGTAILADMIN_BASE_URL"] == "https://rsj.example.cn"
    assert s["EMAIL_BACKEND"] == SMTP
    assert s["EMAIL_HOST"] == "smtp.example.cn"
    assert s["EMAIL_PORT"] == 465
    assert s["EMAIL_USE_SSL"] is True and s["EMAIL_USE_TLS"] is False
    # Percent-encoded user and password are decoded.
    assert s["EMAIL_HOST_USER"] == "noreply@rsj.example.cn"
    assert s["EMAIL_HOST_PASSWORD"] == MAIL_PASSWORD
    assert s["EMAIL_TIMEOUT"] == 10


@pytest.mark.parametrize(
    "missing",
    [
        "DJANGO_SECRET_KEY",
        "DJANGO_ALLOWED_HOSTS",
        "WAGTAILADMIN_BASE_URL",
        "DJANGO_EMAIL_URL",
    ],
)
def test_start_up_stops_naming_the_missing_variable(missing):
    assert missing in refusal(**{missing: None})


def test_blank_mail_url_counts_as_missing():
    assert "DJANGO_EMAIL_URL must be set" in refusal(DJANGO_EMAIL_URL="  ")


def test_console_backend_from_the_environment_is_never_used():
    message = refusal(
        DJANGO_EMAIL_URL=None,
        EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend",
    )
    assert "DJANGO_EMAIL_URL" in message
    s = production_settings(
        EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend"
    )
    assert s["EMAIL_BACKEND"] == SMTP


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "smtp+tls://mailer:secret@smtp.example.cn",
            {"EMAIL_PORT": 587, "EMAIL_USE_TLS": True, "EMAIL_USE_SSL": False},
        ),
        (
            "smtps://mailer:secret@smtp.example.cn:2465?timeout=3",
            {"EMAIL_PORT": 2465, "EMAIL_USE_SSL": True, "EMAIL_TIMEOUT": 3},
        ),
        (
            "smtp://relay.intranet:2525",
            {
                "EMAIL_HOST": "relay.intranet",
                "EMAIL_PORT": 2525,
                "EMAIL_USE_TLS": False,
                "EMAIL_USE_SSL": False,
                "EMAIL_HOST_USER": "",
            },
        ),
        ("SMTP://relay.intranet", {"EMAIL_PORT": 25}),
    ],
)
def test_mail_url_forms(url, expected):
    s = production_settings(DJANGO_EMAIL_URL=url)
    assert s["EMAIL_BACKEND"] == SMTP
    assert {k: s[k] for k in expected} == expected


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("console://", "smtps://, smtp+tls:// or smtp://"),
        ("file:///var/mail", "smtps://, smtp+tls:// or smtp://"),
        ("locmem://", "smtps://, smtp+tls:// or smtp://"),
        ("smtp://mailer:Pa55%3Aw%40rd%2Fx@smtp.example.cn:587", "unencrypted"),
        ("smtps://mailer:Pa55%3Aw%40rd%2Fx@smtp.example.cn:port", "port"),
        ("smtps://mailer:Pa55%3Aw%40rd%2Fx@:465", "host is missing"),
        ("smtps://smtp.example.cn?backend=console", "unknown option"),
        ("smtps://smtp.example.cn?timeout=soon", "timeout"),
    ],
)
def test_unusable_mail_urls_stop_start_up_without_echoing_the_password(url, words):
    message = refusal(DJANGO_EMAIL_URL=url)
    assert "DJANGO_EMAIL_URL" in message
    assert words in message


def test_mail_server_in_separate_variables():
    s = production_settings(
        DJANGO_EMAIL_URL=None,
        DJANGO_EMAIL_HOST="smtp.example.cn",
        DJANGO_EMAIL_HOST_USER="noreply@rsj.example.cn",
        DJANGO_EMAIL_HOST_PASSWORD=MAIL_PASSWORD,
    )
    assert s["EMAIL_BACKEND"] == SMTP
    assert (s["EMAIL_PORT"], s["EMAIL_USE_TLS"], s["EMAIL_USE_SSL"]) == (
        587,
        True,
        False,
    )
    assert s["EMAIL_HOST_PASSWORD"] == MAIL_PASSWORD
    s = production_settings(
        DJANGO_EMAIL_URL=None,
        DJANGO_EMAIL_HOST="smtp.example.cn",
        DJANGO_EMAIL_SECURITY="ssl",
        DJANGO_EMAIL_PORT="1465",
    )
    assert (s["EMAIL_PORT"], s["EMAIL_USE_SSL"]) == (1465, True)
    assert "DJANGO_EMAIL_SECURITY" in refusal(
        DJANGO_EMAIL_URL=None,
        DJANGO_EMAIL_HOST="smtp.example.cn",
        DJANGO_EMAIL_SECURITY="console",
    )
    assert "unencrypted" in refusal(
        DJANGO_EMAIL_URL=None,
        DJANGO_EMAIL_HOST="smtp.example.cn",
        DJANGO_EMAIL_SECURITY="none",
        DJANGO_EMAIL_HOST_USER="mailer",
        DJANGO_EMAIL_HOST_PASSWORD=MAIL_PASSWORD,
    )


@pytest.mark.parametrize(
    "value", ["rsj.example.cn", "ftp://rsj.example.cn", "https://"]
)
def test_base_url_must_be_an_http_address(value):
    message = refusal(WAGTAILADMIN_BASE_URL=value)
    assert "WAGTAILADMIN_BASE_URL" in message and "https://rsj.example.cn" in message


def test_full_environment_passes_check_deploy():
    result = _run(
        [
            sys.executable,
            "manage.py",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ],
        {**PRODUCTION_ENV, "DJANGO_SETTINGS_MODULE": "demosite.settings.production"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
