"""Builders for applications, their sites and roster, and role accounts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from home.roles import CITY_APPROVER, CITY_EDITOR, COUNTY_EDITOR
from parkregistry.models import County
from parkregistry.models.applications import (
    Application,
    ApplicationSite,
    CountyMembership,
    RosterInstitution,
)

# A date on which the 2022 trial version (seeded by migration) is in force.
IN_FORCE_2022 = date(2023, 6, 1)


def county(code: str) -> County:
    return County.objects.get(code=code)


def make_user(username: str, *, groups=(), county_code: str | None = None, **kw):
    user = get_user_model().objects.create_user(
        username=username, password=kw.pop("password", "pw-" + username), **kw
    )
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    if county_code:
        CountyMembership.objects.create(user=user, county=county(county_code))
    return user


def make_county_editor(username: str, county_code: str):
    return make_user(username, groups=[COUNTY_EDITOR], county_code=county_code)


def make_city_editor(username: str = "city"):
    return make_user(username, groups=[CITY_EDITOR])


def make_city_approver(username: str = "approver"):
    return make_user(username, groups=[CITY_APPROVER])


def make_application(
    county_code: str = "yuci",
    *,
    eligible: bool = True,
    sites=None,
    institutions=None,
    **kwargs,
) -> Application:
    """An application with a full form; eligible under the 2022 version by default."""
    kwargs.setdefault("name", "晋中市榆次区人力资源服务产业园")
    kwargs.setdefault("address", "晋中市榆次区迎宾街1号")
    kwargs.setdefault("applicant_unit", "晋中市榆次区人力资源和社会保障局")
    kwargs.setdefault("filed_on", IN_FORCE_2022)
    kwargs.setdefault("contact_person", "王主任")
    kwargs.setdefault("contact_phone", "0354-1234567")
    kwargs.setdefault("ownership", "区国有资产投资公司")
    kwargs.setdefault("registered_on", date(2021, 3, 15))
    kwargs.setdefault("investment_wan", Decimal("2600.50"))
    kwargs.setdefault("land_area_m2", Decimal("8000"))
    kwargs.setdefault("staff_count", 18)
    kwargs.setdefault("institution_count", 12)
    kwargs.setdefault("construction_mode", "renovated")
    for flag in (
        "svc_policy_consulting",
        "svc_information",
        "svc_platform",
        "ps_employment",
        "ps_training",
        "ps_social_security",
        "ps_personnel",
    ):
        kwargs.setdefault(flag, True)
    application = Application.objects.create(county=county(county_code), **kwargs)
    if sites is None:
        sites = [("核心园区", Decimal("3200"), True)]
    for n, (name, area, core) in enumerate(sites):
        ApplicationSite.objects.create(
            application=application, name=name, area_m2=area, is_core=core, sort_order=n
        )
    if institutions is None:
        revenue = Decimal("3500000") if eligible else Decimal("100000")
        institutions = [
            (f"晋中人力资源服务机构{n}", f"晋人服证{n:04d}", revenue) for n in range(12)
        ]
    for n, (name, licence, revenue) in enumerate(institutions):
        RosterInstitution.objects.create(
            application=application,
            name=name,
            licence_no=licence,
            revenue_yuan=revenue,
            sort_order=n,
        )
    return application
