"""Holiday years from the State Council's notice: preview, store unconfirmed, confirm.

An imported arrangement (or an amendment applied to its year) is always stored
**unconfirmed**: windows reaching the year stop with a message naming it until an
editor has checked the days against the document and confirmed it. Every write
goes through django-simple-history with a reason, so the year's history says who
imported, who confirmed and from which document.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from notices.models import HolidayDate, HolidayYear
from notices.models.calendars import forget_cached_years
from notices.rules.holiday_notice import (
    AMENDMENT,
    NoticeParseError,
    ParsedNotice,
    apply_amendment,
    format_day,
    parse_holiday_notice,
    to_arrangement,
    working_day_differences,
)
from notices.rules.workingdays import YearArrangement
from notices.services.holiday_sources import makeup_day_names, package_arrangements
from notices.services.windows import recompute_windows_for_years

Row = tuple[date, str, str]  # (date, kind, holiday name)


@dataclass(frozen=True)
class DayChange:
    """One day an import changes: what it was and what it becomes."""

    day: date
    before: str
    after: str


@dataclass(frozen=True)
class ImportPlan:
    """What importing a notice would store, worked out without writing anything."""

    parsed: ParsedNotice
    arrangement: YearArrangement
    makeup_names: Mapping[date, str]
    existing: HolidayYear | None
    changes: tuple[DayChange, ...]
    warnings: tuple[str, ...] = field(default=())

    @property
    def year(self) -> int:
        return self.parsed.year

    @property
    def unchanged(self) -> bool:
        return (
            self.existing is not None
            and self.existing.confirmed
            and not self.existing.is_demo
            and not self.changes
        )

    @property
    def unconfirms_a_year(self) -> bool:
        """Would saving take a confirmed, official year out of use until re-confirmed?"""
        return (
            self.existing is not None
            and self.existing.confirmed
            and not self.existing.is_demo
            and bool(self.changes)
        )

    def rows(self) -> set[Row]:
        return _rows(self.arrangement, self.makeup_names)


def _rows(arrangement: YearArrangement, makeup_names: Mapping[date, str]) -> set[Row]:
    return {
        (d, HolidayDate.Kind.HOLIDAY, n) for d, n in arrangement.holidays.items()
    } | {
        (d, HolidayDate.Kind.MAKEUP_WORKDAY, makeup_names.get(d, ""))
        for d in arrangement.makeup_workdays
    }


def _describe(kind: str | None, name: str) -> str:
    if kind == HolidayDate.Kind.HOLIDAY:
        return _("Holiday (%(name)s)") % {"name": name} if name else _("Holiday")
    if kind == HolidayDate.Kind.MAKEUP_WORKDAY:
        return _("Makeup working day")
    return _("As usual")


def _changes(before: set[Row], after: set[Row]) -> tuple[DayChange, ...]:
    """The days whose working status changes (a working day off, or back on).

    Names alone, or a weekend day becoming part of a holiday's span, change no
    window: they are not listed and never unconfirm a year.
    """
    old = {d: (k, n) for d, k, n in before}
    new = {d: (k, n) for d, k, n in after}
    changed = []
    for day in sorted(set(old) | set(new)):
        was, now = old.get(day, (None, "")), new.get(day, (None, ""))
        if _working(day, was[0]) != _working(day, now[0]):
            changed.append(DayChange(day, _describe(*was), _describe(*now)))
    return tuple(changed)


def _working(day: date, kind: str | None) -> tuple[bool, bool]:
    """(is a working day, is a makeup day) under ``kind``."""
    if kind == HolidayDate.Kind.MAKEUP_WORKDAY:
        return True, True
    if kind == HolidayDate.Kind.HOLIDAY:
        return False, False
    return day.weekday() < 5, False


def stored_rows(row: HolidayYear | None) -> set[Row]:
    if row is None:
        return set()
    return {(d.date, d.kind, d.name) for d in row.dates.all()}


def plan_import(text: str, *, expected_year: int | None = None) -> ImportPlan:
    """Read the notice and work out what saving it would change (nothing is written).

    Args:
        text: the notice as plain text or a saved web page (HTML).
        expected_year: the year the editor means to import, if they said.

    Returns:
        The plan: the arrangement to store, the days that change against the stored
        year, and warnings (days outside the year, differences from chinese-calendar).

    Raises:
        NoticeParseError: the text cannot be read, or fails validation (Chinese message).
    """
    year_hint = expected_year
    try:
        first = parse_holiday_notice(text, expected_year=expected_year)
    except NoticeParseError as exc:
        # An extension (延长…假期) needs the year it extends; retry with it.
        year_hint = year_hint or _year_mentioned(text)
        base_row = _existing(year_hint) if year_hint else None
        if base_row is None:
            raise
        try:
            first = parse_holiday_notice(
                text, expected_year=expected_year, base=base_row.to_arrangement()
            )
        except NoticeParseError:
            raise exc from None
    existing = _existing(first.year)
    if first.kind == AMENDMENT:
        if existing is None:
            raise NoticeParseError(
                _(
                    "This notice amends the %(year)s arrangement, which has not been "
                    "entered yet: import the %(year)s arrangement first."
                )
                % {"year": first.year}
            )
        base = existing.to_arrangement()
        parsed = parse_holiday_notice(text, expected_year=expected_year, base=base)
        base_names = {
            d.date: d.name
            for d in existing.dates.all()
            if d.kind == HolidayDate.Kind.MAKEUP_WORKDAY
        }
        arrangement = apply_amendment(base, parsed, base_names)
        makeup_names = {
            d: parsed.makeup_workdays.get(d) or base_names.get(d, "")
            for d in arrangement.makeup_workdays
        }
    else:
        parsed = first
        arrangement = to_arrangement(parsed)
        makeup_names = {
            d: n for d, n in parsed.makeup_workdays.items() if d.year == parsed.year
        }
    warnings = list(parsed.warnings)
    known = _package_year_as_its_notice(parsed.year)
    if known is not None:
        differences = working_day_differences(arrangement, known)
        if differences:
            warnings.append(
                _(
                    "The chinese-calendar package knows %(year)s and differs on these "
                    "days; check them against the document: %(days)s"
                )
                % {"year": parsed.year, "days": "；".join(differences)}
            )
    return ImportPlan(
        parsed=parsed,
        arrangement=arrangement,
        makeup_names=makeup_names,
        existing=existing,
        changes=_changes(stored_rows(existing), _rows(arrangement, makeup_names)),
        warnings=tuple(warnings),
    )


def _package_year_as_its_notice(year: int) -> YearArrangement | None:
    """The package's ``year`` without the late-December days that the NEXT year's
    notice decides (e.g. 2011-12-31, worked for 元旦 2012): one notice is compared
    with what that notice alone defines."""
    known = package_arrangements().get(year)
    if known is None:
        return None
    names = {**makeup_day_names(), **known.holidays}

    def next_new_year(day: date) -> bool:
        return day.month == 12 and names.get(day) == "元旦"

    return YearArrangement(
        year=year,
        holidays={d: n for d, n in known.holidays.items() if not next_new_year(d)},
        makeup_workdays=frozenset(
            d for d in known.makeup_workdays if not next_new_year(d)
        ),
        source=known.source,
    )


def _existing(year: int) -> HolidayYear | None:
    return HolidayYear.objects.filter(year=year).prefetch_related("dates").first()


def _year_mentioned(text: str) -> int | None:
    found = re.search(r"(20\d\d)\s*年", text)
    return int(found.group(1)) if found else None


@transaction.atomic
def store_import(plan: ImportPlan, *, source_label: str) -> HolidayYear:
    """Write the plan's year as **unconfirmed** (or leave an identical confirmed year).

    Args:
        plan: from ``plan_import``.
        source_label: where the text came from, for the history (e.g. the file name).

    Returns:
        The stored year.
    """
    parsed = plan.parsed
    row = HolidayYear.objects.select_for_update().filter(year=plan.year).first()
    if plan.unchanged and row is not None:
        return row
    reason = _("Imported from %(document)s (%(source)s)") % {
        "document": " ".join(p for p in (parsed.title, parsed.document_number) if p)
        or _("the State Council notice"),
        "source": source_label,
    }
    if row is None:
        row = HolidayYear(year=plan.year)
    if parsed.kind == AMENDMENT:
        row.notes = "\n".join(
            p for p in (row.notes, f"{reason}：{parsed.document_number}") if p
        )
    else:
        row.source_title = parsed.title or row.source_title
        row.doc_no = parsed.document_number or row.doc_no
        row.notes = reason
    row.is_demo = False
    row.confirmed = False
    row._change_reason = reason
    row.save()
    have = {(d.date, d.kind, d.name): d for d in row.dates.all()}
    wanted = plan.rows()
    for key, obj in have.items():
        if key not in wanted:
            obj._change_reason = reason
            obj.delete()
    for day, kind, name in sorted(wanted - set(have)):
        obj = HolidayDate(arrangement=row, date=day, kind=kind, name=name)
        obj._change_reason = reason
        obj.save()
    forget_cached_years()
    # The year is unconfirmed now: the windows reaching it are stored empty.
    recompute_windows_for_years([row.year])
    return row


@transaction.atomic
def confirm_year(row: HolidayYear) -> HolidayYear:
    """Confirm a checked year: windows reaching it compute from now on."""
    row = HolidayYear.objects.select_for_update().get(pk=row.pk)
    if row.is_demo:
        raise ValueError(_("A demo year cannot be confirmed as official."))
    row.confirmed = True
    row._change_reason = _("Confirmed after checking against the document")
    row.save()
    forget_cached_years()
    recompute_windows_for_years([row.year])
    return row


# --- warning editors early ------------------------------------------------------

#: From this month on, next year's arrangement is due (the State Council usually
#: publishes it in October or November).
NEXT_YEAR_DUE_MONTH = 10


@dataclass(frozen=True)
class YearAlert:
    """A year editors must import or confirm soon."""

    year: int
    row: HolidayYear | None

    @property
    def imported(self) -> bool:
        return self.row is not None and not self.row.is_demo


def years_needing_attention(today: date) -> list[YearAlert]:
    """This year if not officially confirmed; from 1 October, next year too."""
    years = [today.year]
    if today.month >= NEXT_YEAR_DUE_MONTH:
        years.append(today.year + 1)
    rows = {r.year: r for r in HolidayYear.objects.filter(year__in=years)}
    return [
        YearAlert(y, rows.get(y))
        for y in years
        if y not in rows or not rows[y].confirmed or rows[y].is_demo
    ]


def describe_days(days: Mapping[date, str]) -> list[str]:
    return [f"{format_day(d)}（{n}）" if n else format_day(d) for d, n in days.items()]


def months_of(year: int) -> list[list[list[date | None]]]:
    """The 12 months of ``year`` as weeks (Monday first) for a calendar grid."""
    months = []
    for month in range(1, 13):
        first = date(year, month, 1)
        day = first - timedelta(days=first.weekday())
        weeks = []
        while day.month == month or day < first:
            week: list[date | None] = []
            for _i in range(7):
                week.append(day if day.month == month else None)
                day += timedelta(days=1)
            weeks.append(week)
        months.append(weeks)
    return months
