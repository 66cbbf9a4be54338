"""Abuse limits of the public objection form and lookup.

* a signed form token (nonce + issue time): the minimum fill time, the form's
  maximum age, and the key that makes a double submission count once;
* rate limits per client IP and per phone number, counted in Django's default
  cache (Redis when ``REDIS_URL`` is set, so every app server shares them).
  Cache keys hold keyed hashes, never a phone number or an address.

``OBJECTION_RELAXED_LIMITS`` (load tests) switches the fill time and the rate
limits off; the honeypot and all content checks stay on.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass

from django.core import signing
from django.core.cache import cache
from django.utils.crypto import salted_hmac

from notices import conf

TOKEN_SALT = "notices.objection-form"  # noqa: S105 - a signing salt, not a secret


@dataclass(frozen=True)
class FormToken:
    nonce: str
    issued_at: float


class TokenProblem(Exception):
    """The form token is missing, forged, too fresh or too old."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key  # "invalid", "too_fast", "expired"


def relaxed() -> bool:
    return bool(conf.OBJECTION_RELAXED_LIMITS)


def issue_token(issued_at: float | None = None) -> str:
    """A new signed token for a freshly rendered form."""
    payload = {
        "n": secrets.token_urlsafe(16),
        "t": time.time() if issued_at is None else issued_at,
    }
    return signing.dumps(payload, salt=TOKEN_SALT, compress=False)


def read_token(value: str, now: float | None = None) -> FormToken:
    """Check a submitted token.

    Raises:
        TokenProblem: "invalid" (missing/forged), "too_fast" (sent sooner than
            the minimum fill time) or "expired" (older than the maximum age).
    """
    try:
        payload = signing.loads(value or "", salt=TOKEN_SALT)
        token = FormToken(nonce=str(payload["n"]), issued_at=float(payload["t"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise TokenProblem("invalid") from exc
    now = time.time() if now is None else now
    age = now - token.issued_at
    if age > conf.OBJECTION_FORM_MAX_AGE_SECONDS:
        raise TokenProblem("expired")
    if not relaxed() and age < conf.OBJECTION_MIN_FILL_SECONDS:
        raise TokenProblem("too_fast")
    return token


def client_ip(request) -> str:
    header = conf.OBJECTION_CLIENT_IP_HEADER
    if header and request.META.get(header):
        return request.META[header].split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "")


def _key(kind: str, value: str) -> str:
    digest = salted_hmac("notices.objection-limits", value).hexdigest()[:32]
    return f"objlimit:{kind}:{digest}"


def _count(kind: str, value: str) -> int:
    return int(cache.get(_key(kind, value)) or 0)


def _hit(kind: str, value: str, seconds: int) -> None:
    key = _key(kind, value)
    if cache.add(key, 1, timeout=seconds):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=seconds)


@dataclass(frozen=True)
class Limited:
    """A rate limit was reached: which one and how long to wait."""

    kind: str  # "ip", "phone", "lookup"
    retry_after: int


def submission_limited(ip: str, phone: str) -> Limited | None:
    """Has this client or this phone filed too many objections lately?"""
    if relaxed():
        return None
    count, seconds = conf.OBJECTION_RATE_LIMIT_IP
    if ip and _count("ip", ip) >= count:
        return Limited("ip", seconds)
    count, seconds = conf.OBJECTION_RATE_LIMIT_PHONE
    if phone and _count("phone", phone) >= count:
        return Limited("phone", seconds)
    return None


def record_submission(ip: str, phone: str) -> None:
    if relaxed():
        return
    if ip:
        _hit("ip", ip, conf.OBJECTION_RATE_LIMIT_IP[1])
    if phone:
        _hit("phone", phone, conf.OBJECTION_RATE_LIMIT_PHONE[1])


def lookup_limited(ip: str) -> Limited | None:
    """Too many failed lookups from this client lately?"""
    if relaxed():
        return None
    count, seconds = conf.OBJECTION_LOOKUP_MISS_LIMIT
    if _count("lookup", ip) >= count:
        return Limited("lookup", seconds)
    return None


def record_lookup_miss(ip: str) -> None:
    if relaxed():
        return
    _hit("lookup", ip, conf.OBJECTION_LOOKUP_MISS_LIMIT[1])
