"""Read the State Council's holiday notices: pure rules, no Django.

《国务院办公厅关于YYYY年部分节假日安排的通知》 arranges a year's holidays (放假) and
调休 makeup working days; amendments such as 《国务院办公厅关于调整2019年劳动节假期
安排的通知》 replace one holiday. The notice may be plain text or a saved web page.
The reader works clause by clause (split at ，；： outside parentheses): a clause
with dates and 放假 (or ending in 补休) gives holidays, a clause ending in 上班 gives
makeup days. Everything else, such as the 2008-era "其中，…为法定节假日…" explanations
and the "鼓励…在除夕休息" advice, gives nothing. Every problem is collected and
raised together as one ``NoticeParseError`` with a Chinese message.
"""

from __future__ import annotations

import html as html_lib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from types import MappingProxyType

from notices.rules.workingdays import YearArrangement

ARRANGEMENT = "arrangement"
AMENDMENT = "amendment"
# A makeup day this close to a holiday belongs to it (see apply_amendment).
MAKEUP_REACH_DAYS = 10
# No real holiday is longer; the cap also bounds work on hostile input.
MAX_SPAN_DAYS = 31
WEEKDAY_NAMES = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")

_KEYWORDS = {
    "元旦": "元旦",
    "新年": "元旦",
    "春节": "春节",
    "清明": "清明节",
    "劳动": "劳动节",
    "五一": "劳动节",
    "端午": "端午节",
    "中秋": "中秋节",
    "国庆": "国庆节",
    "十一": "国庆节",
}
_KEYWORD_RE = re.compile("|".join(_KEYWORDS))
_QUOTES_RE = re.compile(r"[“”‘’\"'「」『』《》〈〉\s]")
_DATE_RE = re.compile(
    r"(?<!\d)(?:(?P<y>\d{4})\s*年\s*)?(?:(?P<m>\d{1,2})\s*月\s*)?(?P<d>\d{1,2})\s*日"
    r"(?P<paren>\s*\([^()]*\))?"
)
_RANGE_GAP_RE = re.compile(r"\s*(?:至|到|~|〜|-+|—+|–+|―+)\s*")
_WEEKDAY_RE = re.compile(r"(?:星期|礼拜|周)([一二三四五六日天])")
_COUNT_RE = re.compile(r"共\s*(\d{1,3})\s*天")
_OFF_COUNT_RE = re.compile(r"放假\s*(\d{1,3})\s*天")
_ITEM_RE = re.compile(r"^\s*(?P<num>[一二三四五六七八九十]{1,3}|\d{1,2})\s*[、.]\s*")
_HEAD_COLON_RE = re.compile(r"\s*(?P<head>[^\d:,。;()]{1,24}?)\s*:\s*")
_HEAD_BARE_RE = re.compile(r"\s*(?P<head>[^\d:,。;()]{1,12}?)\s*(?=\d)")
_TITLE_RE = re.compile(r"国务院(?:办公厅)?关于[^。;,:《》<>]{1,80}?的通知")
_TITLE_NAME_RE = re.compile(
    r"关于(?:调整|延长)?(?:\d{4}年)?(?P<name>.+?)(?:假期安排|放假安排|调休放假|假期|放假)"
)
_DOC_RE = re.compile(
    r"(?P<org>国\s*(?:务\s*院\s*)?(?:办\s*)?发\s*(?:明\s*电)?)\s*[〔\[(【]\s*(?P<y>\d{4})\s*"
    r"[〕\])】]\s*(?P<n>\d{1,4})\s*号"
)
# The year the body speaks of: "现将2025年…", "延长2020年春节假期", "2020年春节假期延长".
_BODY_YEAR_RE = re.compile(
    r"(?:现[将就][^\d。]{0,12}?|延长)(\d{4})年|(\d{4})年[^\d。,]{1,12}?假期延长"
)
_START_RE = re.compile(r"(?:通知|安排|调整)如下|作如下")
_END_RE = re.compile(r"妥善安排好?值班")
_EXTEND_RE = re.compile(
    r"(?:延长\s*(?:\d{4}\s*年)?\s*(?P<a>[^\s\d,;:。()]{1,12}?)\s*假期\s*至"
    r"|(?:\d{4}\s*年)?(?P<b>[^\s\d,;:。()]{1,12}?)\s*假期\s*延长\s*至)\s*"
)
# Advice and rule descriptions name dates without making them days off:
# "鼓励…安排职工在除夕（2月9日）休息", "自2025年1月1日起施行".
_ADVICE_RE = re.compile(r"鼓励|倡导|建议|提倡")
_RULE_RE = re.compile(r"自.{0,20}起")
_NOT_MAKEUP_RE = re.compile(r"(?:起|正常|照常)\s*上班")
_HTML_RE = re.compile(
    r"<\s*(?:!doctype|html|head|body|p|div|br|span|table|td|tr|h[1-6]|title|meta|a|li|font)\b[^>]*>",
    re.IGNORECASE,
)


