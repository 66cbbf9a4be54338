"""Template context of an application in the admin: the Art. 9 eligibility
report as table rows (with the reviewers' notes) and the links, materials
checklist and recorded moves shown beside it.

Used by the read-only panels of the edit form and by the inspect and move views.
"""

from __future__ import annotations

from django.contrib.admin.utils import quote
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parkregistry.models.applications import JUDGEMENT_FIELDS, Application
from parkregistry.rules.terms import NoPolicyInForce
from parkregistry.services.applications import eligibility_report, report_date

CRITERION_LABELS = {
    "sites": gettext_lazy("Infrastructure (sites and areas)"),
    "institutions": gettext_lazy("Number of HR service institutions"),
    "revenue": gettext_lazy("Revenue of the institutions"),
    "public_services": gettext_lazy("Public-service functions"),
    "planning": gettext_lazy("Scientific planning"),
    "management": gettext_lazy("Management and operation"),
    "policies": gettext_lazy("Support policies"),
    "social_benefit": gettext_lazy("Social benefits"),
}
RESULT_LABELS = {
    "pass": gettext_lazy("Pass"),
    "fail": gettext_lazy("Fail"),
    "judgement": gettext_lazy("Reviewers' judgement"),
}


def report_context(application: Application) -> dict:
    """The eligibility report of ``application`` ready for a template."""
    day = report_date(application)
    try:
        report = eligibility_report(application)
    except NoPolicyInForce:
        return {
            "report": None,
            "report_date": day,
            "policy_error": _(
                "No version of the measures is in force on %(date)s, so the "
                "eligibility cannot be checked. Editors must register the version "
                "in force first."
            )
            % {"date": day.isoformat()},
        }
    rows = []
    for criterion in report.criteria:
        note_field = JUDGEMENT_FIELDS.get(criterion.key)
        rows.append(
            {
                "key": criterion.key,
                "label": CRITERION_LABELS.get(criterion.key, criterion.key),
                "article": criterion.article,
                "result": criterion.result,
                "result_label": RESULT_LABELS[criterion.result],
                "detail": criterion.detail,
                "note": getattr(application, note_field) if note_field else "",
            }
        )
    return {"report": report, "rows": rows, "report_date": day}


def action_links(application: Application) -> dict:
    if not application.pk:
        return {"links": None}
    pk = quote(application.pk)
    return {
        "links": {
            "move": reverse("applications:move", args=[pk]),
            "print": reverse("applications:print", args=[pk]),
            "docx": reverse("applications:docx", args=[pk]),
            "inspect": reverse("applications:inspect", args=[pk]),
        },
        "materials": [
            {
                "slot": slot,
                "present": present,
                "url": reverse("applications:material", args=[pk, slot.field])
                if present
                else "",
            }
            for slot, present in application.material_checklist()
        ],
        "moves": application.moves.select_related("moved_by") if application.pk else [],
    }
