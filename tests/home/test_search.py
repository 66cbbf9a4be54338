"""Site search (站内搜索): Chinese substrings over public notices, decisions and parks.

Runs on SQLite and on PostgreSQL like the rest of the suite: the matching is done
by the database (``icontains``), so both must find 榆次 inside a longer word.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import override_settings
from django.utils import translation
from django.utils.translation import pgettext
from wagtail.models import PageViewRestriction

from home import search
from notices.rules.formatting import long_date
from parkregistry.models import (
    DecisionIndexPage,
    DecisionKind,
    DecisionPage,
    Park,
    ParkStatus,
)
from parkregistry.models.pages import RegistryIndexPage
from parkregistry.services.evaluations import record_evaluation
from tests.factories_notices import make_application, make_notice_page
from tests.factories_objections import file_one
from tests.factories_registry import add_page, county, home_page, make_park

pytestmark = pytest.mark.django_db

SEARCH = "/search/"


@pytest.fixture
def registry():
    return add_page(home_page(), RegistryIndexPage(title="园区名录", slug="registry"))


@pytest.fixture
def decisions():
    return add_page(home_page(), DecisionIndexPage(title="决定公告", slug="decisions"))


def other_park(name: str, **kwargs) -> Park:
    """A park with nothing of 榆次 in it (the factories' defaults are in 榆次区)."""
    kwargs.setdefault("county", county("jiexiu"))
    kwargs.setdefault("address", "介休市北关街8号")
    return make_park(name=name, **kwargs)


def results_decision(index, **kwargs) -> DecisionPage:
    """A published 考核结果通报 of 2025 (its park graded first, as the rule needs)."""
    if not Park.objects.filter(evaluations__year=2025).exists():
        record_evaluation(other_park("晋中通报测试园"), 2025, "合格", date(2026, 2, 1))
    kwargs.setdefault("title", "2025年度考核结果通报")
    kwargs.setdefault("slug", f"results-{DecisionPage.objects.count() + 1}")
    kwargs.setdefault("doc_no", "市人社发〔2026〕1号")
    kwargs.setdefault("decision_date", date(2026, 3, 1))
    return add_page(index, DecisionPage(kind=DecisionKind.RESULTS, year=2025, **kwargs))


def result_items(response) -> list[str]:
    """The result entries of the page, as HTML."""
    html = response.content.decode()
    return re.findall(r'<li class="search-result.*?</li>', html, re.S)


def titles(response) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", m)
        for m in re.findall(r"<h2><a [^>]*>(.*?)</a></h2>", response.content.decode())
    ]


# --- what is found -------------------------------------------------------------


def test_chinese_substrings_are_found_in_titles_bodies_and_candidates(
    client, registry, decisions
):
    in_title = make_notice_page(title="榆次区拟认定产业园名单公示")
    in_intro = make_notice_page(
        title="第二批公示",
        intro="<p>经<strong>榆次区</strong>人社局初审推荐。</p>",
        applications=[make_application(name="太谷人才港")],
    )
    in_candidate = make_notice_page(
        title="第三批公示", applications=[make_application(name="榆次数字人才港")]
    )
    unrelated = make_notice_page(
        title="介休市公示", applications=[make_application(name="介休人才港")]
    )
    results = results_decision(decisions)
    body = results_decision(
        decisions,
        title="2025年度通报",
        body="<p>全市园区年度考核评估已完成。</p>",
        doc_no="市人社发〔2026〕2号",
    )
    park = other_park("晋中示范产业园", address="介休市产业路1号")

    found = titles(client.get(SEARCH, {"q": "榆次"}))
    # The title holding the word comes first.
    assert found[0] == in_title.title
    assert set(found) == {in_title.title, in_intro.title, in_candidate.title}
    assert unrelated.title not in found

    found = titles(client.get(SEARCH, {"q": "考核"}))
    assert results.title in found and body.title in found
    assert in_title.title not in found

    found = titles(client.get(SEARCH, {"q": "产业园"}))
    assert park.name in found
    assert in_title.title in found
    assert in_intro.title not in found and unrelated.title not in found

    assert titles(client.get(SEARCH, {"q": "〔2026〕2号"})) == [body.title]