class NoticeParseError(ValueError):
    """The text cannot be read as a holiday notice; str(exc) is a clear Simplified-Chinese message."""


@dataclass(frozen=True)
class ParsedNotice:
    """What a holiday notice says, days in date order, names official."""

    year: int
    kind: str
    title: str
    document_number: str
    holidays: Mapping[date, str]
    makeup_workdays: Mapping[date, str]
    amended_holidays: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    def to_json(self) -> dict:
        """The notice as JSON-ready data: ISO dates, sorted, fixed key order."""
        return {
            "year": self.year,
            "kind": self.kind,
            "document_number": self.document_number,
            "holidays": {d.isoformat(): n for d, n in sorted(self.holidays.items())},
            "makeup_workdays": [d.isoformat() for d in sorted(self.makeup_workdays)],
            "warnings": list(self.warnings),
        }

    def days_outside_year(self) -> list[date]:
        """Days the notice defines that lie in another year (e.g. 12月31日 for 元旦)."""
        days = set(self.holidays) | set(self.makeup_workdays)
        return sorted(d for d in days if d.year != self.year)


def format_day(day: date) -> str:
    """A date the way the notices write it: "2025年5月1日"."""
    return f"{day.year}年{day.month}月{day.day}日"


def canonical_holiday_name(text: str) -> str | None:
    """The official name(s) a short heading stands for.

    Args:
        text: an item heading such as "“五一”国际劳动节" or "国庆节、中秋节".

    Returns:
        "劳动节", or "国庆节、中秋节" (several names keep the written order); None
        when a part of the heading is no known holiday.
    """
    names: list[str] = []
    for part in re.split(r"[、,和及与/]", _QUOTES_RE.sub("", text)):
        if not part:
            continue
        found = [_KEYWORDS[m.group()] for m in _KEYWORD_RE.finditer(part)]
        if not found or len(part) > 10:
            return None
        names.extend(n for n in found if n not in names)
    return "、".join(names) if names else None


def html_to_text(html: str) -> str:
    """Strip tags, scripts and styles, unescape entities; one paragraph per line.

    Args:
        html: a saved web page or an HTML fragment.

    Returns:
        The visible text, block elements and <br> as line breaks, spaces collapsed.
    """
    s = re.sub(r"(?s)<!--.*?-->", " ", html)
    s = re.sub(r"(?is)<(script|style|noscript|template)\b.*?</\1\s*>", " ", s)
    s = re.sub(r"(?i)<br\s*/?>", "\n", s)
    s = re.sub(
        r"(?i)</?(?:p|div|li|ul|ol|tr|table|tbody|thead|h[1-6]|title|section|article|header|"
        r"footer|nav|aside|blockquote|dl|dt|dd|pre|form|body|html|head)\b[^>]*>",
        "\n",
        s,
    )
    s = re.sub(r"(?i)</?(?:td|th)\b[^>]*>", " ", s)
    s = html_lib.unescape(re.sub(r"<[^>]*>", "", s))
    lines = (re.sub(r"[^\S\n]+", " ", line).strip() for line in s.splitlines())
    return "\n".join(line for line in lines if line)


