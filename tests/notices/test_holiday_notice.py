"""Reading the State Council's holiday notices: pure tests, no database.

The fixtures in ``holiday_notices/`` are transcriptions of the published notices
(2007-2026 and three amendments); ``YYYY.txt`` is the plain text, other files
named ``YYYY_*`` are the same notice in another form (saved pages, half-width
punctuation, full-width digits) and must read exactly the same.
"""

from __future__ import annotations

import ast
import random
from datetime import date, timedelta
from pathlib import Path

import pytest

from notices.rules import holiday_notice
from notices.rules.holiday_notice import (
    NoticeParseError,
    ParsedNotice,
    apply_amendment,
    canonical_holiday_name,
    html_to_text,
    parse_holiday_notice,
    to_arrangement,
    working_day_differences,
)
from notices.rules.workingdays import YearArrangement
from notices.services.holiday_sources import package_arrangements

FIXTURES = Path(__file__).parent / "holiday_notices"
YEARS = range(2007, 2027)
TITLE_2025 = "国务院办公厅关于2025年部分节假日安排的通知\n"

# Checked against the published notices. The 2008 notice's number could not be
# confirmed, so its transcription carries none.
DOCUMENT_NUMBERS = {
    2007: "国办发明电〔2006〕49号",
    2008: "",
    2009: "国办发明电〔2008〕42号",
    2010: "国办发明电〔2009〕27号",
    2011: "国办发明电〔2010〕40号",
    2012: "国办发明电〔2011〕45号",
    2013: "国办发明电〔2012〕33号",
    2014: "国办发明电〔2013〕28号",
    2015: "国办发明电〔2014〕28号",
    2016: "国办发明电〔2015〕18号",
    2017: "国办发明电〔2016〕17号",
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
AMENDMENT_FILES = {
    "2015_victory_day.txt",
    "2019_labour_day_amendment.txt",
    "2020_spring_festival_extension.txt",
}
VARIANTS = sorted(
    f.name
    for f in FIXTURES.iterdir()
    if "_" in f.stem and f.name not in AMENDMENT_FILES
)


def read(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def notice(year: int) -> ParsedNotice:
    return parse_holiday_notice(read(f"{year}.txt"), expected_year=year)


def days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def error_of(text: str, **kwargs: object) -> str:
    with pytest.raises(NoticeParseError) as info:
        parse_holiday_notice(text, **kwargs)  # type: ignore[arg-type]
    return str(info.value)


def year_as_published(year: int) -> YearArrangement:
    """Year ``year`` from every notice that speaks of it, amendments applied.

    A notice can reach into the previous year (2023's 元旦 starts on 2022-12-31,
    2012's makeup day is 2011-12-31), so the neighbouring notices count too.
    """
    holidays: dict[date, str] = {}
    makeup: set[date] = set()
    for other in (year - 1, year, year + 1):
        if other in YEARS:
            parsed = notice(other)
            holidays.update(
                {d: n for d, n in parsed.holidays.items() if d.year == year}
            )
            makeup |= {d for d in parsed.makeup_workdays if d.year == year}
    arrangement = YearArrangement(year, holidays, frozenset(makeup))
    if year == 2015:
        arrangement = apply_amendment(
            arrangement, parse_holiday_notice(read("2015_victory_day.txt"))
        )
    if year == 2019:
        amendment = parse_holiday_notice(read("2019_labour_day_amendment.txt"))
        arrangement = apply_amendment(arrangement, amendment)
    if year == 2020:
        extension = parse_holiday_notice(
            read("2020_spring_festival_extension.txt"), base=arrangement
        )
        arrangement = apply_amendment(arrangement, extension)
    return arrangement


# --- the transcribed notices -------------------------------------------------


@pytest.mark.parametrize("year", YEARS)
def test_notice_reads_title_number_and_kind(year: int) -> None:
    parsed = notice(year)
    assert parsed.year == year
    assert parsed.kind == "arrangement"
    assert parsed.title == f"国务院办公厅关于{year}年部分节假日安排的通知"
    assert parsed.document_number == DOCUMENT_NUMBERS[year]
    assert parsed.amended_holidays == ()
    assert list(parsed.holidays) == sorted(parsed.holidays)
    assert set(parsed.holidays.values()) <= {
        "元旦",
        "春节",
        "清明节",
        "劳动节",
        "端午节",
        "中秋节",
        "国庆节",
        "中秋节、国庆节",
        "国庆节、中秋节",
    }


@pytest.mark.parametrize("year", YEARS)
def test_notice_agrees_with_chinese_calendar(year: int) -> None:
    # The strongest check: every transcribed year gives exactly the package's
    # non-working weekdays and working weekends. No year differs (names aside:
    # e.g. the package calls 2009-10-03 中秋节 where the notice's item is
    # "国庆节、中秋节"), so the transcriptions and the package agree day for day.
    assert (
        working_day_differences(year_as_published(year), package_arrangements()[year])
        == []
    )


@pytest.mark.parametrize("name", VARIANTS)
def test_variant_reads_like_the_plain_transcription(name: str) -> None:
    canonical = (
        "2019_labour_day_amendment.txt" if "labour" in name else f"{name[:4]}.txt"
    )
    assert parse_holiday_notice(read(name)) == parse_holiday_notice(read(canonical))


def test_fixture_set_has_the_required_forms() -> None:
    assert sum(name.endswith(".html") for name in VARIANTS) >= 3
    assert "2013_halfwidth.txt" in VARIANTS
    assert "，" not in read("2013_halfwidth.txt")


def test_2008_explanatory_clauses_add_no_days() -> None:
    # "其中，…为法定节假日，…照常公休，将…两个公休日调至…" only explains the span.
    parsed = notice(2008)
    expected = {
        *days(date(2007, 12, 30), date(2008, 1, 1)),
        *days(date(2008, 2, 6), date(2008, 2, 12)),
        *days(date(2008, 4, 4), date(2008, 4, 6)),
        *days(date(2008, 5, 1), date(2008, 5, 3)),
        *days(date(2008, 6, 7), date(2008, 6, 9)),
        *days(date(2008, 9, 13), date(2008, 9, 15)),
        *days(date(2008, 9, 29), date(2008, 10, 5)),
    }
    assert set(parsed.holidays) == expected
    assert set(parsed.makeup_workdays) == {
        date(2007, 12, 29),
        date(2008, 2, 2),
        date(2008, 2, 3),
        date(2008, 5, 4),
        date(2008, 9, 27),
        date(2008, 9, 28),
    }
    assert parsed.holidays[date(2008, 5, 2)] == "劳动节"  # “五一”国际劳动节


def test_2007_day_only_dates_take_month_and_year_from_context() -> None:
    parsed = notice(2007)
    assert set(parsed.makeup_workdays) == {
        date(2006, 12, 30),
        date(2006, 12, 31),
        date(2007, 2, 17),
        date(2007, 2, 25),
        date(2007, 4, 28),
        date(2007, 4, 29),
        date(2007, 9, 29),
        date(2007, 9, 30),
    }
    assert parsed.holidays[date(2007, 10, 7)] == "国庆节"  # “十一”


def test_2024_encouraged_new_years_eve_is_no_holiday() -> None:
    parsed = notice(2024)
    assert date(2024, 2, 9) not in parsed.holidays
    assert min(d for d, n in parsed.holidays.items() if n == "春节") == date(
        2024, 2, 10
    )


def test_2025_preamble_rules_and_signature_add_nothing() -> None:
    # "国庆节自10月1日起放假调休7天" and "自2025年1月1日起" describe rules;
    # "2024年11月12日" is the signing date.
    parsed = notice(2025)
    assert date(2024, 11, 12) not in parsed.holidays
    assert parsed.warnings == ()
    assert parsed.holidays[date(2025, 10, 6)] == "国庆节、中秋节"
    assert parsed.makeup_workdays[date(2025, 10, 11)] == "国庆节、中秋节"


# --- amendments --------------------------------------------------------------


def test_2019_labour_day_amendment_reads() -> None:
    parsed = parse_holiday_notice(
        read("2019_labour_day_amendment.txt"), expected_year=2019
    )
    assert parsed.kind == "amendment"
    assert parsed.amended_holidays == ("劳动节",)
    # The published number is 〔2019〕3号 (not 2号).
    assert parsed.document_number == "国办发明电〔2019〕3号"
    assert dict(parsed.holidays) == dict.fromkeys(
        days(date(2019, 5, 1), date(2019, 5, 4)), "劳动节"
    )
    assert dict(parsed.makeup_workdays) == {
        date(2019, 4, 28): "劳动节",
        date(2019, 5, 5): "劳动节",
    }


@pytest.mark.parametrize("with_names", [False, True])
def test_2019_amendment_applied_gives_the_published_year(with_names: bool) -> None:
    original = notice(2019)
    base = to_arrangement(original)
    amendment = parse_holiday_notice(read("2019_labour_day_amendment.txt"))
    names = dict(original.makeup_workdays) if with_names else None
    result = apply_amendment(base, amendment, base_makeup_names=names)
    assert [
        d for d in days(date(2019, 5, 1), date(2019, 5, 4)) if d not in result.holidays
    ] == []
    assert {date(2019, 4, 28), date(2019, 5, 5)} <= result.makeup_workdays
    untouched = {d: n for d, n in base.holidays.items() if n != "劳动节"}
    assert {d: n for d, n in result.holidays.items() if n != "劳动节"} == untouched
    assert (
        result.makeup_workdays - {date(2019, 4, 28), date(2019, 5, 5)}
        == base.makeup_workdays
    )
    package = package_arrangements()[2019]
    assert working_day_differences(result, package) == []
    assert working_day_differences(base, package) == [
        "2019年4月28日：通知为周末休息，chinese-calendar为调休上班",
        "2019年5月2日：通知为工作日，chinese-calendar为放假",
        "2019年5月3日：通知为工作日，chinese-calendar为放假",
        "2019年5月5日：通知为周末休息，chinese-calendar为调休上班",
    ]


def test_2020_extension_needs_the_existing_arrangement() -> None:
    message = error_of(read("2020_spring_festival_extension.txt"))
    assert "延长春节假期" in message
    assert "需要提供2020年现有的放假安排" in message


def test_2020_extension_with_base() -> None:
    base = to_arrangement(notice(2020))
    parsed = parse_holiday_notice(read("2020_spring_festival_extension.txt"), base=base)
    assert parsed.kind == "amendment"
    assert parsed.amended_holidays == ("春节",)
    assert parsed.document_number == "国办发明电〔2020〕1号"
    assert list(parsed.holidays) == days(date(2020, 1, 24), date(2020, 2, 2))
    # 2月1日 was a makeup day inside the new span: cancelled. "2月3日起正常上班"
    # is the return to work, not a makeup day.
    assert dict(parsed.makeup_workdays) == {date(2020, 1, 19): "春节"}
    assert parsed.warnings == ("2020年2月1日原为调休上班日，因春节假期延长而取消。",)
    result = apply_amendment(base, parsed)
    assert date(2020, 2, 1) not in result.makeup_workdays
    assert date(2020, 2, 3) not in result.holidays
    assert working_day_differences(result, package_arrangements()[2020]) == []


@pytest.mark.parametrize(
    "text",
    [
        "一、延长2020年春节假期至2月2日（农历正月初九，星期日），2月3日（星期一）起正常上班。",
        "2020年春节假期延长至2月2日（农历正月初九，星期日），2月3日（星期一）起正常上班。",
        "国务院办公厅关于延长2020年春节假期的通知\n"
        "2020年春节假期延长至2月2日（农历正月初九，星期日），2月3日（星期一）起正常上班。",
    ],
)
def test_extension_phrasings(text: str) -> None:
    base = to_arrangement(notice(2020))
    parsed = parse_holiday_notice(text, base=base)
    assert (parsed.year, parsed.kind, parsed.amended_holidays) == (
        2020,
        "amendment",
        ("春节",),
    )
    assert list(parsed.holidays) == days(date(2020, 1, 24), date(2020, 2, 2))
    names = dict(notice(2020).makeup_workdays)
    result = apply_amendment(base, parsed, base_makeup_names=names)
    assert working_day_differences(result, package_arrangements()[2020]) == []


def test_extension_with_a_wrong_weekday_is_an_error() -> None:
    text = "延长2020年春节假期至2月2日（农历正月初九，星期一）。"
    message = error_of(text, base=to_arrangement(notice(2020)))
    assert message == "2020年2月2日是星期日，但通知括号中写的是星期一。"


def test_2015_victory_day_adds_a_holiday() -> None:
    parsed = parse_holiday_notice(read("2015_victory_day.txt"))
    name = "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日"
    assert (parsed.year, parsed.kind, parsed.amended_holidays) == (
        2015,
        "amendment",
        (name,),
    )
    assert parsed.document_number == "国发明电〔2015〕1号"
    assert dict(parsed.holidays) == dict.fromkeys(
        days(date(2015, 9, 3), date(2015, 9, 5)), name
    )
    assert dict(parsed.makeup_workdays) == {date(2015, 9, 6): name}
    base = to_arrangement(notice(2015))
    result = apply_amendment(base, parsed)
    assert set(result.holidays) == set(base.holidays) | set(parsed.holidays)
    assert result.makeup_workdays == base.makeup_workdays | {date(2015, 9, 6)}


def test_apply_amendment_without_names_drops_makeup_days_near_the_holiday() -> None:
    base = YearArrangement(
        2030,
        {date(2030, 5, 1): "劳动节", date(2030, 10, 1): "国庆节"},
        frozenset({date(2030, 4, 27), date(2030, 9, 29)}),
    )
    amendment = parse_holiday_notice(
        "国务院办公厅关于调整2030年劳动节假期安排的通知\n2030年5月2日至3日放假。"
    )
    result = apply_amendment(base, amendment)
    assert dict(result.holidays) == {
        date(2030, 5, 2): "劳动节",
        date(2030, 5, 3): "劳动节",
        date(2030, 10, 1): "国庆节",
    }
    assert result.makeup_workdays == {date(2030, 9, 29)}


def test_apply_amendment_refuses_an_arrangement() -> None:
    with pytest.raises(ValueError):
        apply_amendment(to_arrangement(notice(2025)), notice(2025))


# --- phrasings ---------------------------------------------------------------


@pytest.mark.parametrize("dash", ["至", "到", "—", "——", "－", "-", "~", "～", "–"])
def test_range_separators(dash: str) -> None:
    parsed = parse_holiday_notice(
        f"{TITLE_2025}四、劳动节：5月1日{dash}5日放假调休，共5天。"
    )
    assert list(parsed.holidays) == days(date(2025, 5, 1), date(2025, 5, 5))


@pytest.mark.parametrize(
    ("phrase", "first", "last"),
    [
        ("5月31日至6月2日", date(2025, 5, 31), date(2025, 6, 2)),
        ("2024年12月31日至2025年1月2日", date(2024, 12, 31), date(2025, 1, 2)),
        ("2024年12月31日至1月2日", date(2024, 12, 31), date(2025, 1, 2)),
        ("1月1日至3日", date(2025, 1, 1), date(2025, 1, 3)),
        ("1月30日至2日", date(2025, 1, 30), date(2025, 2, 2)),
    ],
)
def test_month_and_year_carry(phrase: str, first: date, last: date) -> None:
    n = (last - first).days + 1
    parsed = parse_holiday_notice(f"{TITLE_2025}一、元旦：{phrase}放假，共{n}天。")
    assert list(parsed.holidays) == days(first, last)


def test_weekend_bridge_invents_no_weekend_days() -> None:
    parsed = parse_holiday_notice(f"{TITLE_2025}五、端午节：5月31日放假，与周末连休。")
    assert dict(parsed.holidays) == {date(2025, 5, 31): "端午节"}


def test_compensatory_day_off_is_a_holiday() -> None:
    parsed = parse_holiday_notice(
        f"{TITLE_2025}三、清明节：4月5日放假，4月7日（星期一）补休。"
    )
    assert list(parsed.holidays) == [date(2025, 4, 5), date(2025, 4, 7)]


@pytest.mark.parametrize(
    "phrase", ["1月1日放假1天，不调休。", "1月1日放假，共1天。", "1月1日放假。"]
)
def test_single_day(phrase: str) -> None:
    parsed = parse_holiday_notice(f"{TITLE_2025}一、元旦：{phrase}")
    assert dict(parsed.holidays) == {date(2025, 1, 1): "元旦"}
    assert parsed.makeup_workdays == {}


def test_combined_item_names_days_and_makeup_days() -> None:
    parsed = parse_holiday_notice(
        f"{TITLE_2025}六、中秋节、国庆节：10月1日至8日放假调休，共8天。9月28日（周日）、10月11日（周六）上班。"
    )
    assert set(parsed.holidays.values()) == {"中秋节、国庆节"}
    assert dict(parsed.makeup_workdays) == {
        date(2025, 9, 28): "中秋节、国庆节",
        date(2025, 10, 11): "中秋节、国庆节",
    }


@pytest.mark.parametrize(
    "paren",
    [
        "（星期二）",
        "（周二）",
        "(周二)",
        "（农历除夕、周二）",
        "（农历除夕至正月初六）",
        "（星期二，农历除夕）",
        "",
    ],
)
def test_parenthesised_weekdays_and_lunar_dates(paren: str) -> None:
    parsed = parse_holiday_notice(
        f"{TITLE_2025}二、春节：1月28日{paren}至2月4日放假调休，共8天。"
    )
    assert list(parsed.holidays) == days(date(2025, 1, 28), date(2025, 2, 4))


@pytest.mark.parametrize(
    "paren", ["（星期三）", "（周三）", "（礼拜三）", "（农历除夕、周三）"]
)
def test_wrong_weekday_is_an_error(paren: str) -> None:
    message = error_of(f"{TITLE_2025}二、春节：1月28日{paren}至2月4日放假调休，共8天。")
    assert message == "2025年1月28日是星期二，但通知括号中写的是星期三。"


@pytest.mark.parametrize(
    "item",
    [
        "一、元旦：1月1日放假1天。",
        "一、元旦:1月1日放假1天。",
        "一、元旦1月1日放假1天。",
        "一、元旦 1月1日放假1天。",
        "一、元旦：\n1月1日放假1天。",
        "1.元旦：1月1日放假1天。",
    ],
)
def test_item_heading_forms(item: str) -> None:
    parsed = parse_holiday_notice(TITLE_2025 + item)
    assert dict(parsed.holidays) == {date(2025, 1, 1): "元旦"}


def test_items_on_one_line() -> None:
    parsed = parse_holiday_notice(
        f"{TITLE_2025}一、元旦：1月1日放假1天。 二、清明节：4月4日至6日放假，共3天。"
    )
    assert set(parsed.holidays.values()) == {"元旦", "清明节"}


def test_makeup_days_only_from_clauses_ending_in_work() -> None:
    parsed = parse_holiday_notice(
        f"{TITLE_2025}二、春节：1月28日至2月4日放假调休，共8天。1月26日（周日）、2月8日（周六）上班。"
        "2月5日（星期三）起正常上班。"
    )
    assert list(parsed.makeup_workdays) == [date(2025, 1, 26), date(2025, 2, 8)]


def test_advice_and_closing_paragraph_yield_nothing() -> None:
    parsed = parse_holiday_notice(
        f"{TITLE_2025}二、春节：2月10日至17日放假调休，共8天。"
        "鼓励各单位结合带薪年休假等制度落实，安排职工在除夕（2月9日）休息。\n"
        "节假日期间，各地区、各部门要妥善安排好值班和安全、保卫等工作，3月1日放假。\n国务院办公厅\n2024年11月12日"
    )
    assert list(parsed.holidays) == days(date(2025, 2, 10), date(2025, 2, 17))


def test_rule_descriptions_without_notice_marker_yield_nothing() -> None:
    parsed = parse_holiday_notice(
        f"{TITLE_2025}自2025年1月1日起施行，国庆节自10月1日起放假调休7天。\n一、元旦：1月1日放假1天。"
    )
    assert list(parsed.holidays) == [date(2025, 1, 1)]


def test_full_width_digits_and_half_width_punctuation() -> None:
    full = parse_holiday_notice(
        f"{TITLE_2025}一、元旦：１月１日（周三）放假１天，不调休。"
    )
    half = parse_holiday_notice(f"{TITLE_2025}一、元旦:1月1日(周三)放假1天,不调休.")
    assert dict(full.holidays) == dict(half.holidays) == {date(2025, 1, 1): "元旦"}


def test_ascii_angle_brackets_are_not_html() -> None:
    parsed = parse_holiday_notice(
        "根据国务院《关于修改<全国年节及纪念日放假办法>的决定》，现将2010年安排通知如下。\n"
        "一、元旦：1月1日至3日放假公休，共3天。"
    )
    assert list(parsed.holidays) == days(date(2010, 1, 1), date(2010, 1, 3))


def test_html_snippet_with_entities() -> None:
    parsed = parse_holiday_notice(
        "<div><p>国务院办公厅关于2025年部分节假日安排的通知</p>"
        "<p>&nbsp;&nbsp;一、元旦&#65306;1月1日&#65288;周三&#65289;放假1天&#65292;不调休。</p></div>"
    )
    assert dict(parsed.holidays) == {date(2025, 1, 1): "元旦"}


def test_title_comes_from_the_document_not_the_sidebar() -> None:
    parsed = parse_holiday_notice(read("2025_govcn.html"))
    assert parsed.title == "国务院办公厅关于2025年部分节假日安排的通知"
    assert date(2024, 2, 10) not in parsed.holidays  # the "related" box's 2024 text
    page = (
        "<html><body><ul><li><a href='/x'>国务院办公厅关于2023年部分节假日安排的通知</a></li></ul>"
        "<p>现将2024年元旦放假安排通知如下。</p><p>一、元旦：1月1日放假，与周末连休。</p></body></html>"
    )
    untitled = parse_holiday_notice(page)
    assert (untitled.title, untitled.year) == ("", 2024)


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("元旦", "元旦"),
        ("“五一”国际劳动节", "劳动节"),
        ("五一", "劳动节"),
        ("“十一”", "国庆节"),
        ("清明", "清明节"),
        ("国庆节、中秋节", "国庆节、中秋节"),
        ("中秋国庆", "中秋节、国庆节"),
        ("火把节", None),
        ("各地区、各部门要抓紧做好本地区工作", None),
    ],
)
def test_canonical_holiday_names(heading: str, expected: str | None) -> None:
    assert canonical_holiday_name(heading) == expected


