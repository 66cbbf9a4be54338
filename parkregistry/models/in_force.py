"""Finding the policy version in force (never an expired one)."""

from __future__ import annotations

from datetime import date

from django.core.cache import cache
from django.db.models import Q

from parkregistry.models.policy import PolicyVersion
from parkregistry.rules.terms import NoPolicyInForce, PolicyTerms

VERSION_KEY = "policy:version"
TERMS_KEY = "policy:terms:{version}:{day}"
YEAR_KEY = "policy:year:{version}:{year}"
NONE_IN_FORCE = "none"


def policy_in_force(day: date) -> PolicyTerms:
    """The terms of the version in force on ``day``.

    Raises:
        NoPolicyInForce: no version covers ``day``; editors must register one.
    """
    key = TERMS_KEY.format(version=cache.get_or_set(VERSION_KEY, 1, None), day=day)
    terms = cache.get(key)
    if terms is None:
        version = PolicyVersion.objects.in_force_on(day)
        terms = version.terms() if version else NONE_IN_FORCE
        cache.set(key, terms, 24 * 60 * 60)
    if terms == NONE_IN_FORCE:
        raise NoPolicyInForce(day)
    return terms


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
    key = YEAR_KEY.format(version=cache.get_or_set(VERSION_KEY, 1, None), year=year)
    terms = cache.get(key)
    if terms is None:
        version = (
            PolicyVersion.objects.filter(effective_from__lte=last)
            .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=first))
            .order_by("-effective_from")
            .first()
        )
        terms = version.terms() if version else NONE_IN_FORCE
        cache.set(key, terms, 24 * 60 * 60)
    if terms == NONE_IN_FORCE:
        raise NoPolicyInForce(last)
    return terms


def forget_cached_terms(**kwargs) -> None:
    """Any change to a policy version may change the terms of any day."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, None)
