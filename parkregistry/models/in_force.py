"""Finding the policy version in force (never an expired one).

The terms of every version are kept in the shared cache (and in each process) as
one entry per version of the policy data and read at most once per request
(``notices.request_memo.versioned``); the version in force on a day is picked from them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from notices import request_memo
from parkregistry.models.policy import PolicyVersion
from parkregistry.rules.terms import NoPolicyInForce, PolicyTerms

VERSION_KEY = request_memo.register_version("policy:version")
TERMS_KEY = "policy:all-terms"


@dataclass(frozen=True)
class _Span:
    """One version's terms and the days it is in force (``last`` None: open-ended)."""

    first: date
    last: date | None
    terms: PolicyTerms


def _read_spans() -> tuple[_Span, ...]:
    return tuple(
        _Span(v.effective_from, v.effective_to, v.terms())
        for v in PolicyVersion.objects.order_by("-effective_from", "-pk")
    )


def _spans() -> tuple[_Span, ...]:
    """Every version's terms, latest first (one shared-cache read per request)."""

    return request_memo.versioned(TERMS_KEY, VERSION_KEY, _read_spans, 24 * 60 * 60)


def policy_in_force(day: date) -> PolicyTerms:
    """The terms of the version in force on ``day``.

    Raises:
        NoPolicyInForce: no version covers ``day``; editors must register one.
    """
    # As ``PolicyVersion.objects.in_force_on``: the latest version that began on
    # or before ``day`` and has not ended before it.
    for span in _spans():
        if span.first <= day and (span.last is None or span.last >= day):
            return span.terms
    raise NoPolicyInForce(day)


def policy_for_year(year: int) -> PolicyTerms:
    """The policy version that governs the operating subsidy of ``year``.

    Art. 13 pays for the year's placements, so the version that governs year Y
    is one in force on some day of Y; when versions change within Y, the one in
    force latest in Y (on 31 December, or on its last covered day) is used. A
    version that expired before 1 January of Y never applies, so the 2022 trial
    version (2022-12-01..2024-11-30) governs 2022, 2023 and 2024 but not 2025.

    Args:
        year: the operating year.

    Returns:
        The terms of the governing version.

    Raises:
        NoPolicyInForce: no version is in force on any day of ``year``; the
            exception's ``day`` is 31 December of ``year``.
    """
    first, last = date(year, 1, 1), date(year, 12, 31)
    for span in _spans():
        if span.first <= last and (span.last is None or span.last >= first):
            return span.terms
    raise NoPolicyInForce(last)


def forget_cached_terms(**kwargs) -> None:
    """Any change to a policy version may change the terms of any day."""
    request_memo.bump(VERSION_KEY)
