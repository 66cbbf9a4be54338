"""Pure objection rules: phones, masks, receipts, file sniffing, status moves."""

import pytest

from notices.rules.objections import (
    check_move,
    format_receipt,
    is_valid_phone,
    is_valid_receipt,
    mask_name,
    mask_phone,
    normalise_phone,
    normalise_receipt,
    sniff_type,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("13812341234", "13812341234"),
        ("１３８１２３４１２３４", "13812341234"),
        ("138 1234 1234", "13812341234"),
        ("138\u30001234\u30001234", "13812341234"),
        ("+8613812341234", "13812341234"),
        ("0354-1234567", "0354-1234567"),
        ("０３５４－１２３４５６７", "0354-1234567"),
        ("(0354)1234567", "0354-1234567"),
        ("010-12345678", "010-12345678"),
        ("0354-1234567-12", "0354-1234567-12"),
    ],
)
def test_normalise_phone(raw, expected):
    assert normalise_phone(raw) == expected
    assert is_valid_phone(normalise_phone(raw))


@pytest.mark.parametrize("raw", ["", "1234567", "12812341234", "1381234123", "abc"])
def test_invalid_phones(raw):
    assert not is_valid_phone(normalise_phone(raw))


@pytest.mark.parametrize(
    ("name", "masked"),
    [("张三", "张*"), ("欧阳娜娜", "欧***"), ("李", "李*"), ("", "")],
)
def test_mask_name(name, masked):
    assert mask_name(name) == masked


def test_mask_phone():
    assert mask_phone("13812341234") == "138****1234"
    assert mask_phone("0354-1234567") == "0354-***4567"


def test_receipts():
    assert format_receipt(2026, 123) == "YY2026-000123"
    assert is_valid_receipt(normalise_receipt(" yy2026-000123 "))
    assert not is_valid_receipt("YY2026-123")
    with pytest.raises(ValueError):
        format_receipt(2026, 0)


def test_sniff_type_looks_at_content_only():
    assert sniff_type(b"%PDF-1.7\n") == "application/pdf"
    assert sniff_type(b"\x89PNG\r\n\x1a\n....") == "image/png"
    assert sniff_type(b"\xff\xd8\xff\xe0") == "image/jpeg"
    assert sniff_type(b"<html>") is None
    assert sniff_type(b"PK\x03\x04") is None


@pytest.mark.parametrize(
    ("current", "target", "ok"),
    [
        ("received", "checking", True),
        ("checking", "replied", True),
        ("replied", "closed", True),
        ("received", "not_accepted", True),
        ("received", "replied", False),
        ("closed", "checking", False),
        ("not_accepted", "received", False),
        ("replied", "received", False),
    ],
)
def test_moves(current, target, ok):
    problems = check_move(
        current, target, finding="sustained", reply="答复", reason="理由"
    )
    assert (not problems) is ok


def test_reply_needs_finding_and_text_and_refusal_needs_reason():
    keys = {
        p.key
        for p in check_move("checking", "replied", finding="", reply="", reason="")
    }
    assert keys == {"finding", "reply"}
    keys = {
        p.key
        for p in check_move(
            "received", "not_accepted", finding="", reply="", reason=" "
        )
    }
    assert keys == {"reason"}
