"""Notice pages keep their computed window in indexed columns.

The public lists order, filter and page in SQL from these columns; the working-day
engine stays the source of truth and the columns are recomputed whenever an input
changes (``notices.services.windows``). This migration adds them and computes them
for the pages saved before, from the historical models and the pure engine.
"""

from django.db import migrations, models

from notices import conf
from notices.rules.workingdays import (
    CalendarError,
    WorkCalendar,
    YearArrangement,
    compute_window,
)


def _calendar(apps) -> WorkCalendar:
    HolidayYear = apps.get_model("notices", "HolidayYear")
    HolidayDate = apps.get_model("notices", "HolidayDate")
    years = HolidayYear.objects.filter(confirmed=True)
    if not conf.NOTICES_DEMO_CALENDAR:
        years = years.filter(is_demo=False)
    years = {row.pk: row for row in years}
    holidays = {pk: {} for pk in years}
    makeup = {pk: set() for pk in years}
    for day in HolidayDate.objects.filter(arrangement_id__in=list(years)):
        if day.kind == "makeup_workday":
            makeup[day.arrangement_id].add(day.date)
        else:
            holidays[day.arrangement_id][day.date] = day.name
    return WorkCalendar.of(
        YearArrangement(
            year=row.year,
            holidays=holidays[pk],
            makeup_workdays=frozenset(makeup[pk]),
            demo=row.is_demo,
        )
        for pk, row in years.items()
    )


def store_windows(apps, schema_editor):
    """The current period of each page (corrections folded in, as
    ``notices.models.windows.period_history`` does) and its window."""
    NoticePage = apps.get_model("notices", "NoticePage")
    NoticeCorrection = apps.get_model("notices", "NoticeCorrection")
    calendar = _calendar(apps)
    first_year = min(calendar.years, default=None)
    corrections = {}
    for c in NoticeCorrection.objects.order_by("made_at", "pk"):
        corrections.setdefault(c.page_id, []).append(c)
    for page in NoticePage.objects.all():
        start, days, published = (
            page.start_date,
            page.working_days,
            page.first_published_at,
        )
        for c in corrections.get(page.pk, ()):
            if c.kind == "extension":
                days += c.extra_working_days or 0
            elif c.kind == "restart":
                start, days, published = c.new_start_date, page.working_days, c.made_at
        if first_year is None or start.year < first_year:
            continue
        try:
            window = compute_window(
                start,
                days,
                calendar,
                closing_time=page.closing_time,
                published_at=published,
            )
        except (CalendarError, ValueError):
            continue
        NoticePage.objects.filter(pk=page.pk).update(
            window_start=window.start,
            window_working_days=window.working_days,
            window_first_day=window.first_working_day,
            window_end=window.end,
            opens_at=window.opens_at,
            closes_at=window.closes_at,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("notices", "0006_ascii_slugs"),
    ]

    operations = [
        migrations.AddField(
            model_name="noticepage",
            name="window_start",
            field=models.DateField(
                db_index=True,
                editable=False,
                null=True,
                verbose_name="start of the current period",
            ),
        ),
        migrations.AddField(
            model_name="noticepage",
            name="window_working_days",
            field=models.PositiveSmallIntegerField(
                editable=False,
                null=True,
                verbose_name="working days of the current period",
            ),
        ),
        migrations.AddField(
            model_name="noticepage",
            name="window_first_day",
            field=models.DateField(
                editable=False, null=True, verbose_name="first counted day"
            ),
        ),
        migrations.AddField(
            model_name="noticepage",
            name="window_end",
            field=models.DateField(
                db_index=True, editable=False, null=True, verbose_name="last counted day"
            ),
        ),
        migrations.AddField(
            model_name="noticepage",
            name="opens_at",
            field=models.DateTimeField(
                db_index=True, editable=False, null=True, verbose_name="opens at"
            ),
        ),
        migrations.AddField(
            model_name="noticepage",
            name="closes_at",
            field=models.DateTimeField(
                db_index=True, editable=False, null=True, verbose_name="closes at"
            ),
        ),
        migrations.RunPython(store_windows, migrations.RunPython.noop),
    ]