def test_unknown_heading_is_kept_with_a_warning() -> None:
    parsed = parse_holiday_notice(
        f"{TITLE_2025}八、火把节：7月24日至30日放假调休，共7天。"
    )
    assert set(parsed.holidays.values()) == {"火把节"}
    assert parsed.warnings == (
        "第八项的标题“火把节”不是已知的节日名称"
        "（元旦、春节、清明节、劳动节、端午节、中秋节、国庆节），已按原文使用。",
    )


# --- validation ---------------------------------------------------------------


def test_makeup_day_must_be_a_weekend() -> None:
    message = error_of(
        f"{TITLE_2025}二、春节：1月28日至2月4日放假调休，共8天。1月27日（星期一）上班。"
    )
    assert message == "2025年1月27日是星期一，不是星期六或星期日，不能作为调休上班日。"


def test_stated_length_must_match_the_span() -> None:
    message = error_of(f"{TITLE_2025}二、春节：1月28日至2月4日放假调休，共7天。")
    assert message == "“春节”写明共7天，但2025年1月28日至2025年2月4日是8天。"
    message = error_of(f"{TITLE_2025}一、元旦：1月1日放假2天。")
    assert "“元旦”写明共2天" in message


def test_impossible_date() -> None:
    message = error_of(f"{TITLE_2025}二、春节：2月28日至30日放假调休，共3天。")
    assert "日期“30日”不存在。" in message
    assert "日期“2月30日”不存在。" in error_of(f"{TITLE_2025}二、春节：2月30日放假。")


