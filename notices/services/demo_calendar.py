"""Made-up holiday years for the demo site, clearly marked as such.

The demo must show open, upcoming and closed notices on any date, but a year
without an official arrangement is never guessed for real use. So the demo data
(and only where ``NOTICES_DEMO_CALENDAR`` is true, never with production settings)
registers such a year as 演示数据（非官方安排，仅供演示）: the fixed-date statutory
holidays of 《全国年节及纪念日放假办法》 (元旦, 劳动节, 国庆节), no lunar holidays and no
makeup days. Every window that reaches it carries the mark.

An official arrangement replaces a demo year: ``sync_holidays`` and
``import_holiday_notice`` overwrite it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from notices.models import HolidayDate, HolidayYear
from notices.models.calendars import demo_calendar_allowed, forget_cached_years
from notices.services.windows import recompute_windows_for_years

DEMO_MARK = "演示数据（非官方安排，仅供演示）"

# The days fixed by the Gregorian calendar in the 2024 revision of the national
# holiday rules; the lunar holidays cannot be placed without the official notice.
FIXED_HOLIDAYS: tuple[tuple[int, int, str], ...] = (
    (1, 1, "元旦"),
    (5, 1, "劳动节"),
    (5, 2, "劳动节"),
    (10, 1, "国庆节"),
    (10, 2, "国庆节"),
    (10, 3, "国庆节"),
)


@transaction.atomic
def ensure_demo_years(years: Iterable[int], log: Callable[[str], None]) -> list[int]:
    """Register a marked demo arrangement for each of ``years`` that has no usable one.

    Args:
        years: the years the demo needs.
        log: where to report what was done.

    Returns:
        The years that were registered now.

    Raises:
        ImproperlyConfigured: the settings do not allow demo years (production).
    """
    created: list[int] = []
    for year in sorted(set(years)):
        row = HolidayYear.objects.filter(year=year).first()
        if row is not None and (row.confirmed or not row.is_demo):
            # A confirmed year, or an official one waiting for confirmation: the
            # demo never overrides either.
            continue
        if not demo_calendar_allowed():
            raise ImproperlyConfigured(
                "NOTICES_DEMO_CALENDAR is off: the demo cannot make up the "
                f"{year} holiday arrangement. Import and confirm the official one."
            )
        if row is None:
            row = HolidayYear(year=year)
        row.source_title = DEMO_MARK
        row.doc_no = ""
        row.is_demo = True
        row.confirmed = True
        row.notes = (
            f"{DEMO_MARK}：{year}年的官方节假日安排尚未录入，演示站点按元旦、劳动节、"
            "国庆节的固定日期暂代，不含农历节日和调休。请勿用于正式公示。"
        )
        row.save()
        row.dates.all().delete()
        HolidayDate.objects.bulk_create(
            HolidayDate(
                arrangement=row,
                date=date(year, month, day),
                kind=HolidayDate.Kind.HOLIDAY,
                name=name,
            )
            for month, day, name in FIXED_HOLIDAYS
        )
        created.append(year)
        log(f"registered the {year} holiday arrangement as demo data ({DEMO_MARK})")
    if created:
        # bulk_create sends no post_save: drop the cached arrangements here.
        forget_cached_years()
        recompute_windows_for_years(created)
    return created
