"""Which page of a list a ``?page=`` value asks for."""

from __future__ import annotations

# Longer than this is a number past any last page (and ``int()`` refuses
# very long digit strings).
MAX_DIGITS = 9


def page_number(value: str | None, count: int, per_page: int) -> int:
    """The page ``value`` asks for, read as Django's ``Paginator.get_page`` reads
    it: anything but a whole number is the first page; a number below 1 or past
    the last page is the last page. A list with nothing in it has one page.
    """
    last = max(1, -(-count // per_page))
    value = (value or "").strip()
    if not (value.isascii() and value.isdigit()):
        return 1
    if len(value) > MAX_DIGITS:
        return last
    number = int(value)
    return number if 1 <= number <= last else last
