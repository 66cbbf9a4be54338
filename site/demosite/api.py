"""The site's JSON API: one NinjaAPI, one OpenAPI document at /api/openapi.json.

/api/docs is Swagger UI from django-ninja's own static files (``ninja`` is an
installed app), so the page loads nothing from a CDN.
"""

import logging

from django.core.exceptions import SuspiciousOperation
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Swagger
from ninja.errors import ValidationError

from demosite.views import bad_request
from notices.api.notices import router as notice_list_router
from notices.api.workdays import router as notices_router
from parkregistry.api.parks import router as registry_router
from parkregistry.api.rules import BadInput
from parkregistry.api.rules import router as parkregistry_router

api = NinjaAPI(
    title="晋中市人力资源服务产业园 API",
    version="1.0",
    description="Notice windows, notices, eligibility, subsidies and the park registry.",
    openapi_url="/openapi.json",
    # No online validator badge: the page talks to this site only.
    docs=Swagger(settings={"validatorUrl": None}),
    urls_namespace="api",
)


@api.exception_handler(ValidationError)
def validation_error(request, exc):
    """Malformed input: 400 with a Chinese summary and the field-level details."""
    return api.create_response(
        request,
        {
            "error": _("The request is malformed; see detail for what is wrong."),
            "detail": exc.errors,
        },
        status=400,
    )


@api.exception_handler(BadInput)
def bad_input(request, exc):
    """Malformed eligibility or subsidy input: 400 naming the field, in Chinese."""
    return api.create_response(request, {"error": str(exc)}, status=400)


@api.exception_handler(SuspiciousOperation)
def unreadable_request(request, exc):
    """A body too large, too many fields or files: 413 (else 400) ``{"error": ...}``.

    The site's ``handler400`` gives the same answer; handled here as well because
    django-ninja answers any exception it is not told about with a 500 while
    DEBUG is on. Logged as Django logs it on the handler400 path (a fixed text).
    """
    response = bad_request(request, exc)
    logging.getLogger(f"django.security.{exc.__class__.__name__}").error(
        str(exc), extra={"status_code": response.status_code, "request": request}
    )
    return response


api.add_router("/", notices_router)
api.add_router("/", parkregistry_router)
api.add_router("/", notice_list_router)
api.add_router("/", registry_router)
