"""Small site-wide views."""

from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme

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
