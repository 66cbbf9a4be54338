"""What a decision's text must hold (pure, no ORM).

A 取消资格 decision takes a right away from the park's operator: its text states
the facts found and the basis applied (which evaluations were graded 不合格, and
Art. 25 of the measures), the way a written administrative decision does. A
text that is empty or shorter than ``MIN_REVOCATION_TEXT`` characters cannot do
that, so the decision is not published. The notice of remedies (行政复议 within
sixty days, 行政诉讼 within six months) is added to every published revocation by
its page template.
"""

from __future__ import annotations

import re
from html import unescape

from django.utils.html import strip_tags
from django.utils.translation import gettext as _

#: The least number of characters (spaces left out) of a revocation's text. A
#: statement naming the park, the two years graded 不合格 and the article
#: applied runs to about a hundred; fifty leaves room for a short one and
#: refuses a bare title or "决定".
MIN_REVOCATION_TEXT = 50

_SPACE = re.compile(r"\s+")


def text_length(body_html: str | None) -> int:
    """The number of characters a reader sees in a rich-text body, spaces left
    out (tags removed, entities decoded)."""
    text = unescape(strip_tags(body_html or ""))
    return len(_SPACE.sub("", text.replace("\xa0", " ")))


def revocation_text_error(body_html: str | None) -> str | None:
    """Why a revocation decision's text cannot be published, or None.

    Args:
        body_html: the decision's text (rich-text HTML).

    Returns:
        The Chinese message when the text is empty or shorter than
        ``MIN_REVOCATION_TEXT`` characters, else None.
    """
    length = text_length(body_html)
    if length == 0:
        return _(
            "A revocation decision must state the facts and the legal basis: "
            "the text is empty."
        )
    if length < MIN_REVOCATION_TEXT:
        return _(
            "A revocation decision must state the facts and the legal basis "
            "(which evaluations were graded fail, and Art. 25 of the measures): "
            "the text has %(length)s characters, at least %(minimum)s are needed."
        ) % {"length": length, "minimum": MIN_REVOCATION_TEXT}
    return None
