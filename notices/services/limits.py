"""Abuse limits of the public objection form and lookup.

* a signed form token (nonce + issue time): the minimum fill time, the form's
  maximum age, and the key that makes a double submission count once;
* rate limits per client IP and per phone number, and of failed lookups per
  client IP, counted in Django's default cache (Redis when ``REDIS_URL`` is set,
  so every app server shares them). A request takes its slot with one atomic
  cache operation *before* the work (:func:`reserve_submission`,
  :func:`reserve_lookup`) and gives it back when nothing was stored, so a burst
  of simultaneous requests cannot get past a limit. Cache keys hold keyed
  hashes, never a phone number or an address.

``OBJECTION_RELAXED_LIMITS`` (load tests) switches the fill time and the rate
limits off; the honeypot and all content checks stay on.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

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


def take(key: str, limit: int, seconds: int) -> bool:
    """Take one use of a counter atomically; False, with nothing taken, when full.

    The counter starts with ``cache.add`` and grows with ``cache.incr``, each one
    atomic in Redis (and in locmem within a process), so every caller sees its
    own number: however many requests come at once, at most ``limit`` of them
    get True within the ``seconds`` the counter lives from its first use. A
    caller over the limit gives its use straight back.
    """
    value = None
    for _ in range(3):
        if cache.add(key, 1, timeout=seconds):
            value = 1
            break
        try:
            value = cache.incr(key)
            break
        except ValueError:  # expired between add and incr: start it again
            continue
    if value is None:  # pragma: no cover - the key kept expiring under us
        return False
    if value > limit:
        give_back(key)
        return False
    return True


def give_back(key: str) -> None:
    """Return a use taken with :func:`take` (the work it was for did not happen)."""
    try:
        cache.decr(key)
    except ValueError:  # the counter expired meanwhile: nothing left to return
        pass


@dataclass(frozen=True)
class Limited:
    """A rate limit was reached: which one and how long to wait."""

    kind: str  # "ip", "phone", "lookup"
    retry_after: int


def _hit(kind: str, value: str, seconds: int) -> None:
    """Count one use whatever the limit (for work that is already done)."""
    key = _key(kind, value)
    if cache.add(key, 1, timeout=seconds):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=seconds)


@dataclass
class Slot:
    """A use taken from the rate limits before the work they limit is done.

    ``limited`` says which limit was full (then nothing was taken). Give the
    slot back with :meth:`release` when the work did not happen (the filing
    failed, or the objection had been filed before), so that it does not count.
    """

    keys: list[str] = field(default_factory=list)
    limited: Limited | None = None
    #: the key that marks the form token as holding a slot
    marker: str | None = None
    #: (ip, phone) of a repeated form token, which took no slot of its own
    repeat_of: tuple[str, str] | None = None

    def release(self) -> None:
        for key in self.keys:
            give_back(key)
        self.keys = []
        if self.marker:
            cache.delete(self.marker)
            self.marker = None

    @contextmanager
    def released_on_error(self) -> Iterator[None]:
        """Give the slot back if the block raises (nothing was stored then)."""
        try:
            yield
        except BaseException:
            self.release()
            raise

    def filed(self) -> None:
        """A new objection was stored with this slot.

        A repeated form token ends as a duplicate of the first request, except
        when that one failed while the repeat was under way: it is counted now,
        past the limit if need be, since it is stored and must never be refused.
        """
        if self.repeat_of:
            ip, phone = self.repeat_of
            if ip:
                _hit("ip", ip, conf.OBJECTION_RATE_LIMIT_IP[1])
            if phone:
                _hit("phone", phone, conf.OBJECTION_RATE_LIMIT_PHONE[1])
            self.repeat_of = None


def reserve_submission(ip: str, phone: str, token: str | None = None) -> Slot:
    """Take one of this client's and this phone's objection slots, atomically.

    Call it before filing and :meth:`Slot.release` the slot if nothing new was
    stored. A form token that already holds a slot (the same form sent twice)
    takes none: its filing returns the first objection, never a 429.

    Args:
        ip: the client address (see :func:`client_ip`).
        phone: the objector's phone number.
        token: the form token's nonce, when the form carried one.

    Returns:
        A Slot; its ``limited`` is set (and nothing taken) when a limit is full.
    """
    if relaxed():
        return Slot()
    marker = None
    if token:
        marker = _key("token", token)
        if not cache.add(marker, 1, timeout=conf.OBJECTION_FORM_MAX_AGE_SECONDS):
            return Slot(repeat_of=(ip, phone))
    slot = Slot(marker=marker)
    for kind, value, (count, seconds) in (
        ("ip", ip, conf.OBJECTION_RATE_LIMIT_IP),
        ("phone", phone, conf.OBJECTION_RATE_LIMIT_PHONE),
    ):
        if not value:
            continue
        key = _key(kind, value)
        if not take(key, count, seconds):
            slot.release()
            return Slot(limited=Limited(kind, seconds))
        slot.keys.append(key)
    return slot


def reserve_lookup(ip: str) -> Slot:
    """Take one failed-lookup slot of this client before looking up, atomically.

    The lookup keeps it when it misses (or the input is malformed) and
    releases it when it finds the objection: only misses count, but no burst of
    simultaneous guesses gets past the limit.
    """
    if relaxed():
        return Slot()
    count, seconds = conf.OBJECTION_LOOKUP_MISS_LIMIT
    key = _key("lookup", ip)
    if not take(key, count, seconds):
        return Slot(limited=Limited("lookup", seconds))
    return Slot(keys=[key])
