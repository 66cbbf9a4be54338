from .applications import Application, ApplicationSite, RosterInstitution, Stage
from .pages import DecisionIndexPage, DecisionKind, DecisionPage, RegistryIndexPage
from .policy import County, PolicyVersion
from .registry import (
    AnnualTask,
    Evaluation,
    Grade,
    Park,
    ParkInstitution,
    ParkSite,
    ParkStatus,
    RecognitionAward,
    Rectification,
    RectificationResult,
    Revocation,
    RevocationStatus,
    SubsidyRecord,
)

__all__ = [
    "AnnualTask",
    "Application",
    "ApplicationSite",
    "County",
    "DecisionIndexPage",
    "DecisionKind",
    "DecisionPage",
    "Evaluation",
    "Grade",
    "Park",
    "ParkInstitution",
    "ParkSite",
    "ParkStatus",
    "PolicyVersion",
    "RecognitionAward",
    "Rectification",
    "RectificationResult",
    "RegistryIndexPage",
    "Revocation",
    "RevocationStatus",
    "RosterInstitution",
    "Stage",
    "SubsidyRecord",
]
