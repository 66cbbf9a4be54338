"""Stage moves of an application (SPEC §2 "Application", Art. 10).

Every move goes through :func:`move`, which refuses moves the procedure does not
allow. The notice side calls it with ``Stage.IN_NOTICE`` when a notice is published;
the registry side with ``Stage.APPROVED`` / ``Stage.REJECTED`` when a decision is.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from parkregistry.models import Application, Stage

# The procedure as explicit allowed moves: from-stage -> the stages it may go to.
ALLOWED_MOVES: dict[str, frozenset[str]] = {
    Stage.DRAFT: frozenset({Stage.COUNTY_REVIEWED, Stage.WITHDRAWN}),
    Stage.COUNTY_REVIEWED: frozenset(
        {Stage.CITY_REVIEWED, Stage.DRAFT, Stage.REJECTED, Stage.WITHDRAWN}
    ),
    Stage.CITY_REVIEWED: frozenset(
        {Stage.EXPERT_REVIEWED, Stage.REJECTED, Stage.WITHDRAWN}
    ),
    Stage.EXPERT_REVIEWED: frozenset(
        {Stage.IN_NOTICE, Stage.REJECTED, Stage.WITHDRAWN}
    ),
    Stage.IN_NOTICE: frozenset({Stage.APPROVED, Stage.REJECTED, Stage.WITHDRAWN}),
    Stage.APPROVED: frozenset(),
    Stage.REJECTED: frozenset(),
    Stage.WITHDRAWN: frozenset(),
}


class IllegalMove(Exception):
    """The procedure does not allow this move; ``str(exc)`` is the user message."""


def allowed_moves(application: Application) -> frozenset[str]:
    """The stages this application may move to next."""
    return ALLOWED_MOVES.get(application.stage, frozenset())


def move(
    application: Application, to_stage: str, user=None, note: str = ""
) -> Application:
    """Move an application to ``to_stage``, recording who did it (history).

    Args:
        application: the application to move.
        to_stage: a ``Stage`` value.
        user: who makes the move (recorded in the history).
        note: the opinion or reason given with the move.

    Returns:
        The application, saved at its new stage.

    Raises:
        IllegalMove: the move is not one the procedure allows.
    """
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if to_stage not in allowed_moves(locked):
            raise IllegalMove(
                _("An application at stage “%(from)s” cannot move to “%(to)s”.")
                % {
                    "from": Stage(locked.stage).label,
                    "to": Stage(to_stage).label
                    if to_stage in Stage.values
                    else to_stage,
                }
            )
        locked.stage = to_stage
        if user is not None:
            locked._history_user = user
        if note:
            locked._change_reason = note[:100]
        locked.save()
    application.stage = locked.stage
    return locked
