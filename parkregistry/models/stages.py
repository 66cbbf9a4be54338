"""The choices of an application's procedure."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Stage(models.TextChoices):
    """Where an application stands (SPEC §2 "Application")."""

    DRAFT = "draft", _("Draft")
    COUNTY_REVIEWED = "county_reviewed", _("County reviewed")
    CITY_REVIEWED = "city_reviewed", _("City reviewed")
    EXPERT_REVIEWED = "expert_reviewed", _("Expert reviewed")
    IN_NOTICE = "in_notice", _("In public notice")
    APPROVED = "approved", pgettext_lazy("application stage", "Approved")
    REJECTED = "rejected", pgettext_lazy("application stage", "Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ConstructionMode(models.TextChoices):
    """载体建设方式 on the appendix form."""

    NEW = "new", _("Newly built")
    RENOVATED = "renovated", _("Renovated")


class ExpertConclusion(models.TextChoices):
    """The expert panel's conclusion (Art. 10(2))."""

    RECOMMENDED = "recommended", _("Recommended for recognition")
    NOT_RECOMMENDED = "not_recommended", _("Not recommended")
