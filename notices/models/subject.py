"""What a notice lists: the subject model, named by a setting, and what it offers.

``notices`` works for any 公示 (拟认定产业园、拟任职人员、拟录用人员 …). A site names
the model its notices list in ``NOTICES_SUBJECT_MODEL`` ("app_label.ModelName"),
the way Wagtail names its image model in ``WAGTAILIMAGES_IMAGE_MODEL``; that model
inherits ``NoticeSubjectMixin`` and overrides what it needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

import swapper
from django.core.exceptions import ImproperlyConfigured
from django.db import models

SETTING = "NOTICES_SUBJECT_MODEL"

# The measures' default (Art. 10(3)): "公示期不少于5个工作日".
DEFAULT_MINIMUM_WORKING_DAYS = 5


class NoticeRuleUnavailable(Exception):
    """The subject's rules cannot say how long a notice must run on a date
    (e.g. no policy version in force); ``str(exc)`` is the user message."""


@dataclass(frozen=True)
class NoticeMinimum:
    """The least number of working days a notice must run, and where it comes from."""

    working_days: int
    source: str = ""


class NoticeSubjectMixin(models.Model):
    """What a notice subject offers the notices plugin.

    Every method has a default; a subject overrides those its procedure defines.
    """

    # The template that renders one candidate's facts on the notice page; it gets
    # ``subject`` and ``facts`` (what ``notice_facts`` returns), not the request.
    # A live notice's candidates are rendered once per content generation.
    notice_facts_template: ClassVar[str] = "notices/includes/candidate_facts.html"
    # Relations the facts read, prefetched for every candidate of a notice.
    notice_prefetch: ClassVar[tuple[str, ...]] = ()
    # The fields a list of candidates needs (the name above all).
    notice_name_fields: ClassVar[tuple[str, ...]] = ()

    class Meta:
        abstract = True

    @property
    def notice_name(self) -> str:
        """The name shown on notices, in feeds and in the API."""
        return str(self)

    def notice_facts(self) -> object:
        """The facts the notice page shows about this candidate.

        The default is a list of (label, value) pairs, which the default template
        renders as a definition list.
        """
        return []

    @classmethod
    def notice_candidate_filter(cls) -> dict | models.Q:
        """Who may be chosen as a candidate (``limit_choices_to`` of the admin)."""
        return {}

    def notice_candidate_problem(self, notice_id: int | None) -> str | None:
        """Why this subject may not be listed on the notice ``notice_id`` (None if it may)."""
        return None

    @classmethod
    def notice_minimum(cls, on: date) -> NoticeMinimum:
        """How many working days a notice starting ``on`` must run at least.

        Raises:
            NoticeRuleUnavailable: the subject's rules do not cover ``on``.
        """
        return NoticeMinimum(DEFAULT_MINIMUM_WORKING_DAYS)

    def notice_publication_problem(self) -> str | None:
        """Why a notice listing this subject may not go live now (None if it may)."""
        return None

    def on_notice_published(self, notice, user=None) -> None:
        """A notice listing this subject went live (runs inside the publication)."""

    def on_notice_approved(self, candidate, user=None) -> None:
        """The candidate was approved after its notice (runs inside the approval)."""


def get_subject_model_string() -> str:
    """The ``app_label.ModelName`` of the subject model (``NOTICES_SUBJECT_MODEL``)."""
    return swapper.get_model_name("notices", "Subject")


def get_subject_model() -> type[NoticeSubjectMixin]:
    """The subject model class named by ``NOTICES_SUBJECT_MODEL``.

    Raises:
        ImproperlyConfigured: the setting is missing or names no installed model.
    """
    name = get_subject_model_string()
    try:
        model = swapper.load_model("notices", "Subject", required=True)
    except (ImproperlyConfigured, LookupError, ValueError) as exc:
        raise ImproperlyConfigured(
            f"{SETTING} refers to {name!r}, which is not an installed model."
        ) from exc
    if not issubclass(model, NoticeSubjectMixin):
        raise ImproperlyConfigured(
            f"{SETTING} ({name}) must inherit notices.models.NoticeSubjectMixin."
        )
    return model


def candidate_choices():
    """``limit_choices_to`` of the candidate field: whatever the subject allows."""
    return get_subject_model().notice_candidate_filter()
