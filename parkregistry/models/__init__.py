from .applications import Application, ApplicationSite, RosterInstitution, Stage
from .policy import County, PolicyVersion
from .registry import Park, ParkStatus

__all__ = [
    "Application",
    "ApplicationSite",
    "RosterInstitution",
    "County",
    "Park",
    "ParkStatus",
    "PolicyVersion",
    "Stage",
]
