"""RSS at /notices/feed/: notices and every page class marked ``in_notice_feed``.

Decision pages of the registry set ``in_notice_feed = True`` and so appear here
too. Newest first, Chinese titles and dates, no personal data: only the page
title, its period sentence (for notices) and its URL.

Each item is dated by the page's own date, ``feed_date()`` where the class has
it (a notice's issue, a decision's date; a date counts from 00:00 Beijing
time), else its first publication. Links are absolute at the host that serves
the feed (``absolute_url``).
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.contrib.syndication.views import Feed
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import gettext as _
from wagtail.models import Page, Site, get_page_models

from notices import conf
from notices.models import NoticePage
from notices.rules.formatting import long_date, period_sentence
from notices.rules.workingdays import SHANGHAI
from notices.services.notices import absolute_url

FEED_SIZE = 50


def feed_page_models() -> list[type[Page]]:
    return [m for m in get_page_models() if getattr(m, "in_notice_feed", False)]


def item_date(page) -> datetime | None:
    """The page's own date: ``feed_date()`` if its class defines it (a date is
    read as 00:00 Beijing time), else its first publication."""
    own = page.feed_date() if callable(getattr(page, "feed_date", None)) else None
    own = own or page.first_published_at
    if isinstance(own, datetime) or own is None:
        return own
    if isinstance(own, date):
        return datetime.combine(own, time.min, tzinfo=SHANGHAI)
    return None  # pragma: no cover - feed_date returns a date or a datetime


class NoticeFeed(Feed):
    """公示与决定 (RSS 2.0)."""

    feed_type = Rss201rev2Feed
    language = "zh-cn"

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return Site.find_for_request(request)

    def title(self, obj):
        return str(conf.NOTICES_FEED_TITLE)

    def link(self, obj):
        return "/notices/"

    def description(self, obj):
        return str(conf.NOTICES_FEED_DESCRIPTION)

    def items(self, obj):
        models = feed_page_models()
        if not models:
            return []
        pages = Page.objects.live().public().type(*models)
        if obj is not None:
            pages = pages.in_site(obj)
        items = list(
            pages.specific().order_by("-first_published_at", "-pk")[:FEED_SIZE]
        )
        # The most recently published, newest own date first.
        undated = datetime.fromtimestamp(0, tz=SHANGHAI)
        items.sort(key=lambda page: item_date(page) or undated, reverse=True)

        notices = [i for i in items if isinstance(i, NoticePage)]
        prefetch_related_objects(notices, "corrections")
        return items

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        request = getattr(self, "request", None)
        if request is None:  # pragma: no cover - get_object always sets it
            return item.get_full_url() or item.url
        return absolute_url(request, item) or item.url

    def item_guid(self, item):
        return self.item_link(item)

    def item_pubdate(self, item):
        return item_date(item)

    def item_updateddate(self, item):
        return item.last_published_at

    def item_description(self, item):
        lines = []
        if item.first_published_at:
            lines.append(
                _("Published on %(date)s")
                % {
                    "date": long_date(
                        timezone.localtime(item.first_published_at).date()
                    )
                }
            )
        window = getattr(item, "window", None)
        if callable(window):
            try:
                lines.append(period_sentence(window()))
            except Exception:  # noqa: BLE001, S110 - no period to show
                pass
        if getattr(item, "search_description", ""):
            lines.append(item.search_description)
        return "\n".join(lines)
