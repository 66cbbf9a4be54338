from .calendar import HolidayDate, HolidayYear
from .notice import NoticeCandidate, NoticeIndexPage, NoticePage
from .objections import (
    PERSONAL_FIELDS,
    Finding,
    Objection,
    ObjectionAccess,
    ObjectionAttachment,
    ObjectionStatus,
    ObjectorKind,
    ReceiptCounter,
)
from .pages import CalculatorPage

__all__ = [
    "CalculatorPage",
    "Finding",
    "HolidayDate",
    "HolidayYear",
    "NoticeCandidate",
    "NoticeIndexPage",
    "NoticePage",
    "Objection",
    "ObjectionAccess",
    "ObjectionAttachment",
    "ObjectionStatus",
    "ObjectorKind",
    "PERSONAL_FIELDS",
    "ReceiptCounter",
]
