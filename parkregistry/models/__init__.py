from .applications import Application, Stage
from .policy import County, PolicyVersion
from .registry import Park, ParkStatus

__all__ = ["Application", "County", "Park", "ParkStatus", "PolicyVersion", "Stage"]
