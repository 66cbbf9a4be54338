from .policy import County, PolicyVersion

__all__ = ["County", "PolicyVersion"]
