"""Short ASCII slugs of dated pages: ``<year>-<n>``, numbered per year and parent.

A notice's URL is ``/notices/2026-3/`` rather than the percent-encoded Chinese
title Wagtail would derive. The year is the page's own (a notice's start date, a
decision's date); ``n`` is one more than the highest number of that year among
the page's siblings, so a deleted page never frees a number another link used.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils.text import slugify

#: What a hand-typed slug may contain (Django's ``validate_slug``).
ASCII_SLUG = re.compile(r"^[-a-zA-Z0-9_]+\Z")
SEQUENCE = re.compile(r"^(?P<year>\d{4})-(?P<n>\d+)\Z")


def is_ascii_slug(slug: str | None) -> bool:
    """True for a non-empty slug of Latin letters, digits, ``-`` and ``_``."""
    return bool(slug) and bool(ASCII_SLUG.match(slug))


def sequence_of(slug: str) -> tuple[int, int] | None:
    """(year, n) of a slug of the form ``2026-3``; None for any other slug."""
    match = SEQUENCE.match(slug or "")
    if match is None:
        return None
    return int(match["year"]), int(match["n"])


def next_sequential_slug(year: int, taken: Iterable[str]) -> str:
    """The next free ``<year>-<n>`` among the sibling slugs in ``taken``.

    Args:
        year: the page's own year.
        taken: the slugs of the page's siblings (the page itself excluded).

    Returns:
        ``<year>-<n>`` with ``n`` one above the highest of that year, never one
        of ``taken``.
    """
    numbers = [n for y, n in filter(None, map(sequence_of, taken)) if y == year]
    return f"{year}-{max(numbers, default=0) + 1}"


def is_title_residue(slug: str, title: str) -> bool:
    """True when ``slug`` is only what the admin's title-to-slug sync left of a
    non-ASCII title (the Chinese itself, or the digits of "2026年第二批…"), so it
    is replaced rather than kept as the editor's choice."""
    if not slug or not title or title.isascii():
        return False
    return slug in {
        slugify(title, allow_unicode=True),
        slugify(title, allow_unicode=False),
    }