def test_title_year_must_match_the_body() -> None:
    message = error_of(
        "国务院办公厅关于2024年部分节假日安排的通知\n现将2025年元旦放假安排通知如下。\n"
        "一、元旦：1月1日放假1天。"
    )
    assert message == "标题中的年份（2024年）与正文所说的年份（2025年）不一致。"


def test_expected_year_names_both_years() -> None:
    message = error_of(read("2025.txt"), expected_year=2024)
    assert message == "这是2025年的通知，但需要的是2024年的通知。"


def test_day_both_holiday_and_makeup() -> None:
    message = error_of(
        f"{TITLE_2025}二、春节：1月28日至2月4日放假调休，共8天。2月1日（周六）上班。"
    )
    assert message == "2025年2月1日既被列为放假日，又被列为调休上班日。"


def test_all_problems_are_reported_together() -> None:
    message = error_of(
        f"{TITLE_2025}一、元旦：1月1日（周四）放假，共2天。\n二、春节：2月30日放假。\n"
        "三、清明节：4月4日至6日放假，共3天。4月7日（星期一）上班。"
    )
    lines = message.split("\n")
    assert lines == [
        "2025年1月1日是星期三，但通知括号中写的是星期四。",
        "“元旦”写明共2天，但只列出了2025年1月1日这1天。",
        "日期“2月30日”不存在。",
        "2025年4月7日是星期一，不是星期六或星期日，不能作为调休上班日。",
    ]


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("现将2025年元旦放假安排通知如下。\n一、元旦：1月1日放假1天。", 2025),
        ("一、元旦：2026年1月1日至3日放假调休，共3天。1月4日（周日）上班。", 2026),
    ],
)
def test_year_without_title(text: str, year: int) -> None:
    parsed = parse_holiday_notice(text)
    assert (parsed.title, parsed.year, parsed.kind) == ("", year, "arrangement")


