"""A per-request memo in front of the shared cache.

Values kept in the shared cache (Redis in production) that a page reads many
times — the holiday calendar, the policy terms, the site's frame, the version
counters that key them — are read from it at most once per request: the first
read is kept in a memo that lives as long as the request. The version counters
the project registers (``register_version``) come back together in one
``cache.get_many``.

``RequestMemoMiddleware`` opens a fresh memo at the start of each request and
drops it at the end. The memo is a ``ContextVar``, so each thread (and each
asyncio task) has its own: two requests never share one. Outside a request (a
management command, a test calling a function directly) nothing is memoised and
every read goes to the shared cache, as before.

Whoever changes a value in the shared cache during a request calls ``forget``
(``bump`` does it), so the rest of that request reads afresh.

A counter that is missing from the shared cache (a new deployment, a flushed or
restarted Redis) starts at a random value, never at a value it had before: what
a process keeps under a version number (``notices.services.built``) can never
be mistaken for the values of a later content.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from secrets import randbits
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction

T = TypeVar("T")

_MEMO: ContextVar[dict | None] = ContextVar("notices_request_memo", default=None)

# Version counters read together at a request's first need: key -> first value
# (None: a random one).
_VERSION_KEYS: dict[str, int | None] = {}
_VERSIONS = "request-memo:versions"


def register_version(key: str, initial: int | None = None) -> str:
    """Name a version counter of the shared cache, read in the per-request batch.

    Without ``initial`` the counter starts at a random value whenever it is
    missing from the shared cache (see the module docstring).
    """
    _VERSION_KEYS[key] = initial
    return key


def _start(key: str) -> int:
    initial = _VERSION_KEYS.get(key)
    # 52 random bits: far from any earlier run of the counter, and still an
    # integer that every cache backend increments exactly.
    return randbits(52) if initial is None else initial


def memoize(key: str, build: Callable[[], T]) -> T:
    """``build()``, once per request (every time outside a request)."""
    memo = _MEMO.get()
    if memo is None:
        return build()
    if key not in memo:
        memo[key] = build()
    return memo[key]


def forget() -> None:
    """Drop what this request has memoised (a cached value has just changed)."""
    memo = _MEMO.get()
    if memo is not None:
        memo.clear()


def _initialise(key: str) -> int:
    initial = _start(key)
    if cache.add(key, initial, timeout=None):
        return initial
    value = cache.get(key)
    return initial if value is None else value


def _read_versions() -> dict[str, int]:
    keys = list(_VERSION_KEYS)
    found = cache.get_many(keys)
    for key in keys:
        if found.get(key) is None:
            found[key] = _initialise(key)
    return found


def version(key: str) -> int:
    """The current value of the version counter ``key`` in the shared cache.

    Within a request every registered counter is read with one ``get_many`` the
    first time any of them is needed.
    """
    versions = memoize(_VERSIONS, _read_versions)
    if key not in versions:
        versions[key] = _initialise(key)
    return int(versions[key])


def _move(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:  # missing: a fresh start is a new version too
        cache.set(key, _start(key), timeout=None)
    forget()


def bump(key: str) -> None:
    """Move the counter ``key`` on, so every value keyed by it is out of date.

    Inside a transaction the counter moves now and once more when the
    transaction commits: a request that read the old rows in between and kept
    what it built under the new value is out of date as well.
    """
    _move(key)
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return
    pending = [f for _sids, f, _robust in connection.run_on_commit]
    if any(getattr(f, "request_memo_key", None) == key for f in pending):
        return  # once per transaction is enough

    def after_commit() -> None:
        _move(key)

    after_commit.request_memo_key = key  # type: ignore[attr-defined]
    transaction.on_commit(after_commit, robust=True)


# name -> (version, value, monotonic expiry): the process's copy of each
# ``versioned`` value, the latest version only.
_PROCESS: dict[str, tuple[int, object, float]] = {}
_PROCESS_LOCK = threading.Lock()


def versioned(name: str, version_key: str, build: Callable[[], T], timeout: int) -> T:
    """``build()``, kept under the current value of the counter ``version_key``.

    Read once per request; kept in the process and in the shared cache for
    ``timeout`` seconds at most. A counter never comes back to an earlier value
    (see the module docstring), so the process's copy of an earlier version is
    never taken for the current one. ``name`` must say everything the value
    depends on besides the counter.
    """

    def load() -> T:
        current = version(version_key)
        now = time.monotonic()
        kept = _PROCESS.get(name)
        if kept is not None and kept[0] == current and kept[2] > now:
            return kept[1]  # type: ignore[return-value]
        key = f"{name}:{current}"
        value = cache.get(key)
        if value is None:
            value = build()
            cache.set(key, value, timeout)
        with _PROCESS_LOCK:
            _PROCESS[name] = (current, value, now + timeout)
        return value

    return memoize(f"versioned:{name}", load)


def forget_process() -> None:
    """Drop the process's copies of ``versioned`` values."""
    with _PROCESS_LOCK:
        _PROCESS.clear()


@contextmanager
def request_scope() -> Iterator[None]:
    """A fresh memo for the duration of the block (one request)."""
    token = _MEMO.set({})
    try:
        yield
    finally:
        _MEMO.reset(token)


@contextmanager
def batch_scope() -> Iterator[None]:
    """Memoise within the block as well when no request does already: for a
    batch that reads the same values many times and changes none of them."""
    if _MEMO.get() is not None:
        yield
        return
    with request_scope():
        yield


class RequestMemoMiddleware:
    """Give each request its own memo (put it first in ``MIDDLEWARE``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with request_scope():
            return self.get_response(request)
