"""The holiday arrangements known to the ``chinese-calendar`` package.

``sync_holidays`` stores them as ``HolidayYear`` records; this module only reads
the package and names each year's source document.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import chinese_calendar

from notices.rules.workingdays import YearArrangement

# The package names holidays in English; the records and pages use the
# official Chinese names.
HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}

# 国务院办公厅关于Y年部分节假日安排的通知, by year: the document numbers checked
# against the published notices. Years not listed keep the title alone.
DOC_NUMBERS = {
    2018: "国办发明电〔2017〕12号",
    2019: "国办发明电〔2018〕15号",
    2020: "国办发明电〔2019〕16号",
    2021: "国办发明电〔2020〕27号",
    2022: "国办发明电〔2021〕11号",
    2023: "国办发明电〔2022〕16号",
    2024: "国办发明电〔2023〕7号",
    2025: "国办发明电〔2024〕12号",
    2026: "国办发明电〔2025〕7号",
}


def source_title(year: int) -> str:
    return f"国务院办公厅关于{year}年部分节假日安排的通知"


def chinese_name(package_name: str) -> str:
    return HOLIDAY_NAMES.get(package_name, package_name)


def package_years() -> list[int]:
    """Years the installed package has a complete arrangement for."""
    years = {d.year for d in chinese_calendar.holidays}
    return sorted(years)


def package_arrangements() -> dict[int, YearArrangement]:
    holidays: dict[int, dict[date, str]] = defaultdict(dict)
    makeup: dict[int, set[date]] = defaultdict(set)
    for day, name in chinese_calendar.holidays.items():
        holidays[day.year][day] = chinese_name(name)
    for day in chinese_calendar.workdays:
        makeup[day.year].add(day)
    return {
        year: YearArrangement(
            year=year,
            holidays=holidays[year],
            makeup_workdays=frozenset(makeup[year]),
            source=" ".join(
                p for p in (source_title(year), DOC_NUMBERS.get(year, "")) if p
            ),
        )
        for year in package_years()
    }


def makeup_day_names() -> dict[date, str]:
    """The holiday each package makeup working day belongs to, in Chinese."""
    return {day: chinese_name(name) for day, name in chinese_calendar.workdays.items()}