def parse_holiday_notice(
    text: str, *, expected_year: int | None = None, base: YearArrangement | None = None
) -> ParsedNotice:
    """Read a holiday notice given as plain text or as HTML.

    Args:
        text: the notice, or a saved page holding it.
        expected_year: when given, the notice must arrange this year.
        base: the year's existing arrangement; needed only by notices that extend a
            holiday ("延长…假期至…"), whose days depend on it.

    Returns:
        The holidays (named), the makeup working days and non-blocking warnings.

    Raises:
        NoticeParseError: anything blocking, every problem named; it is the only
            exception this function raises, whatever the input.
    """
    try:
        return _Reader(text, expected_year, base).read()
    except NoticeParseError:
        raise
    except Exception as exc:  # the promise: no other exception type escapes
        raise NoticeParseError(
            f"未能识别节假日安排：读取时出错（{type(exc).__name__}）。"
        ) from exc


def to_arrangement(parsed: ParsedNotice, source: str = "") -> YearArrangement:
    """The notice's days inside its own year, as a ``YearArrangement``.

    Args:
        parsed: a parsed notice.
        source: the arrangement's source; by default the title and document number.

    Returns:
        The arrangement; days in other years (see ``days_outside_year``) are left out.
    """
    return YearArrangement(
        year=parsed.year,
        holidays={d: n for d, n in parsed.holidays.items() if d.year == parsed.year},
        makeup_workdays=frozenset(
            d for d in parsed.makeup_workdays if d.year == parsed.year
        ),
        source=source or f"{parsed.title} {parsed.document_number}".strip(),
    )


def apply_amendment(
    base: YearArrangement,
    parsed: ParsedNotice,
    base_makeup_names: Mapping[date, str] | None = None,
) -> YearArrangement:
    """Replace the holiday(s) an amendment names, keeping the rest of ``base``.

    Base holidays named in ``parsed.amended_holidays`` are dropped, with their makeup
    days; then the amendment's days (inside the year) are added. ``YearArrangement``
    does not store which holiday a makeup day belongs to: pass
    ``base_makeup_names`` for that. Without it, a base makeup day is taken to belong
    to the replaced holiday when it lies within ``MAKEUP_REACH_DAYS`` (10) days of
    any removed or added holiday day, which holds for every notice since 2007.

    Args:
        base: the year's arrangement before the amendment.
        parsed: the amendment (``kind == "amendment"``) for the same year.
        base_makeup_names: the holiday each base makeup day belongs to, if known.

    Returns:
        The amended arrangement.

    Raises:
        ValueError: ``parsed`` is not an amendment of ``base.year``.
    """
    if parsed.kind != AMENDMENT or parsed.year != base.year:
        raise ValueError(
            f"not an amendment of {base.year}: {parsed.kind} {parsed.year}"
        )
    removed = set(parsed.amended_holidays)
    dropped = [d for d, n in base.holidays.items() if _names_overlap(n, removed)]
    holidays = {d: n for d, n in base.holidays.items() if d not in set(dropped)}
    added = [d for d in parsed.holidays if d.year == base.year]
    if base_makeup_names is not None:
        makeup = {
            d
            for d in base.makeup_workdays
            if not _names_overlap(base_makeup_names.get(d, ""), removed)
        }
    else:
        near = [*dropped, *added]
        makeup = {
            d for d in base.makeup_workdays if not _within(d, near, MAKEUP_REACH_DAYS)
        }
    for day in added:
        holidays[day] = parsed.holidays[day]
        makeup.discard(day)
    for day in parsed.makeup_workdays:
        if day.year == base.year:
            makeup.add(day)
            holidays.pop(day, None)
    source = "; ".join(
        p
        for p in (base.source, f"{parsed.title} {parsed.document_number}".strip())
        if p
    )
    return YearArrangement(
        base.year, dict(sorted(holidays.items())), frozenset(makeup), source
    )