def test_no_year_at_all() -> None:
    assert error_of("一、元旦：1月1日放假1天。").startswith(
        "未能识别节假日安排：无法确定通知所安排的年份"
    )


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t",
        "Holiday notice: New Year's Day, January 1, 2025, is a day off.",
        "<html><head><title>Page</title></head><body><p>Nothing here.</p></body></html>",
        "国务院办公厅关于印发“十四五”现代物流发展规划的通知\n2022年12月15日",
        TITLE_2025 + "节假日期间，各地区、各部门要妥善安排好值班和安全、保卫等工作。",
    ],
)
def test_unrecognised_texts(text: str) -> None:
    assert error_of(text).startswith("未能识别")


@pytest.mark.parametrize(
    "value", [None, b"\xe5\x85\x83\xe6\x97\xa6", 2025, ["1月1日放假"]]
)
def test_non_text_input_raises_only_notice_parse_error(value: object) -> None:
    assert error_of(value).startswith("未能识别")  # type: ignore[arg-type]


def test_garbage_raises_only_notice_parse_error() -> None:
    rng = random.Random(20250101)  # noqa: S311 -- reproducible fuzzing, not crypto
    alphabet = "0123456789年月日至放假调休上班共天，。：（）()、星期周一二三四五六日〔〕<p>&nbsp;国务院关于的通知其中鼓励延长假期春节-—~\n 　"
    samples = [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 120)))
        for _ in range(400)
    ]
    for name in (
        "2008.txt",
        "2025.txt",
        "2025_govcn.html",
        "2020_spring_festival_extension.txt",
    ):
        text = read(name)
        for _ in range(40):
            cut = rng.randrange(len(text))
            samples += [text[:cut], text[cut:]]
            chars = list(text)
            for _ in range(6):
                chars[rng.randrange(len(chars))] = rng.choice(alphabet)
            samples.append("".join(chars))
    samples += [
        "9999年99月99日放假",
        "0000年1月1日放假",
        "2025年1月1日至9999年12月31日放假",
        "<" * 500,
    ]
    for sample in samples:
        try:
            parse_holiday_notice(sample)
        except NoticeParseError:
            pass


