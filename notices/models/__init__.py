from .calendar import HolidayDate, HolidayYear
from .corrections import CorrectionKind, NoticeCorrection
from .notice import NoticeCandidate, NoticeIndexPage, NoticePage
from .notifications import NoticeReminder, NotificationPreference
from .objections import (
    PERSONAL_FIELDS,
    Channel,
    Finding,
    Objection,
    ObjectionAccess,
    ObjectionAttachment,
    ObjectionStatus,
    ObjectorKind,
    ReceiptCounter,
)
from .pages import CalculatorPage
from .subject import (
    NoticeMinimum,
    NoticeRuleUnavailable,
    NoticeSubjectMixin,
    get_subject_model,
)
from .workflow_task import PublicationApprovalTask

__all__ = [
    "CalculatorPage",
    "Channel",
    "CorrectionKind",
    "Finding",
    "HolidayDate",
    "HolidayYear",
    "NoticeCandidate",
    "NoticeCorrection",
    "NoticeIndexPage",
    "NoticeMinimum",
    "NoticeRuleUnavailable",
    "NoticeSubjectMixin",
    "NoticePage",
    "NoticeReminder",
    "NotificationPreference",
    "Objection",
    "ObjectionAccess",
    "ObjectionAttachment",
    "ObjectionStatus",
    "ObjectorKind",
    "PublicationApprovalTask",
    "PERSONAL_FIELDS",
    "ReceiptCounter",
    "get_subject_model",
]
