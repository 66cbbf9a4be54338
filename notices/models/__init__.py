from .calendar import HolidayDate, HolidayYear
from .notice import NoticeCandidate, NoticeIndexPage, NoticePage
from .objections import Finding, Objection, ObjectionStatus, ObjectorKind
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
    "ObjectionStatus",
    "ObjectorKind",
]
