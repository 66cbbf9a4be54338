from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from demosite.api import api
from home.security import LockoutLoginView, ThrottledPasswordResetView
from home.views import site_search, toggle_large_text

urlpatterns = [
    # Wagtail's sign-in and password reset, with the lockout and the reset
    # throttle (home/security.py): mounted in front of Wagtail's own.
    path("admin/login/", LockoutLoginView.as_view(), name="wagtailadmin_login"),
    path(
        "admin/password_reset/",
        ThrottledPasswordResetView.as_view(),
        name="wagtailadmin_password_reset",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/", api.urls),
    path("", include("notices.urls")),
    path("", include("notices.objection_urls")),
    path("", include("parkregistry.urls")),
    path("a11y/large-text/", toggle_large_text, name="toggle_large_text"),
    path("search/", site_search, name="site_search"),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

# A request the site cannot read (too large, too many fields, bad Host): a Chinese
# 413/400 page, or JSON under /api/ (demosite/views.py).
handler400 = "demosite.views.bad_request"