# --- output ------------------------------------------------------------------


def test_to_json_shape() -> None:
    parsed = parse_holiday_notice(
        f"{TITLE_2025}国办发明电〔2024〕12号\n"
        "一、元旦：1月1日放假1天。\n二、春节：1月28日至29日放假调休，共2天。1月26日（周日）上班。"
    )
    data = parsed.to_json()
    assert list(data) == [
        "year",
        "kind",
        "document_number",
        "holidays",
        "makeup_workdays",
        "warnings",
    ]
    assert data == {
        "year": 2025,
        "kind": "arrangement",
        "document_number": "国办发明电〔2024〕12号",
        "holidays": {"2025-01-01": "元旦", "2025-01-28": "春节", "2025-01-29": "春节"},
        "makeup_workdays": ["2025-01-26"],
        "warnings": [],
    }
    assert list(notice(2025).to_json()["holidays"]) == sorted(
        notice(2025).to_json()["holidays"]
    )


def test_days_outside_year_are_listed_and_warned() -> None:
    parsed = notice(2023)
    assert parsed.days_outside_year() == [date(2022, 12, 31)]
    assert parsed.warnings == (
        "2022年12月31日（元旦，放假）不在2023年内，不会写入2023年的安排；请在2022年的安排中核对。",
    )
    assert date(2022, 12, 31) not in to_arrangement(parsed).holidays
    warned = notice(2019).warnings
    assert (
        "2018年12月29日（元旦，调休上班）不在2019年内，不会写入2019年的安排；请在2018年的安排中核对。"
        in warned
    )


