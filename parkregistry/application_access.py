"""Who may see and do what with an application (属地管理, Art. 4).

City staff (市局编辑, 市局审核, superusers) see every application; a county editor
(县级编辑) sees only the applications of the one county of their
``CountyMembership``; anybody else sees none. Every admin view of an
application goes through :func:`visible_applications` so no URL escapes it.
"""

from __future__ import annotations

from home.roles import CITY_APPROVER, CITY_EDITOR
from parkregistry.models.applications import Stage

CITY_GROUPS = (CITY_EDITOR, CITY_APPROVER)

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
    """Superusers and members of the city groups."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_is_city_staff", None)
    if cached is None:
        cached = user.groups.filter(name__in=CITY_GROUPS).exists()
        user._is_city_staff = cached
    return cached


def is_city_editor(user) -> bool:
    """May change applications as the city (not only approve publications)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or user.groups.filter(name=CITY_EDITOR).exists()


def county_of(user):
    """The county of a county editor, or None."""
    from parkregistry.models.applications import CountyMembership

    if not getattr(user, "is_authenticated", False):
        return None
    membership = (
        CountyMembership.objects.select_related("county").filter(user=user).first()
    )
    return membership.county if membership else None


def visible_applications(user, queryset=None):
    """The applications ``user`` may see, as a queryset."""
    from parkregistry.models.applications import Application

    if queryset is None:
        queryset = Application.objects.all()
    return queryset.visible_to(user)


def moves_for(user, application) -> list[str]:
    """The stages ``user`` may move ``application`` to, in procedure order."""
    from parkregistry.applications_services import allowed_moves

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
