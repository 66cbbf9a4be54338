"""Work emails of the registry: the county is told when the city moves, returns
or refuses one of its applications.

Recipients are the county editors of the application's county (属地管理: users
whose ``CountyMembership`` names that county) who hold
``parkregistry.change_application``, chosen and mailed through
``notices.services.notifications`` (active, admin access, opted in, with an
address; after the commit; never raising into the move).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _

from notices.services.notifications import absolute_url, notify_staff
from parkregistry.models import Application, Stage
from parkregistry.models.procedure import speaks_for_city

#: The county editors' working permission (group 县级编辑).
COUNTY_EDITORS = "parkregistry.change_application"


def application_moved(application: Application) -> None:
    """Tell the county about the move just recorded, if the city made it.

    Call it inside the move's transaction, right after the move: it reads the
    latest ``StageMove`` (from, to, who, opinion) then, and mails after the
    commit. A move by the county itself, or without a user (a service following
    a published notice or decision without one), tells nobody.
    """
    stage_move = application.moves.select_related("moved_by").order_by("-pk").first()
    if stage_move is None or not speaks_for_city(stage_move.moved_by):
        return
    pk, from_stage, to_stage = (
        application.pk,
        stage_move.from_stage,
        stage_move.to_stage,
    )
    opinion = stage_move.opinion.strip()

    def compose() -> tuple[str, str]:
        row = Application.objects.get(pk=pk)
        values = {
            "name": row.name,
            "from": Stage(from_stage).label,
            "to": Stage(to_stage).label,
        }
        if to_stage == Stage.DRAFT:
            subject = _("Application returned: %(name)s") % values
            first = _(
                "The city has returned the application “%(name)s” to the county "
                "(from “%(from)s” to “%(to)s”)."
            )
        elif to_stage == Stage.REJECTED:
            subject = _("Application refused: %(name)s") % values
            first = _(
                "The city has refused the application “%(name)s” (from “%(from)s” "
                "to “%(to)s”)."
            )
        else:
            subject = _("Application moved on: %(name)s") % values
            first = _(
                "The city has moved the application “%(name)s” from “%(from)s” to "
                "“%(to)s”."
            )
        lines = [
            first % values,
            "",
            _("Opinion: %(opinion)s") % {"opinion": opinion}
            if opinion
            else _("No opinion was given with the move."),
            "",
            _("Open it in the admin: %(url)s")
            % {"url": absolute_url(reverse("applications:inspect", args=[pk]))},
        ]
        return subject, "\n".join(lines)

    notify_staff(
        COUNTY_EDITORS,
        compose,
        kind="application moved",
        users=get_user_model().objects.filter(
            county_membership__county_id=application.county_id
        ),
    )
