"""Operations that touch several notice records at once."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from notices.models import HolidayDate, HolidayYear
from notices.services.holiday_sources import (
    DOC_NUMBERS,
    makeup_day_names,
    package_arrangements,
    source_title,
)
from notices.services.windows import recompute_windows_for_years


def sync_package_holidays(years: Iterable[int]) -> dict[int, str]:
    """Make the stored arrangement of each year match the chinese-calendar package.

    Args:
        years: the years to synchronise; each must be known to the package.

    Returns:
        For each year, "created", "updated" or "unchanged". Unchanged years are not
        written, so running it again adds no history.
    """
    arrangements = package_arrangements()
    makeup_names = makeup_day_names()
    result: dict[int, str] = {}
    for year in years:
        wanted = arrangements[year]
        wanted_rows = {
            (day, HolidayDate.Kind.HOLIDAY, name)
            for day, name in wanted.holidays.items()
        } | {
            (day, HolidayDate.Kind.MAKEUP_WORKDAY, makeup_names.get(day, ""))
            for day in wanted.makeup_workdays
        }
        with transaction.atomic():
            row = HolidayYear.objects.select_for_update().filter(year=year).first()
            if row is None:
                row = HolidayYear.objects.create(
                    year=year,
                    source_title=source_title(year),
                    doc_no=DOC_NUMBERS.get(year, ""),
                    confirmed=True,
                    notes="chinese-calendar",
                )
                status = "created"
            else:
                status = "unchanged"
                if row.is_demo:
                    # The official arrangement replaces a made-up demo year.
                    row.is_demo = False
                    row.confirmed = False
                    row.source_title = ""
                    row.doc_no = ""
                    row.notes = "chinese-calendar"
                if not row.confirmed or not row.source_title:
                    row.confirmed = True
                    row.source_title = row.source_title or source_title(year)
                    row.doc_no = row.doc_no or DOC_NUMBERS.get(year, "")
                    row.save()
                    status = "updated"
            have = {(d.date, d.kind, d.name): d for d in row.dates.all()}
            for key, obj in have.items():
                if key not in wanted_rows:
                    obj.delete()
                    status = "updated"
            for day, kind, name in sorted(wanted_rows - set(have)):
                HolidayDate.objects.create(
                    arrangement=row, date=day, kind=kind, name=name
                )
                if status == "unchanged":
                    status = "updated"
            if status != "unchanged":
                # In the same transaction: the windows this year can change.
                recompute_windows_for_years([year])
        result[year] = status
    return result
