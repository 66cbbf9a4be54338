from .calendar import HolidayDate, HolidayYear
from .corrections import CorrectionKind, NoticeCorrection
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
from .workflow_task import PublicationApprovalTask

__all__ = [
    "CalculatorPage",
    "CorrectionKind",
    "Finding",
    "HolidayDate",
    "HolidayYear",
    "NoticeCandidate",
    "NoticeCorrection",
    "NoticeIndexPage",
    "NoticePage",
    "Objection",
    "ObjectionAccess",
    "ObjectionAttachment",
    "ObjectionStatus",
    "ObjectorKind",
    "PublicationApprovalTask",
    "PERSONAL_FIELDS",
    "ReceiptCounter",
]