def working_day_differences(
    parsed_or_arrangement: ParsedNotice | YearArrangement,
    other: YearArrangement,
    *,
    labels: tuple[str, str] = ("通知", "chinese-calendar"),
) -> list[str]:
    """Name each day of the year whose working status differs between the two.

    Only working status (and being a makeup day) counts: a weekend that one side
    calls a holiday and the other a plain weekend is no difference, nor are names.

    Args:
        parsed_or_arrangement: a parsed notice (its days inside its year) or an
            arrangement.
        other: the arrangement to compare with, e.g. chinese-calendar's.
        labels: how the lines name the two sides.

    Returns:
        Lines such as "2025年5月5日：通知为放假，chinese-calendar为工作日"; [] when equal.
    """
    first = (
        to_arrangement(parsed_or_arrangement)
        if isinstance(parsed_or_arrangement, ParsedNotice)
        else parsed_or_arrangement
    )
    lines = []
    day = date(first.year, 1, 1)
    while day.year == first.year:
        a, b = _status(first, day), _status(other, day)
        if a[:2] != b[:2]:
            lines.append(f"{format_day(day)}：{labels[0]}为{a[2]}，{labels[1]}为{b[2]}")
        day += timedelta(days=1)
    return lines


def _status(arrangement: YearArrangement, day: date) -> tuple[bool, bool, str]:
    """(is working, is makeup, Chinese word) for one day."""
    if day in arrangement.makeup_workdays:
        return True, True, "调休上班"
    if day in arrangement.holidays:
        return False, False, "放假"
    if day.weekday() >= 5:
        return False, False, "周末休息"
    return True, False, "工作日"


def _names_overlap(name: str, names: set[str]) -> bool:
    return name in names or any(part in names for part in name.split("、"))


def _within(day: date, others: Iterable[date], reach: int) -> bool:
    return any(abs((day - o).days) <= reach for o in others)


