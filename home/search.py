"""Site search (站内搜索): notices, decisions and parks, by Chinese substring.

Chinese has no spaces between words, so a word index (PostgreSQL's text search,
SQLite's FTS behind Wagtail's database backend) does not find 榆次 inside
榆次区人力资源服务产业园. Each word the reader types is matched as a substring
instead (``icontains``: ``UPPER(…) LIKE`` on PostgreSQL, ``LIKE`` on SQLite, the
same on both) over the fields the public pages show; several words must all
appear. At the size of a city bureau's site (hundreds of notices and decisions,
about a thousand parks) a scan of those rows takes milliseconds, and nothing has
to be kept in step with the pages (README, "Search").

Only what the public site shows is searched: live pages outside any private
section (a view restriction on the page or an ancestor), never aliases; parks
only while the registry page is live and public, revoked parks included (the
registry lists them as 已取消). Objections and every other record holding
personal data are never searched.

Rich text is matched in the database as stored (HTML) and then checked again on
its plain text, so that a word found only in markup (``strong``, ``href``) does
not count; the excerpt and the highlighting work on the plain text too.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import reduce
from operator import and_, or_
from typing import NamedTuple

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from wagtail.models import Site
from wagtail.rich_text import get_text_for_indexing

from notices.models import NoticeCandidate, NoticePage, get_subject_model
from notices.models.view_restrictions import restriction_facts
from parkregistry.models import DecisionPage, Park, ParkStatus
from parkregistry.models.pages import RegistryIndexPage

#: The longest query searched; a longer one gets a message, not results.
MAX_QUERY_LENGTH = 50
#: A query longer than this is no reader's: 400.
ABSURD_QUERY_LENGTH = 1000
RESULTS_PER_PAGE = 20
#: Characters of an excerpt, and how many of them come before the first match.
EXCERPT_LENGTH = 120
EXCERPT_LEAD = 30

NOTICE = "notice"
DECISION = "decision"
PARK = "park"
KIND_ORDER = {NOTICE: 0, DECISION: 1, PARK: 2}


class QueryProblem(ValueError):
    """A query that is not searched; ``str(exc)`` is the reader's message."""

    status = 200


class QueryTooLong(QueryProblem):
    """Longer than ``MAX_QUERY_LENGTH``: the reader is asked to shorten it."""


class UnreadableQuery(QueryProblem):
    """Control characters or an absurd length: no reader typed this (400)."""

    status = 400


class Segment(NamedTuple):
    """A piece of a title or excerpt; ``mark`` when it is a searched word."""

    text: str
    mark: bool


@dataclass(frozen=True)
class Hit:
    """One result: what it is, its date, its searchable text, and its link."""

    kind: str
    title: str
    date: date
    date_label: str
    # The plain text shown in the excerpt (the title is shown apart).
    text: str
    # Builds the URL: only the results of the page shown need one.
    link: Callable[[], str] = field(compare=False, repr=False)
    # A park's status (``ParkStatus``): a revoked park is shown as such.
    status: str = ""


def normalise(raw: str) -> str:
    """The query as searched: trimmed, any run of spaces (全角 too) made one."""
    return " ".join(raw.split())


def search_terms(raw: str) -> list[str]:
    """The words of a query, each once, in the reader's order.

    Raises:
        UnreadableQuery: control characters, or longer than any reader types.
        QueryTooLong: longer than ``MAX_QUERY_LENGTH`` once normalised.
    """
    if len(raw) > ABSURD_QUERY_LENGTH or any(
        unicodedata.category(c) == "Cc" and not c.isspace() for c in raw
    ):
        raise UnreadableQuery(_("The search words cannot be read."))
    query = normalise(raw)
    if len(query) > MAX_QUERY_LENGTH:
        raise QueryTooLong(
            _("Please shorten the search words to at most %(n)s characters.")
            % {"n": MAX_QUERY_LENGTH}
        )
    return list(dict.fromkeys(query.split()))


def plain_text(html: str) -> str:
    """Rich text as a reader sees it: no tags, entities decoded, spaces collapsed."""
    return normalise(get_text_for_indexing(html or ""))


