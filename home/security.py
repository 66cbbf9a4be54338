"""Admin login lockout: repeated failures for one account or address lock it.

Failures are counted in the shared cache (so every app server sees them); while
locked, even the right password is refused.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver

MAX_FAILURES = getattr(settings, "LOGIN_MAX_FAILURES", 5)
LOCK_SECONDS = getattr(settings, "LOGIN_LOCK_SECONDS", 15 * 60)
# One address may serve a whole office (NAT), so it gets a larger allowance.
MAX_FAILURES_PER_ADDRESS = MAX_FAILURES * 4


def _client_ip(request) -> str:
    return (request.META.get("REMOTE_ADDR") or "") if request is not None else ""


def _keys(username: str, request) -> list[str]:
    # Hash the identifiers so no username or address sits in the cache in clear.
    def h(value: str) -> str:
        return hashlib.sha256(value.encode()).hexdigest()[:32]

    keys = [f"login-fail:user:{h(username.lower())}"]
    ip = _client_ip(request)
    if ip:
        keys.append(f"login-fail:ip:{h(ip)}")
    return keys


def is_locked(username: str, request) -> bool:
    limits = (MAX_FAILURES, MAX_FAILURES_PER_ADDRESS)
    return any(
        (cache.get(key) or 0) >= limit
        for key, limit in zip(_keys(username, request), limits, strict=False)
    )


class LockoutModelBackend(ModelBackend):
    """ModelBackend that refuses any login while the account or address is locked."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username and is_locked(username, request):
            raise PermissionDenied("locked")
        return super().authenticate(
            request, username=username, password=password, **kwargs
        )


@receiver(user_login_failed)
def count_failure(sender, credentials, request=None, **kwargs):
    username = credentials.get("username") or ""
    for key in _keys(username, request):
        cache.add(key, 0, LOCK_SECONDS)
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, LOCK_SECONDS)


@receiver(user_logged_in)
def reset_failures(sender, request, user, **kwargs):
    cache.delete(_keys(user.get_username(), None)[0])