def test_to_arrangement_source() -> None:
    arrangement = to_arrangement(notice(2025))
    assert (
        arrangement.source
        == "国务院办公厅关于2025年部分节假日安排的通知 国办发明电〔2024〕12号"
    )
    assert to_arrangement(notice(2025), source="x").source == "x"


def test_working_day_differences_lines() -> None:
    package = package_arrangements()[2025]
    parsed = notice(2025)
    assert working_day_differences(parsed, package) == []
    changed = YearArrangement(
        2025,
        {d: n for d, n in package.holidays.items() if d != date(2025, 5, 5)},
        package.makeup_workdays - {date(2025, 4, 27)},
    )
    assert working_day_differences(parsed, changed) == [
        "2025年4月27日：通知为调休上班，chinese-calendar为周末休息",
        "2025年5月5日：通知为放假，chinese-calendar为工作日",
    ]
    renamed = YearArrangement(
        2025, dict.fromkeys(package.holidays, "x"), package.makeup_workdays
    )
    assert working_day_differences(parsed, renamed) == []


def test_html_to_text() -> None:
    text = html_to_text(
        "<html><head><style>p{}</style><script>var a = '1月1日放假';</script></head>"
        "<body><p>一、元旦&#65306;1月1日&nbsp;放假</p><p>a &lt; b<br>二、春节</p><!-- 3月1日放假 --></body></html>"
    )
    assert text == "一、元旦：1月1日 放假\na < b\n二、春节"


def test_module_is_pure_python() -> None:
    tree = ast.parse(Path(holiday_notice.__file__).read_text(encoding="utf-8"))
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {
        node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
    }
    assert not any(name.startswith("django") for name in imported)