def joined(parts: list[str]) -> str:
    """Fields read as one text: ``；`` between them unless a sentence ends there."""
    text = ""
    for part in (p for p in parts if p):
        if text and not text.endswith(("。", "；", "！", "？", "…")):
            text += "；"
        text += part
    return text


def _pattern(terms: list[str]) -> re.Pattern[str]:
    # Longest first, so that of 产业 and 产业园 the longer is marked.
    words = sorted(terms, key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)


def _contains(text: str, term: str) -> bool:
    return re.search(re.escape(term), text, re.IGNORECASE) is not None


def highlight(text: str, terms: list[str]) -> list[Segment]:
    """``text`` cut into segments, the searched words marked."""
    segments: list[Segment] = []
    position = 0
    for match in _pattern(terms).finditer(text) if terms else ():
        if match.start() > position:
            segments.append(Segment(text[position : match.start()], False))
        segments.append(Segment(match.group(0), True))
        position = match.end()
    if position < len(text):
        segments.append(Segment(text[position:], False))
    return segments


def excerpt(
    text: str,
    terms: list[str],
    length: int = EXCERPT_LENGTH,
    lead: int = EXCERPT_LEAD,
) -> list[Segment]:
    """About ``length`` characters of ``text`` around the first searched word,
    with an ellipsis where text is left out, the words marked."""
    if not text:
        return []
    first = _pattern(terms).search(text) if terms else None
    start = max(0, first.start() - lead) if first else 0
    start = max(0, min(start, len(text) - length))
    end = min(len(text), start + length)
    segments = highlight(text[start:end], terms)
    if start > 0:
        segments.insert(0, Segment("…", False))
    if end < len(text):
        segments.append(Segment("…", False))
    return segments


def kind_label(kind: str) -> str:
    labels = {
        NOTICE: pgettext("search result type", "Notice"),
        DECISION: pgettext("search result type", "Decision"),
        PARK: pgettext("search result type", "Park"),
    }
    return labels[kind]


def _date_label(model, name: str) -> str:
    """The date's own label (公示开始日期, 决定日期, 认定日期)."""
    return str(capfirst(model._meta.get_field(name).verbose_name))


def _all_found(terms: list[str], fields: list[str]) -> bool:
    return all(any(_contains(f, t) for f in fields) for t in terms)


def _matching(terms: list[str], lookups) -> Q:
    """Every term in at least one of the fields (``lookups`` makes the Q of a term)."""
    return reduce(and_, (lookups(t) for t in terms))


def _any_field(term: str, fields: tuple[str, ...]) -> Q:
    return reduce(or_, (Q(**{f"{f}__icontains": term}) for f in fields))


def public_pages(queryset: QuerySet) -> QuerySet:
    """The live pages of ``queryset`` a reader may see: none in a private section
    (the cached list of restricted paths, kept current by the notices app), no
    alias (the original is the result), and only pages under a site's root, so
    that each has a URL."""
    paths, _any_alias = restriction_facts()
    roots = {root.root_path for root in Site.get_site_root_paths()}
    if not roots:
        return queryset.none()
    pages = queryset.live().filter(
        reduce(or_, (Q(url_path__startswith=r) for r in roots)),
        alias_of__isnull=True,
    )
    if paths:
        pages = pages.exclude(reduce(or_, (Q(path__startswith=p) for p in paths)))
    return pages


def _page_link(page, request) -> Callable[[], str]:
    return lambda: page.get_url(request) or ""


def _park_link(registry, base: str, pk: int) -> Callable[[], str]:
    return lambda: base + registry.reverse_subpage("park", args=(pk,))