def _clauses(sentence: str) -> list[str]:
    """Split at ，；： outside parentheses: "（农历正月初九，星期日）" stays whole."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(sentence):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(depth - 1, 0)
        elif depth == 0 and ch in ",;:":
            parts.append(sentence[start:i])
            start = i + 1
    parts.append(sentence[start:])
    return [p.strip() for p in parts if p.strip()]


def _sentence_start(text: str, pos: int) -> int:
    return max(text.rfind("。", 0, pos), text.rfind("\n", 0, pos)) + 1


@dataclass
class _Segment:
    """A numbered item (or the unnumbered text around items) of the notice."""

    number: str
    body: str
    head: str = ""
    name: str | None = None


@dataclass
class _Reader:
    """One parse: the text, the collected days, problems and warnings."""

    raw: object
    expected_year: int | None
    base: YearArrangement | None
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    holidays: dict[date, str] = field(default_factory=dict)
    makeup: dict[date, str] = field(default_factory=dict)
    year: int = 0
    prev: date | None = None
    label: str = ""

    def read(self) -> ParsedNotice:
        """Title and year first, then the body item by item, then validation."""
        text, compact, title, body_year = self._text_and_title()
        region = _body_region(text)
        self.year = self._decide_year(title, body_year, region, compact)
        amendment = _is_amendment(title, compact)
        doc_name = _title_holiday_name(title) if amendment else None
        for segment in _segments(region):
            self._read_segment(segment, doc_name)
        extension = self._read_extension(region)
        if not self.holidays and not self.makeup and not extension:
            self.problems.insert(
                0, "未能识别节假日安排：没有找到“某月某日……放假”或“……上班”的条目。"
            )
        self._validate()
        if self.problems:
            # A date read twice (e.g. by the extension pass) is reported once.
            raise NoticeParseError("\n".join(dict.fromkeys(self.problems)))
        self._warn_outside_year()
        amended: tuple[str, ...] = ()
        if extension:
            amended = (extension,)
        elif amendment:
            amended = _split_names(doc_name, self.holidays.values())
        return ParsedNotice(
            year=self.year,
            kind=AMENDMENT if amendment or extension else ARRANGEMENT,
            title=title,
            document_number=_document_number(text, self.year),
            holidays=MappingProxyType(dict(sorted(self.holidays.items()))),
            makeup_workdays=MappingProxyType(dict(sorted(self.makeup.items()))),
            amended_holidays=amended,
            warnings=tuple(self.warnings),
        )

    def _text_and_title(self) -> tuple[str, str, str, int | None]:
        """The normalised text, its whitespace-free copy, the title, the body's year."""
        if not isinstance(self.raw, str):
            raise NoticeParseError("未能识别节假日安排：输入不是文本。")
        is_html = bool(_HTML_RE.search(self.raw))
        text = _normalise(html_to_text(self.raw) if is_html else self.raw)
        if not text.strip():
            raise NoticeParseError("未能识别节假日安排：文本是空的。")
        compact = re.sub(r"\s+", "", text)
        body_year = _int_or_none(_BODY_YEAR_RE.search(compact))
        if not is_html:
            return text, compact, _pick_title([], compact, body_year), body_year
        # Links (sidebars, "related documents") never hold the page's own title.
        unlinked = html_to_text(re.sub(r"(?is)<a\b[^>]*>.*?</a\s*>", " ", self.raw))
        unlinked = re.sub(r"\s+", "", _normalise(unlinked))
        return (
            text,
            compact,
            _pick_title(_html_titles(self.raw), unlinked, body_year),
            body_year,
        )

    def _decide_year(
        self, title: str, body_year: int | None, region: str, compact: str
    ) -> int:
        """The title's year, else the body's "现将YYYY年", else the first full date."""
        title_year = _int_or_none(re.search(r"(\d{4})年", title))
        if title_year and body_year and title_year != body_year:
            self.problems.append(
                f"标题中的年份（{title_year}年）与正文所说的年份（{body_year}年）不一致。"
            )
        year = title_year or body_year
        for source in (region, compact):
            year = year or _int_or_none(
                re.search(r"(?<!\d)(\d{4})\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日", source)
            )
        if year is None or not 1949 <= year <= 2100:
            raise NoticeParseError(
                "未能识别节假日安排：无法确定通知所安排的年份（标题和正文中都没有合理的“YYYY年”）。"
            )
        if self.expected_year is not None and year != self.expected_year:
            self.problems.append(
                f"这是{year}年的通知，但需要的是{self.expected_year}年的通知。"
            )
        return year

    def _read_segment(self, segment: _Segment, doc_name: str | None) -> None:
        name = (
            segment.name
            or segment.head
            or doc_name
            or _keyword_name(segment.body)
            or "节假日"
        )
        self.label = segment.head or name
        self.prev = None  # yearless dates resolve against the item's own dates
        before = len(self.holidays) + len(self.makeup)
        for sentence in re.split(r"。|\n|(?<=\D)\.", segment.body):
            if not _ADVICE_RE.search(sentence):
                self._read_sentence(sentence, name)
        if len(self.holidays) + len(self.makeup) == before:
            return
        item = f"第{segment.number}项" if segment.number else "正文"
        if segment.head and segment.name is None:
            self.warnings.append(
                f"{item}的标题“{segment.head}”不是已知的节日名称"
                "（元旦、春节、清明节、劳动节、端午节、中秋节、国庆节），已按原文使用。"
            )
        elif name == "节假日":
            self.warnings.append(f"{item}没有写明节日名称，暂记为“节假日”。")

    def _read_sentence(self, sentence: str, name: str) -> None:
        """Holidays from 放假/补休 clauses, makeup days from clauses ending in 上班.

        After "其中" (2007-2009 notices) the rest of the sentence only explains the
        span already given: "…为法定节假日，…照常公休，将…调至…". Its 上班 clause
        still names the makeup days; nothing else in it adds a day.
        """
        explanatory = False
        sentence_days: list[date] = []
        for clause in _clauses(sentence):
            explanatory = explanatory or clause.startswith("其中")
            groups = self._dates(clause)
            days = [d for group in groups for d in group]
            if clause.endswith("上班") and not _NOT_MAKEUP_RE.search(clause):
                for day in days:
                    self.makeup.setdefault(day, name)
            elif ("放假" in clause or clause.endswith("补休")) and not explanatory:
                if _RULE_RE.search(clause):
                    continue
                for day in days:
                    self._add_holiday(day, name)
                sentence_days.extend(days)
                self._check_count(_OFF_COUNT_RE.search(clause), days)
            if not explanatory:
                self._check_count(_COUNT_RE.search(clause), sentence_days)

    def _add_holiday(self, day: date, name: str) -> None:
        known = self.holidays.setdefault(day, name)
        if known != name:
            self.warnings.append(
                f"{format_day(day)}同时出现在“{known}”和“{name}”中，按“{known}”记录。"
            )

    def _check_count(self, match: re.Match[str] | None, days: list[date]) -> None:
        if match is None or not days:
            return
        first, last = min(days), max(days)
        stated, actual = int(match.group(1)), (last - first).days + 1
        if stated != actual:
            listed = (
                f"只列出了{format_day(first)}这1天"
                if first == last
                else f"{format_day(first)}至{format_day(last)}是{actual}天"
            )
            self.problems.append(f"“{self.label}”写明共{stated}天，但{listed}。")

    def _dates(self, clause: str) -> list[list[date]]:
        """The clause's dates, each range expanded, every date checked."""
        groups: list[list[date]] = []
        last_end, can_extend = 0, False
        for match in _DATE_RE.finditer(clause):
            gap = clause[last_end : match.start()]
            in_range = can_extend and bool(_RANGE_GAP_RE.fullmatch(gap))
            day = self._resolve(match, groups[-1][0] if in_range else None)
            last_end, can_extend = match.end(), day is not None and not in_range
            if day is not None and in_range:
                groups[-1] = self._span(groups[-1][0], day)
            elif day is not None:
                groups.append([day])
        return groups

    def _span(self, first: date, last: date) -> list[date]:
        length = (last - first).days + 1
        if not 1 <= length <= MAX_SPAN_DAYS:
            self.problems.append(
                f"“{self.label}”的放假期间{format_day(first)}至{format_day(last)}不合理（共{length}天）。"
            )
            return [first]
        return [first + timedelta(days=i) for i in range(length)]

    def _resolve(self, match: re.Match[str], range_start: date | None) -> date | None:
        """The date a token stands for: a missing year or month comes from context."""
        raw = re.sub(r"\s+", "", match.group(0).split("(")[0])
        day_n = int(match.group("d"))
        year = int(match.group("y")) if match.group("y") else None
        month = int(match.group("m")) if match.group("m") else None
        if month is None:
            if self.prev is None:
                self.problems.append(f"日期“{raw}”没有写明月份，无法确定是哪一天。")
                return None
            year, month = self.prev.year, self.prev.month
            if range_start is not None and day_n < range_start.day:
                year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        elif year is None:
            year = self.year if self.prev is None else self.prev.year
            # "12月29日" after "2008年1月1日" means 2007: the nearer December.
            if self.prev is not None and month - self.prev.month > 6:
                year -= 1
            elif self.prev is not None and self.prev.month - month > 6:
                year += 1
        try:
            day = date(year, month, day_n)
        except ValueError:
            self.problems.append(f"日期“{raw}”不存在。")
            return None
        if not 1949 <= day.year <= 2100:
            self.problems.append(f"日期“{raw}”的年份不合理。")
            return None
        self.prev = day
        self._check_weekday(day, match.group("paren") or "")
        return day

    def _check_weekday(self, day: date, paren: str) -> None:
        named = {m.group(1) for m in _WEEKDAY_RE.finditer(paren)}
        if len(named) != 1:
            return  # none, or a range of weekdays: nothing single to check
        wanted = "一二三四五六日".index(named.pop().replace("天", "日"))
        if wanted != day.weekday():
            self.problems.append(
                f"{format_day(day)}是{WEEKDAY_NAMES[day.weekday()]}，"
                f"但通知括号中写的是{WEEKDAY_NAMES[wanted]}。"
            )

    def _read_extension(self, region: str) -> str | None:
        """ "延长2020年春节假期至2月2日": the holiday runs from its first day to there."""
        match = _EXTEND_RE.search(region)
        token = _DATE_RE.match(region, match.end()) if match else None
        if match is None or token is None:
            return None
        raw_name = match.group("a") or match.group("b") or ""
        name = canonical_holiday_name(raw_name) or raw_name
        self.label, self.prev = name, None
        new_end = self._resolve(token, None)
        if self.base is None or self.base.year != self.year:
            self.problems.append(
                f"这是延长{name}假期的通知，需要提供{self.year}年现有的放假安排才能确定放假日期。"
            )
            return name
        old_days = sorted(
            d for d, n in self.base.holidays.items() if _names_overlap(n, {name})
        )
        if not old_days or new_end is None:
            self.problems.append(
                f"{self.year}年现有的放假安排中没有“{name}”，无法延长。"
            )
            return name
        new_days = self._span(old_days[0], new_end)
        for day in new_days:
            self.holidays[day] = name
        for day in sorted(self.base.makeup_workdays):
            if old_days[0] <= day <= new_end:
                self.warnings.append(
                    f"{format_day(day)}原为调休上班日，因{name}假期延长而取消。"
                )
            elif _within(day, [*old_days, *new_days], MAKEUP_REACH_DAYS):
                self.makeup[day] = name
        return name

    def _validate(self) -> None:
        for day in sorted(self.makeup):
            if day.weekday() < 5:
                self.problems.append(
                    f"{format_day(day)}是{WEEKDAY_NAMES[day.weekday()]}，"
                    "不是星期六或星期日，不能作为调休上班日。"
                )
        for day in sorted(set(self.makeup) & set(self.holidays)):
            self.problems.append(
                f"{format_day(day)}既被列为放假日，又被列为调休上班日。"
            )

    def _warn_outside_year(self) -> None:
        days = [(d, n, "放假") for d, n in self.holidays.items()]
        days += [(d, n, "调休上班") for d, n in self.makeup.items()]
        for day, name, what in sorted(days):
            if day.year != self.year:
                self.warnings.append(
                    f"{format_day(day)}（{name}，{what}）不在{self.year}年内，"
                    f"不会写入{self.year}年的安排；请在{day.year}年的安排中核对。"
                )


