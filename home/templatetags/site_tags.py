"""Template helpers for the site's frame (navigation, dates)."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.core.exceptions import DisallowedHost
from wagtail.models import Site

from demosite.pagecache import memo
from notices.templatetags.notice_tags import cn_date

register = template.Library()


@dataclass(frozen=True)
class MenuLink:
    """What the frame needs of a page: kept in the shared cache, not the page."""

    pk: int
    title: str
    url: str
    search_description: str = ""


def _site(context):
    request = context.get("request")
    return Site.find_for_request(request) if request else None


def _menu(site) -> list[MenuLink]:
    pages = site.root_page.get_children().live().in_menu()
    return [MenuLink(p.pk, p.title, p.get_url(), p.search_description) for p in pages]


@register.simple_tag(takes_context=True)
def menu_pages(context):
    """The home page's live children that are shown in menus, in tree order."""
    site = _site(context)
    if site is None:
        return []
    return memo(f"menu:{site.pk}", lambda: _menu(site))


@register.simple_tag(takes_context=True)
def site_root(context):
    """The site's home page as a link (title, url)."""
    site = _site(context)
    if site is None:
        return None

    def build():
        root = site.root_page
        return MenuLink(root.pk, root.title, root.get_url())

    return memo(f"root:{site.pk}", build)


@register.simple_tag(takes_context=True)
def page_address(context) -> str:
    """The absolute address of the current request, for the printed footer.

    A request whose host is not allowed (answered with the 400 page) gets its
    path alone: asking for the host would raise again while the error page is
    rendered.
    """
    request = context.get("request")
    if request is None:
        return ""
    try:
        return request.build_absolute_uri()
    except DisallowedHost:
        return request.get_full_path()


# The date filter of the notices plugin, for the site's own templates.
register.filter("cn_date", cn_date)
