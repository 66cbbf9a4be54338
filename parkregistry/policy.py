"""Finding the policy version in force (never an expired one)."""

from __future__ import annotations

from datetime import date

from parkregistry.rules import NoPolicyInForce, PolicyTerms


def policy_in_force(day: date) -> PolicyTerms:
    """The terms of the version in force on ``day``.

    Raises:
        NoPolicyInForce: no version covers ``day``; editors must register one.
    """
    from parkregistry.models import PolicyVersion

    version = PolicyVersion.objects.in_force_on(day)
    if version is None:
        raise NoPolicyInForce(day)
    return version.terms()