def _normalise(text: str) -> str:
    """A working copy: NFKC turns full-width digits and ，：；（） into ASCII."""
    return unicodedata.normalize("NFKC", text).replace("\r\n", "\n").replace("\r", "\n")


def _body_region(text: str) -> str:
    """From the "现将…通知如下" sentence to the closing "…妥善安排好值班…" paragraph.

    Page navigation before and "related documents" after fall outside, and so do
    preambles such as 2025's "国庆节自10月1日起放假调休7天" (a rule, not a day off).
    """
    start_match = _START_RE.search(text)
    start = _sentence_start(text, start_match.start()) if start_match else 0
    end_match = _END_RE.search(text, start)
    return text[
        start : _sentence_start(text, end_match.start()) if end_match else len(text)
    ]


def _int_or_none(match: re.Match[str] | None) -> int | None:
    """The match's first group that matched, as an int."""
    return int(next(g for g in match.groups() if g)) if match else None


def _segments(region: str) -> list[_Segment]:
    """Numbered items "一、元旦：…" (a heading may stand on its own line) and the rest."""
    region = re.sub(r"(?<=[。;\s])\s*(?=[一二三四五六七八九十]{1,3}、)", "\n", region)
    segments = [_Segment("", "")]
    for line in region.split("\n"):
        marker = _ITEM_RE.match(line)
        if marker:
            segments.append(_Segment(marker.group("num"), line[marker.end() :]))
        else:
            segments[-1].body += "\n" + line
    for segment in segments[1:]:
        head = _HEAD_COLON_RE.match(segment.body) or _HEAD_BARE_RE.match(segment.body)
        if head is None:
            continue
        name = canonical_holiday_name(head.group("head"))
        if name is None and head.re is _HEAD_BARE_RE:
            continue  # "延长2020年春节假期至…": text before a date, not a heading
        segment.head, segment.name = head.group("head").strip(), name
        segment.body = segment.body[head.end() :]
    return segments


