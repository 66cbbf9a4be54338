"""Which page a ``?page=`` value asks for: as Django's Paginator.get_page reads it."""

import pytest
from django.core.paginator import Paginator

from notices.rules.paging import page_number


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, 1),
        ("", 1),
        ("2", 2),
        (" 3 ", 3),
        ("abc", 1),
        ("1.5", 1),
        ("-1", 1),
        ("²", 1),  # a digit to str.isdigit, not to int()
        ("３", 1),  # a full-width digit
        ("0", 5),  # below 1: the last page, as get_page gives
        ("6", 5),
        ("9" * 5000, 5),  # longer than int() accepts
    ],
)
def test_page_number_reads_as_the_paginator(value, expected):
    assert page_number(value, count=45, per_page=10) == expected


@pytest.mark.parametrize("value", ["", "1", "4", "5", "0", "6", "x"])
def test_it_agrees_with_get_page(value):
    assert (
        page_number(value, 45, 10)
        == Paginator(range(45), 10).get_page(value or None).number
    )


def test_an_empty_list_has_one_page():
    assert page_number("3", count=0, per_page=10) == 1
