"""iCalendar files of notice windows (/notices/calendar.ics, <notice>notice.ics).

Each window is one VEVENT: DTSTART at the opening, DTEND at the closing, both in
Asia/Shanghai with its VTIMEZONE; a VALARM one working day before closing; a UID
that stays the same for the notice; the page URL. Text values go through the
icalendar package, which escapes line breaks, commas and semicolons, so a title
such as "x\\nBEGIN:VEVENT" cannot start a component of its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.utils.translation import gettext as _
from icalendar import Alarm, Calendar, Event, Timezone

from notices import conf
from notices.models.calendars import calendar_for_window
from notices.rules.formatting import long_datetime, period_sentence
from notices.rules.workingdays import SHANGHAI, Window


def _one_line(text: str) -> str:
    """Titles are one line in a calendar: collapse every kind of line break."""
    return " ".join(str(text).split())


def alarm_trigger(window: Window, calendar) -> datetime:
    """The reminder moment: the same clock time one working day before closing."""
    closes = window.closes_at.astimezone(SHANGHAI)
    earlier = [d for d in window.dates if d < closes.date()]
    if earlier:
        day = earlier[-1]
    else:
        day = closes.date() - timedelta(days=1)
        try:
            while not calendar.is_working_day(day):
                day -= timedelta(days=1)
        except Exception:  # noqa: BLE001 - an unknown year: fall back to a day
            day = closes.date() - timedelta(days=1)
    return datetime.combine(day, closes.timetz())


def notice_event(page, window: Window, url: str) -> Event:
    event = Event()
    event.add("uid", f"notice-{page.pk}@{conf.NOTICES_UID_DOMAIN}")
    event.add("summary", _one_line(_("Notice: %(title)s") % {"title": page.title}))
    event.add("dtstart", window.opens_at.astimezone(SHANGHAI))
    event.add("dtend", window.closes_at.astimezone(SHANGHAI))
    stamp = page.last_published_at or page.first_published_at or window.opens_at
    event.add("dtstamp", stamp)
    event.add("url", url)
    event.add(
        "description",
        "\n".join(
            [
                period_sentence(window),
                _("Objections are accepted until %(when)s (Beijing time).")
                % {"when": long_datetime(window.closes_at)},
                url,
            ]
        ),
    )
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add(
        "description",
        _one_line(
            _("One working day left: %(title)s") % {"title": page.title},
        ),
    )
    trigger = alarm_trigger(window, calendar_for_window(window.start))
    alarm.add("trigger", trigger - window.closes_at.astimezone(SHANGHAI))
    alarm["trigger"].params["RELATED"] = "END"
    event.add_component(alarm)
    return event


def build_calendar(items: Iterable[tuple[object, Window, str]], name: str) -> bytes:
    """A VCALENDAR with the Shanghai VTIMEZONE and one VEVENT per (page, window, url)."""
    cal = Calendar()
    cal.add("prodid", conf.NOTICES_ICAL_PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", _one_line(name))
    cal.add("x-wr-timezone", "Asia/Shanghai")
    cal.add_component(
        Timezone.from_tzinfo(
            SHANGHAI, tzid="Asia/Shanghai", first_date=date(2000, 1, 1)
        )
    )
    for page, window, url in items:
        cal.add_component(notice_event(page, window, url))
    return cal.to_ical()