def _keyword_name(text: str) -> str | None:
    names = list(
        dict.fromkeys(_KEYWORDS[m.group()] for m in _KEYWORD_RE.finditer(text))
    )
    return names[0] if len(names) == 1 else None


def _html_titles(raw: str) -> list[str]:
    """Title candidates a page states outright: meta ArticleTitle, <h1>, <title>."""
    found = re.findall(
        r"(?is)<meta[^>]+name=[\"']?ArticleTitle[\"']?[^>]+content=[\"']([^\"']*)", raw
    )
    found += re.findall(r"(?is)<h1\b[^>]*>(.*?)</h1\s*>", raw)
    found += re.findall(r"(?is)<title\b[^>]*>(.*?)</title\s*>", raw)
    texts = (
        unicodedata.normalize("NFKC", html_lib.unescape(re.sub(r"<[^>]*>", "", t)))
        for t in found
    )
    return [re.sub(r"\s+", "", t) for t in texts]


def _pick_title(html_titles: list[str], compact: str, body_year: int | None) -> str:
    """The document's own title, not a sidebar link to another year's notice.

    A "标题:" field or the page's own title tags win; otherwise the title nearest
    before the body ("…通知如下", or the first 放假), preferring the body's year.
    """
    field_match = re.search(r"标题:(" + _TITLE_RE.pattern + ")", compact)
    for candidate in ([field_match.group(1)] if field_match else []) + html_titles:
        title = _TITLE_RE.search(candidate)
        if title and _is_holiday_title(title.group()):
            return title.group()
    anchor = _START_RE.search(compact) or re.search("放假", compact)
    limit = anchor.start() if anchor else len(compact)
    titles = [m for m in _TITLE_RE.finditer(compact) if _is_holiday_title(m.group())]
    before = [m.group() for m in titles if m.start() < limit]
    same_year = [t for t in before if body_year and f"{body_year}年" in t]
    if same_year or before:
        return (same_year or before)[-1]
    return titles[0].group() if titles else ""


