"""Who and when of registry records: the simple-history attribution shared by
the registry services.

``attributed`` marks a record about to be saved with the acting user, a change
reason and, inside a ``history_dated`` block (importing or demo data), the date
its history should carry instead of now.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

# When set (importing or demo data), history records carry this date instead of now.
HISTORY_DATE: ContextVar[datetime | None] = ContextVar("HISTORY_DATE", default=None)


@contextmanager
def history_dated(moment: datetime) -> Iterator[None]:
    """Date the history of the records saved inside the block at ``moment``."""
    token = HISTORY_DATE.set(moment)
    try:
        yield
    finally:
        HISTORY_DATE.reset(token)


def attributed(record, user, reason: str = ""):
    """Mark ``record`` for its next save with ``user``, ``reason`` and the history
    date of the enclosing ``history_dated`` block; returns the record."""
    moment = HISTORY_DATE.get()
    if moment is not None:
        record._history_date = moment
    if user is not None and getattr(user, "pk", None):
        record._history_user = user
    if reason:
        record._change_reason = reason[:100]
    return record
