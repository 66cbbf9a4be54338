"""The settings of the notices plugin, each with a default.

A site overrides any of them in its Django settings; everything else reads them
here (``conf.OBJECTION_MAX_FILES``), at call time, so tests may change them.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext_lazy as _


def _attachment_root() -> Path:
    private = getattr(settings, "PRIVATE_MEDIA_ROOT", None)
    base = Path(private) if private else Path(settings.BASE_DIR) / "private_media"
    return base / "objections"


DEFAULTS = {
    # Working days the bureau has to reply to an objection.
    "OBJECTION_REPLY_WORKING_DAYS": 10,
    # Years an objection's personal data is kept after it is closed.
    "OBJECTION_RETENTION_YEARS": 3,
    # Abuse limits of the public form: least fill time, form age, sizes.
    "OBJECTION_MIN_FILL_SECONDS": 3.0,
    "OBJECTION_FORM_MAX_AGE_SECONDS": 12 * 60 * 60,
    "OBJECTION_MAX_FILES": 5,
    "OBJECTION_MAX_FILE_BYTES": 10 * 1024 * 1024,
    "OBJECTION_MIN_CONTENT_CHARS": 10,
    "OBJECTION_MAX_CONTENT_CHARS": 5000,
    "OBJECTION_MAX_REQUEST_BYTES": 52 * 1024 * 1024,
    # (count, seconds) per client IP, per phone number, and failed lookups per IP.
    "OBJECTION_RATE_LIMIT_IP": (30, 60 * 60),
    "OBJECTION_RATE_LIMIT_PHONE": (10, 24 * 60 * 60),
    "OBJECTION_LOOKUP_MISS_LIMIT": (10, 15 * 60),
    "OBJECTION_RELAXED_LIMITS": False,
    # Behind a proxy, the META key of the client address ("" means REMOTE_ADDR).
    "OBJECTION_CLIENT_IP_HEADER": "",
    "OBJECTION_ATTACHMENT_ROOT": None,  # computed: PRIVATE_MEDIA_ROOT/objections
    # Who publishes the notices (named in the objection form's consent text).
    "NOTICES_PUBLISHER": _("the publishing body"),
    # The RSS feed and the calendars of every notice window.
    "NOTICES_FEED_TITLE": _("Notices and decisions"),
    "NOTICES_FEED_DESCRIPTION": _("Public notices and the decisions that follow them."),
    "NOTICES_CALENDAR_NAME": _("Notice periods"),
    "NOTICES_ICAL_PRODID": "-//Wagtail notices//Notice periods//ZH",
    # Event UIDs are notice-<id>@<domain>: keep it stable once calendars subscribe.
    "NOTICES_UID_DOMAIN": "notices.invalid",
    # Made-up demo holiday years may be used (never in production).
    "NOTICES_DEMO_CALENDAR": False,
    # Dotted path of a callable returning the site's content generation: feeds and
    # calendars are then built once per generation (None: built per request).
    "NOTICES_CONTENT_GENERATION": None,
    # Where the notice index and the calculator may be created (None: anywhere).
    "NOTICES_PARENT_PAGE_TYPES": None,
}


def __getattr__(name: str):
    if name not in DEFAULTS:
        raise AttributeError(name)
    value = getattr(settings, name, DEFAULTS[name])
    if name == "OBJECTION_ATTACHMENT_ROOT" and value is None:
        return _attachment_root()
    return value