def _is_holiday_title(title: str) -> bool:
    return any(word in title for word in ("节假日", "假期", "放假", "调休"))


def _is_amendment(title: str, compact: str) -> bool:
    if title:
        return "部分节假日安排" not in title
    return bool(re.search(r"现[将就](?:调整|延长)", compact))


def _title_holiday_name(title: str) -> str | None:
    match = _TITLE_NAME_RE.search(title)
    if match is None:
        return None
    return canonical_holiday_name(match.group("name")) or match.group("name")


def _split_names(doc_name: str | None, used: Iterable[str]) -> tuple[str, ...]:
    if doc_name:
        return tuple(doc_name.split("、"))
    return tuple(dict.fromkeys(part for name in used for part in name.split("、")))


def _document_number(text: str, year: int) -> str:
    """ "国办发明电〔2024〕12号", preferring a 发文字号 field, then this notice's years."""
    field_match = re.search(r"发\s*文\s*字\s*号", text)
    matches = list(_DOC_RE.finditer(text, field_match.end() if field_match else 0))
    if not matches:
        return ""
    near = [m for m in matches if int(m.group("y")) in (year - 1, year)]
    best = near[0] if near and not field_match else matches[0]
    org = re.sub(r"\s+", "", best.group("org"))
    return f"{org}〔{best.group('y')}〕{best.group('n')}号"