def test_a_park_is_found_by_county_address_operator_and_services(client, registry):
    park = other_park("晋中甲园", address="介休市绵山路5号")
    Park.objects.filter(pk=park.pk).update(
        operator="晋中人才运营有限公司", services="人才测评\n灵活就业驿站"
    )
    other_park("晋中乙园")
    for q in ("介休市", "绵山路", "人才运营", "就业驿站"):
        assert "晋中甲园" in titles(client.get(SEARCH, {"q": q})), q
    assert titles(client.get(SEARCH, {"q": "就业驿站"})) == ["晋中甲园"]
    # The internal notes are never shown, so never searched.
    Park.objects.filter(pk=park.pk).update(internal_notes="内部备注秘密")
    assert titles(client.get(SEARCH, {"q": "内部备注"})) == []


def test_every_word_must_appear(client, registry, decisions):
    both = make_notice_page(title="榆次区考核公示")
    make_notice_page(title="榆次区公示")
    results_decision(decisions)
    assert titles(client.get(SEARCH, {"q": "榆次 考核"})) == [both.title]
    # Spaces (full-width ones too) are collapsed; the query is shown normalised.
    response = client.get(SEARCH, {"q": "  榆次\u3000\u3000考核 "})
    assert titles(response) == [both.title]
    assert 'value="榆次 考核"' in response.content.decode()


def test_a_revoked_park_is_found_with_its_status(client, registry):
    park = other_park("晋中撤销产业园")
    Park.objects.filter(pk=park.pk).update(
        status=ParkStatus.REVOKED, revoked_on=date(2026, 5, 1)
    )
    response = client.get(SEARCH, {"q": "撤销产业园"})
    [item] = result_items(response)
    assert str(ParkStatus.REVOKED.label) in item
    assert f'href="/registry/park/{park.pk}/"' in item


def test_words_found_only_in_markup_do_not_count(client):
    make_notice_page(
        title="甲公示", intro='<p><a href="https://example.cn">链接</a></p>'
    )
    assert titles(client.get(SEARCH, {"q": "href"})) == []
    assert titles(client.get(SEARCH, {"q": "example"})) == []
    assert titles(client.get(SEARCH, {"q": "链接"})) == ["甲公示"]


# --- what is never found ---------------------------------------------------------


def test_drafts_unpublished_and_private_pages_are_never_found(client, decisions):
    make_notice_page(title="榆次草稿公示", publish=False)
    withdrawn = make_notice_page(title="榆次撤回公示")
    withdrawn.unpublish()
    private = make_notice_page(title="榆次内部公示")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    # A live page's draft: the public sees the live title, so does the search.
    live = make_notice_page(title="甲公示")
    live.title = "榆次新标题"
    live.save_revision()
    public = make_notice_page(title="榆次公开公示")
    assert titles(client.get(SEARCH, {"q": "榆次"})) == [public.title]

    # A restriction on the decisions index hides every decision under it.
    results_decision(decisions, title="榆次考核通报")
    assert titles(client.get(SEARCH, {"q": "考核"})) == ["榆次考核通报"]
    PageViewRestriction.objects.create(
        page=decisions, restriction_type=PageViewRestriction.LOGIN
    )
    assert titles(client.get(SEARCH, {"q": "考核"})) == []


def test_parks_are_found_only_through_a_public_registry(client, registry):
    other_park("晋中名录产业园")
    assert titles(client.get(SEARCH, {"q": "名录产业园"})) == ["晋中名录产业园"]
    PageViewRestriction.objects.create(
        page=registry, restriction_type=PageViewRestriction.LOGIN
    )
    assert titles(client.get(SEARCH, {"q": "名录产业园"})) == []
    PageViewRestriction.objects.all().delete()
    registry.unpublish()
    assert titles(client.get(SEARCH, {"q": "名录产业园"})) == []


def test_objections_and_their_personal_data_are_never_searched(client):
    notice = make_notice_page(title="甲公示", start_date=date(2026, 11, 9))
    file_one(notice, name="榆次张三丰", content="异议内容：榆次张三丰反映的情况。")
    assert titles(client.get(SEARCH, {"q": "张三丰"})) == []


# --- how results are shown ---------------------------------------------------------


