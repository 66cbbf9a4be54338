"""Public URLs of the notices outside the page tree: feeds and calendars."""

from django.urls import path, re_path

from notices.views.conditional import built_once
from notices.views.feeds import NoticeFeed
from notices.views.pages import calendar_ics, notice_ics

app_name = "notices"

urlpatterns: list = [
    # Built once per content generation, answering conditional GETs with 304.
    path("notices/feed/", built_once(NoticeFeed()), name="feed"),
    path("notices/calendar.ics", built_once(calendar_ics), name="calendar"),
    # <notice url>notice.ics: Wagtail's serve pattern does not accept a dot, so the
    # notice is found by its URL path here.
    re_path(
        r"^(?P<page_path>(?:[\w-]+/)+)notice\.ics$",
        built_once(notice_ics),
        name="notice_ics",
    ),
]
