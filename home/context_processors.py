from home.views import LARGE_TEXT_COOKIE


def accessibility(request):
    return {"large_text": request.COOKIES.get(LARGE_TEXT_COOKIE) == "1"}