def test_a_result_shows_its_type_date_link_and_a_marked_excerpt(
    client, registry, decisions
):
    notice = make_notice_page(
        title="榆次区公示",
        start_date=date(2026, 9, 28),
        intro="<p>" + "依据管理办法第十条，" * 10 + "榆次区人社局初审。</p>",
    )
    decision = results_decision(decisions, title="榆次考核通报")
    park = make_park(name="晋中榆次产业园", approved_on=date(2023, 6, 1))
    response = client.get(SEARCH, {"q": "榆次"})
    assert response.status_code == 200
    items = {re.sub(r"<[^>]+>", "", t): t for t in titles(response)}
    assert set(items) == {notice.title, decision.title, park.name}
    html = "".join(result_items(response))
    with translation.override("zh-hans"):
        notice_label = pgettext("search result type", "Notice")
        decision_label = pgettext("search result type", "Decision")
        park_label = pgettext("search result type", "Park")
        dates = [
            long_date(d)
            for d in (date(2026, 9, 28), date(2026, 3, 1), date(2023, 6, 1))
        ]
    [notice_item] = [i for i in result_items(response) if notice.url in i]
    assert notice_label in notice_item and dates[0] in notice_item
    assert 'datetime="2026-09-28"' in notice_item
    [decision_item] = [i for i in result_items(response) if decision.url in i]
    assert decision_label in decision_item and dates[1] in decision_item
    [park_item] = [i for i in result_items(response) if f"/park/{park.pk}/" in i]
    assert park_label in park_item and dates[2] in park_item
    # The title and the excerpt mark the word; the excerpt starts near it.
    assert "<mark>榆次</mark>区公示" in notice_item
    assert "…" in notice_item and "<mark>榆次</mark>区人社局初审" in notice_item
    assert html.count("<mark>") >= 4


