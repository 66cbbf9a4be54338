"""Finding the policy version in force (never an expired one)."""

from __future__ import annotations

from datetime import date

from django.core.cache import cache

from parkregistry.rules.terms import NoPolicyInForce, PolicyTerms

VERSION_KEY = "policy:version"
TERMS_KEY = "policy:terms:{version}:{day}"
NONE_IN_FORCE = "none"


def policy_in_force(day: date) -> PolicyTerms:
    """The terms of the version in force on ``day``.

    Raises:
        NoPolicyInForce: no version covers ``day``; editors must register one.
    """
    from parkregistry.models import PolicyVersion

    key = TERMS_KEY.format(version=cache.get_or_set(VERSION_KEY, 1, None), day=day)
    terms = cache.get(key)
    if terms is None:
        version = PolicyVersion.objects.in_force_on(day)
        terms = version.terms() if version else NONE_IN_FORCE
        cache.set(key, terms, 24 * 60 * 60)
    if terms == NONE_IN_FORCE:
        raise NoPolicyInForce(day)
    return terms


def forget_cached_terms(**kwargs) -> None:
    """Any change to a policy version may change the terms of any day."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, None)
