"""A local-memory cache that counts its round trips (for the cache budget test).

Each public call that would be one round trip to a shared cache such as Redis
counts once: ``get_many`` is one call even though ``LocMemCache`` answers it with
a ``get`` per key, and ``get_or_set`` counts as the calls it makes (``get``,
then ``add`` and ``get`` when the key is missing), as it does on Redis.
"""

from __future__ import annotations

import threading
from collections import Counter

from django.core.cache.backends.locmem import LocMemCache

COUNTED = (
    "get",
    "get_many",
    "set",
    "set_many",
    "add",
    "incr",
    "decr",
    "delete",
    "delete_many",
    "touch",
    "has_key",
)

_inside = threading.local()

#: ``CACHES`` with the counting backend as the default cache.
COUNTING_CACHE = {
    "default": {
        "BACKEND": "tests.bench.counting_cache.CountingLocMemCache",
        "LOCATION": "cache-budget",
    }
}


class CountingLocMemCache(LocMemCache):
    """``LocMemCache`` that records each call: its method name and first key."""

    calls: list[tuple[str, object]] = []

    @classmethod
    def reset(cls) -> None:
        cls.calls = []

    @classmethod
    def total(cls) -> int:
        return len(cls.calls)

    @classmethod
    def by_method(cls) -> Counter:
        return Counter(name for name, _key in cls.calls)


def _counted(name: str):
    original = getattr(LocMemCache, name)

    def method(self, *args, **kwargs):
        if getattr(_inside, "active", False):
            # A call made by another counted call (get_many's own gets).
            return original(self, *args, **kwargs)
        CountingLocMemCache.calls.append((name, args[0] if args else None))
        _inside.active = True
        try:
            return original(self, *args, **kwargs)
        finally:
            _inside.active = False

    method.__name__ = name
    return method


for _name in COUNTED:
    setattr(CountingLocMemCache, _name, _counted(_name))
