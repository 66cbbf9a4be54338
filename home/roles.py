"""The fixed names of the role groups (created by home.0003)."""

COUNTY_EDITOR = "县级编辑"
CITY_EDITOR = "市局编辑"
CITY_APPROVER = "市局审核"
OBJECTION_HANDLER = "异议处理"
