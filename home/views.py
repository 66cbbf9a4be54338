"""Small site-wide views."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from home import search

LARGE_TEXT_COOKIE = "large_text"


def toggle_large_text(request):
    """Switch the larger-text mode (适老化) on or off; remembered for a year.

    A plain link, so it works without JavaScript.
    """
    target = request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    response = HttpResponseRedirect(target)
    if request.COOKIES.get(LARGE_TEXT_COOKIE) == "1":
        response.delete_cookie(LARGE_TEXT_COOKIE)
    else:
        response.set_cookie(
            LARGE_TEXT_COOKIE,
            "1",
            max_age=365 * 24 * 3600,
            samesite="Lax",
            httponly=True,
        )
    return response


def site_search(request):
    """站内搜索: notices, decisions and parks holding every word of ``q``.

    An empty or too long query gets a message (200); input no reader types
    (control characters, thousands of characters) a 400. 20 results a page.
    """
    context = {"search_query": "", "terms": [], "results": [], "message": ""}
    status = 200
    try:
        terms = search.search_terms(request.GET.get("q", ""))
    except search.QueryProblem as exc:
        status = exc.status
        context.update(message=str(exc), problem=True)
        if status == 200:
            context["search_query"] = search.normalise(request.GET.get("q", ""))
        terms = []
    else:
        context["search_query"] = " ".join(terms)
        if not terms:
            context["message"] = _("Enter the words to search for.")
    if terms:
        paginator = Paginator(search.find(request, terms), search.RESULTS_PER_PAGE)
        page_obj = paginator.get_page(request.GET.get("page"))
        context.update(
            terms=terms,
            paginator=paginator,
            page_obj=page_obj,
            results=[search.present(hit, terms) for hit in page_obj],
            query_string=urlencode({"q": context["search_query"]}),
        )
    return TemplateResponse(request, "home/search.html", context, status=status)
