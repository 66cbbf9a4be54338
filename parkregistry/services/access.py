"""Who may see and do what with an application (属地管理, Art. 4).

City staff (holders of ``parkregistry.review_all_counties``: the city's editors
and approvers, superusers) see every application; a county editor sees only the
applications of the one county of their ``CountyMembership``; anybody else sees
none. Moving an application as the city needs ``parkregistry.act_for_city``. Every admin view of an
application goes through :func:`visible_applications` so no URL escapes it.
"""

from __future__ import annotations

from parkregistry.models.applications import Application, CountyMembership, Stage
from parkregistry.models.procedure import allowed_moves
from parkregistry.models.registry import (
    Evaluation,
    Park,
    RecognitionAward,
    Rectification,
    Revocation,
    SubsidyRecord,
)

# How each county-owned model reaches its county (属地管理). Models not named
# here (policy versions, counties, the city's annual tasks) belong to no county.
COUNTY_PATHS: dict[type, str] = {
    Application: "county",
    Park: "county",
    Evaluation: "park__county",
    Rectification: "evaluation__park__county",
    SubsidyRecord: "park__county",
    RecognitionAward: "park__county",
    Revocation: "park__county",
}

# Moves a county editor may make: submit after the county's first review, or
# withdraw the county's own application. Everything else is the city's.
COUNTY_MOVES = frozenset({Stage.COUNTY_REVIEWED, Stage.WITHDRAWN})
# Moves the city makes in the admin. 公示 and 确定 are reached only through
# notices and decisions (notices / registry features), not by hand.
CITY_MOVES = frozenset(
    {
        Stage.DRAFT,
        Stage.COUNTY_REVIEWED,
        Stage.CITY_REVIEWED,
        Stage.EXPERT_REVIEWED,
        Stage.REJECTED,
        Stage.WITHDRAWN,
    }
)


def is_city_staff(user) -> bool:
    """Sees every county's applications (``parkregistry.review_all_counties``)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.has_perm("parkregistry.review_all_counties")


def is_city_editor(user) -> bool:
    """May move applications as the city (``parkregistry.act_for_city``)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.has_perm("parkregistry.act_for_city")


def county_of(user):
    """The county of a county editor, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    membership = (
        CountyMembership.objects.select_related("county").filter(user=user).first()
    )
    return membership.county if membership else None


def visible_applications(user, queryset=None):
    """The applications ``user`` may see, as a queryset."""
    if queryset is None:
        queryset = Application.objects.all()
    return queryset.visible_to(user)


def visible_records(user, model, queryset=None):
    """The records of ``model`` that ``user`` may see at all (属地管理).

    City staff see every county's; a county editor only their county's; anybody
    else none. Records of a model that belongs to no county are not narrowed
    here (the model permissions decide).

    Args:
        user: the requesting user.
        model: a model of this app.
        queryset: a queryset of ``model`` to narrow (default: all records).

    Returns:
        The narrowed queryset.
    """
    if queryset is None:
        queryset = model._default_manager.all()
    path = COUNTY_PATHS.get(model)
    if path is None:
        return queryset
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return queryset.none()
    if user.has_perm("parkregistry.review_all_counties"):
        return queryset
    return queryset.filter(**{f"{path}__memberships__user": user})


def county_id_of(record) -> int | None:
    """The id of the county ``record`` belongs to, or None."""
    path = COUNTY_PATHS.get(type(record))
    if path is None:
        return None
    *hops, _last = path.split("__")
    target = record
    for hop in hops:
        target = getattr(target, hop, None)
        if target is None:
            return None
    return target.county_id


def may_see_internal_notes(user, model) -> bool:
    """Internal notes are the city's: shown to those who may change the record."""
    opts = model._meta
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.has_perm(f"{opts.app_label}.change_{opts.model_name}")
        and user.has_perm("parkregistry.review_all_counties")
    )


def moves_for(user, application) -> list[str]:
    """The stages ``user`` may move ``application`` to, in procedure order."""
    allowed = allowed_moves(application)
    if is_city_editor(user):
        mine = CITY_MOVES | ({Stage.APPROVED} if application.park_id else set())
    elif is_city_staff(user):
        mine = frozenset()
    else:
        mine = COUNTY_MOVES
    return [s for s in Stage.values if s in allowed and s in mine]


def may_edit(user, application) -> bool:
    """County editors edit their drafts only; city editors until a decision."""
    if is_city_editor(user):
        return application.stage not in (
            Stage.APPROVED,
            Stage.REJECTED,
            Stage.WITHDRAWN,
        )
    if is_city_staff(user):
        return False
    return application.stage == Stage.DRAFT


def may_delete(user, application) -> bool:
    """Only drafts are deleted; later the application is withdrawn instead."""
    if application.stage != Stage.DRAFT:
        return False
    return is_city_editor(user) or not is_city_staff(user)