def test_titles_and_excerpts_are_escaped(client):
    make_notice_page(
        title="榆次<script>alert(1)</script>公示",
        intro="<p>&lt;b&gt;榆次&lt;/b&gt; &amp; 其他</p>",
    )
    html = client.get(SEARCH, {"q": "榆次"}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "<mark>榆次</mark>&lt;script&gt;alert(1)&lt;/script&gt;公示" in html
    assert "&lt;b&gt;<mark>榆次</mark>&lt;/b&gt; &amp; 其他" in html
    # A query with markup is shown escaped too.
    html = client.get(SEARCH, {"q": "<b>榆次"}).content.decode()
    assert "<b>榆次" not in html


def test_results_are_paginated_20_a_page(client, registry):
    for n in range(25):
        other_park(f"晋中分页产业园{n:02d}")
    first = client.get(SEARCH, {"q": "分页产业园"})
    assert len(result_items(first)) == 20
    html = first.content.decode()
    assert "?q=%E5%88%86%E9%A1%B5%E4%BA%A7%E4%B8%9A%E5%9B%AD&amp;page=2" in html
    second = client.get(SEARCH, {"q": "分页产业园", "page": "2"})
    assert len(result_items(second)) == 5
    assert not set(titles(first)) & set(titles(second))
    # Page numbers out of range or not numbers give a page, not an error.
    assert len(result_items(client.get(SEARCH, {"q": "分页产业园", "page": "99"}))) == 5
    assert len(result_items(client.get(SEARCH, {"q": "分页产业园", "page": "x"}))) == 20


# --- queries that are not searched ---------------------------------------------------


@pytest.mark.parametrize("q", [None, "", "   ", "\u3000"])
def test_an_empty_query_gets_a_message(client, q):
    make_notice_page(title="榆次公示")
    response = client.get(SEARCH, {} if q is None else {"q": q})
    assert response.status_code == 200
    assert result_items(response) == []
    assert 'role="status"' in response.content.decode()


def test_a_too_long_query_gets_a_message(client):
    make_notice_page(title="榆次公示")
    response = client.get(SEARCH, {"q": "榆次" + "字" * 49})
    assert response.status_code == 200
    assert result_items(response) == []
    assert 'role="alert"' in response.content.decode()
    # 50 characters once spaces are collapsed are fine.
    assert client.get(SEARCH, {"q": "榆次" + " " * 60}).status_code == 200
    assert titles(client.get(SEARCH, {"q": "榆次" + " " * 60})) == ["榆次公示"]


@pytest.mark.parametrize("q", ["榆次\x00", "\x1b[31m", "榆" * 2000])
def test_absurd_input_is_a_400_not_a_500(client, q):
    response = client.get(SEARCH, {"q": q})
    assert response.status_code == 400
    assert result_items(response) == []


def test_like_wildcards_are_plain_characters(client):
    make_notice_page(title="甲公示")
    for q in ("%", "_", "\\", "'", '"'):
        response = client.get(SEARCH, {"q": q})
        assert response.status_code == 200, q
        assert titles(response) == [], q


# --- the header form, cost and cache -------------------------------------------------


def test_the_header_search_form_is_on_every_page(client, registry):
    notice = make_notice_page(title="甲公示")
    for url in ("/", notice.url, registry.url, SEARCH):
        html = client.get(url).content.decode()
        form = re.search(
            r'<form class="site-search" role="search".*?</form>', html, re.S
        )
        assert form, url
        form = form.group(0)
        assert 'action="/search/"' in form and 'method="get"' in form
        assert '<label for="site-search-q">' in form
        assert 'id="site-search-q"' in form and 'name="q"' in form
        assert 'type="submit"' in form


def test_the_number_of_queries_does_not_grow_with_the_results(
    client, registry, decisions, django_assert_max_num_queries
):
    def make(n: int, offset: int) -> None:
        for i in range(offset, offset + n):
            make_notice_page(title=f"榆次公示{i}")
            other_park(f"晋中榆次测试园{i}")
        results_decision(decisions, title=f"榆次考核通报{offset}")

    make(2, 0)
    client.get(SEARCH, {"q": "榆次"})  # warm the cached frame (menu, site)
    with django_assert_max_num_queries(10):
        few = client.get(SEARCH, {"q": "榆次"})
    make(20, 100)
    with django_assert_max_num_queries(10):
        many = client.get(SEARCH, {"q": "榆次"})
    assert len(result_items(few)) == 5
    assert len(result_items(many)) == 20


@override_settings(PAGE_CACHE_SECONDS=300)
def test_cached_results_follow_publication_and_restrictions(client):
    first = client.get(SEARCH, {"q": "榆次"})
    assert first["X-Page-Cache"] == "miss"
    assert client.get(SEARCH, {"q": "榆次"})["X-Page-Cache"] == "hit"

    notice = make_notice_page(title="榆次新公示")
    response = client.get(SEARCH, {"q": "榆次"})
    assert response["X-Page-Cache"] == "miss"
    assert titles(response) == [notice.title]
    assert client.get(SEARCH, {"q": "榆次"})["X-Page-Cache"] == "hit"

    PageViewRestriction.objects.create(
        page=notice, restriction_type=PageViewRestriction.LOGIN
    )
    assert titles(client.get(SEARCH, {"q": "榆次"})) == []


# --- the pure helpers ------------------------------------------------------------------


def test_search_terms_normalise_and_deduplicate():
    assert search.search_terms("  榆次  考核 榆次 ") == ["榆次", "考核"]
    assert search.search_terms("\u3000") == []
    with pytest.raises(search.QueryTooLong):
        search.search_terms("字" * 51)
    with pytest.raises(search.UnreadableQuery):
        search.search_terms("榆次\x00")


def test_excerpt_centres_on_the_first_word_and_marks_every_word():
    text = "甲" * 100 + "榆次区考核" + "乙" * 100
    segments = search.excerpt(text, ["考核", "榆次"], length=40, lead=10)
    assert segments[0] == search.Segment("…", False)
    assert segments[-1] == search.Segment("…", False)
    assert search.Segment("榆次", True) in segments
    assert search.Segment("考核", True) in segments
    assert sum(len(s.text) for s in segments[1:-1]) == 40
    # Longer words first: 产业园 is marked whole, not 产业 and a remainder.
    assert search.highlight("产业园", ["产业", "产业园"]) == [
        search.Segment("产业园", True)
    ]
    assert search.highlight("ABC", ["b"]) == [
        search.Segment("A", False),
        search.Segment("B", True),
        search.Segment("C", False),
    ]


def test_fields_are_joined_as_one_text():
    assert search.joined(["介休市", "", "绵山路5号", "人才测评"]) == (
        "介休市；绵山路5号；人才测评"
    )
    assert search.joined(["经初审推荐。", "甲园、乙园"]) == "经初审推荐。甲园、乙园"
