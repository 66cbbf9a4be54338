"""Template helpers of the search results page."""

from __future__ import annotations

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def marked(segments) -> SafeString:
    """Title or excerpt segments (``home.search.Segment``) as HTML: every piece
    escaped, the searched words in ``<mark>``."""
    return mark_safe(  # noqa: S308 - every piece is escaped just above
        "".join(
            format_html("<mark>{}</mark>", text) if mark else conditional_escape(text)
            for text, mark in segments
        )
    )
