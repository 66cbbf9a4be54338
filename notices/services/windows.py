"""Keeping the stored notice windows equal to what the engine computes.

A notice page stores its computed window (``NoticePage.window_start`` …
``closes_at``, see ``notices.models.windows.stored_window_values``) so that the
public lists order, filter and page in SQL. The page's own fields are handled on
save (and by ``NoticePage.objects.update``); every other input calls in here:

* a correction (``notices.services.notices.extend`` / ``restart``);
* a holiday year imported, amended, confirmed, synchronised or edited
  (``notices.services.holidays``, ``notices.services.calendar``,
  ``notices.services.demo_calendar``, the admin's holiday views);
* the subject's rules, e.g. a policy version of the registry
  (``parkregistry`` calls ``recompute_windows()`` when one changes).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.db.models import Q, QuerySet

from notices.models import NoticePage
from notices.models.windows import store_windows


def recompute_windows(queryset: QuerySet | None = None) -> int:
    """Store the window of each notice page afresh, in one transaction.

    Args:
        queryset: the notice pages to recompute (default: every notice page).

    Returns:
        How many pages' stored windows changed.
    """
    pages = NoticePage.objects.all() if queryset is None else queryset
    with transaction.atomic():
        return store_windows(pages)


def pages_touching_years(years: Iterable[int]) -> QuerySet:
    """The notice pages whose window a change to the holiday data of ``years``
    can change.

    A window of at most ``MAX_WINDOW_DAYS`` working days reaches no further than
    the year after its start, so a year Y matters to periods starting in Y - 1 or
    Y. Pages whose window cannot be computed now are included: the change may be
    what lets them compute.
    """
    match = Q(closes_at__isnull=True)
    for year in set(years):
        match |= Q(
            window_start__gte=date(year - 1, 1, 1), window_start__lte=date(year, 12, 31)
        )
    return NoticePage.objects.filter(match)


def recompute_windows_for_years(years: Iterable[int]) -> int:
    """Store afresh the windows that the holiday data of ``years`` can change.

    Call it inside the transaction that changes the years.
    """
    years = list(years)
    if not years:
        return 0
    return recompute_windows(pages_touching_years(years))