def _notice_hits(request, terms: list[str]) -> list[Hit]:
    names = tuple(get_subject_model().notice_name_fields)

    def term_q(term: str) -> Q:
        q = _any_field(term, ("title", "intro"))
        for name in names:
            q |= Exists(
                NoticeCandidate.objects.filter(
                    page=OuterRef("pk"), **{f"subject__{name}__icontains": term}
                )
            )
        return q

    pages = list(
        public_pages(NoticePage.objects.all())
        .filter(_matching(terms, term_q))
        .only("id", "title", "url_path", "intro", "start_date")
    )
    candidates: dict[int, list[str]] = {}
    if pages and names:
        rows = (
            NoticeCandidate.objects.filter(page_id__in=[p.pk for p in pages])
            .order_by("page_id", "sort_order", "pk")
            .values_list("page_id", *(f"subject__{n}" for n in names))
        )
        for page_id, *values in rows:
            candidates.setdefault(page_id, []).extend(str(v) for v in values if v)
    label = _date_label(NoticePage, "start_date")
    hits = []
    for page in pages:
        intro = plain_text(page.intro)
        listed = candidates.get(page.pk, [])
        if not _all_found(terms, [page.title, intro, *listed]):
            continue
        text = joined([intro, "、".join(listed)])
        hits.append(
            Hit(
                NOTICE,
                page.title,
                page.start_date,
                label,
                text,
                _page_link(page, request),
            )
        )
    return hits


def _decision_hits(request, terms: list[str]) -> list[Hit]:
    pages = list(
        public_pages(DecisionPage.objects.all())
        .filter(_matching(terms, lambda t: _any_field(t, ("title", "body", "doc_no"))))
        .only("id", "title", "url_path", "body", "doc_no", "decision_date")
    )
    label = _date_label(DecisionPage, "decision_date")
    hits = []
    for page in pages:
        body = plain_text(page.body)
        if not _all_found(terms, [page.title, body, page.doc_no]):
            continue
        text = joined([page.doc_no, body])
        hits.append(
            Hit(
                DECISION,
                page.title,
                page.decision_date,
                label,
                text,
                _page_link(page, request),
            )
        )
    return hits


PARK_FIELDS = ("name", "county__name", "address", "operator", "services")


def _park_hits(request, terms: list[str]) -> list[Hit]:
    registry = (
        public_pages(RegistryIndexPage.objects.all())
        .only("id", "url_path")
        .order_by("path")
        .first()
    )
    base = registry.get_url(request) if registry else None
    if not base:
        return []
    rows = (
        Park.objects.filter(_matching(terms, lambda t: _any_field(t, PARK_FIELDS)))
        .order_by()
        # Plain values: a thousand parks are read without building a model each.
        .values_list("id", "name", *PARK_FIELDS[1:], "status", "approved_on")
    )
    label = _date_label(Park, "approved_on")
    hits = []
    for pk, name, county, address, operator, services, status, approved_on in rows:
        fields = [county, address, operator, normalise(services.replace("\n", "、"))]
        if not _all_found(terms, [name, *fields]):
            continue
        hits.append(
            Hit(
                PARK,
                name,
                approved_on,
                label,
                joined(fields),
                _park_link(registry, base, pk),
                status=status,
            )
        )
    return hits


def find(request, terms: list[str]) -> list[Hit]:
    """Every public notice, decision and park that holds all ``terms``.

    Results whose title holds every term come first, then the newest first.
    A bounded number of queries, whatever the number of results.

    Args:
        request: the reader's request (for the pages' URLs).
        terms: the words to find (``search_terms``).

    Returns:
        The hits, in the order shown.
    """
    if not terms:
        return []
    hits = [
        *_notice_hits(request, terms),
        *_decision_hits(request, terms),
        *_park_hits(request, terms),
    ]
    hits.sort(
        key=lambda h: (
            not _all_found(terms, [h.title]),
            -h.date.toordinal(),
            KIND_ORDER[h.kind],
            h.title,
        )
    )
    return hits


def present(hit: Hit, terms: list[str]) -> dict:
    """What the results page shows of a hit: labels, the title and an excerpt
    with the searched words marked."""
    return {
        "kind": hit.kind,
        "kind_label": kind_label(hit.kind),
        "url": hit.link(),
        "date": hit.date,
        "date_label": hit.date_label,
        "status": str(ParkStatus(hit.status).label) if hit.status else "",
        "title": highlight(hit.title, terms),
        "excerpt": excerpt(hit.text, terms),
    }
