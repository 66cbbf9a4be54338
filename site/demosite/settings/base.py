"""Settings shared by every environment of the demo site."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent.parent

INSTALLED_APPS = [
    "home",
    "notices",
    "parkregistry",
    "simple_history",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    # Its templates and static files: /api/docs serves Swagger UI from here, not
    # from a CDN (without the app, django-ninja links cdn.jsdelivr.net).
    "ninja",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Only for its catalogue: Wagtail's admin shows times with naturaltime
    # ("3 小时之前"), whose translations live in this app.
    "django.contrib.humanize",
]

MIDDLEWARE = [
    # First: each request reads the shared cache's calendar, policy terms and
    # frame values once (notices/request_memo.py).
    "notices.request_memo.RequestMemoMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Outside everything that may answer by itself (whitenoise, CommonMiddleware's
    # 400 for a bad Host, CSRF, redirects), so every response carries the headers.
    "demosite.middleware.SecurityHeadersMiddleware",
    # ETag on every page and 304 for a matching If-None-Match, page-cache hits too.
    "django.middleware.http.ConditionalGetMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "demosite.middleware.CachedSiteMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # 属地管理 and unpublished pages: 404 for an admin URL naming what the user
    # may not see (home/admin_guards.py).
    "home.admin_guards.AdminGuardMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "demosite.pagecache.PublicPageCacheMiddleware",
]

if os.environ.get("BENCH_QUERY_HEADER"):
    MIDDLEWARE.insert(0, "demosite.middleware.QueryCountHeaderMiddleware")

ROOT_URLCONF = "demosite.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "home.context_processors.accessibility",
            ],
        },
    },
]

WSGI_APPLICATION = "demosite.wsgi.application"

# SQLite by default so a fresh clone runs with no environment at all;
# DATABASE_URL=postgres://... switches to PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A shared cache is needed as soon as more than one app server runs
# (rate limits, cached pages); locmem is fine for a single process.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "jzpark",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "jzpark",
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
# LOCALE_PATHS win over every app's catalogue, the first entry over the second.
# locale_wagtail/ is hand-maintained: the zh_Hans translations that Wagtail's
# (and django-filter's) own catalogues lack, kept out of `make messages`'
# makemessages runs so that they are never dropped as obsolete.
LOCALE_PATHS = [PROJECT_DIR / "locale", PROJECT_DIR / "locale_wagtail"]

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = BASE_DIR / "static"
STATIC_URL = "/static/"

MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
# Files that must never be reachable by URL (objection attachments):
# served only through permission-checked views.
PRIVATE_MEDIA_ROOT = Path(
    os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media")
)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = _("Jinzhong HR Service Parks: Notices and Registry")
WAGTAIL_I18N_ENABLED = False
# The admin is Chinese and on Beijing time (notice windows close at Beijing
# times): the account settings offer no other language or time zone.
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_USER_TIME_ZONES = [TIME_ZONE]
# Page URLs stay ASCII: the admin's title-to-slug sync drops Chinese instead of
# copying it into the address (notices and decisions number themselves
# <year>-<n>, notices.models.slugs). A changed slug or a moved page leaves a
# redirect from its old address (Wagtail's default, stated here on purpose).
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILREDIRECTS_AUTO_CREATE = True
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = [
    "pdf",
    "doc",
    "docx",
    "xls",
    "xlsx",
    "jpg",
    "jpeg",
    "png",
    "ofd",
]

LOGIN_URL = "wagtailadmin_login"
# Failed admin sign-ins (home/security.py): an account is locked for one address
# after LOGIN_MAX_FAILURES, an address after LOGIN_MAX_FAILURES_PER_ADDRESS over
# any accounts (an office behind NAT shares one), and an account for everyone only
# after LOGIN_MAX_FAILURES_PER_ACCOUNT from all addresses together (None: never).
# A lock lasts LOGIN_LOCK_SECONDS; failures count for that long.
AUTHENTICATION_BACKENDS = ["home.security.LockoutModelBackend"]
WAGTAILADMIN_USER_LOGIN_FORM = "home.security.LockoutLoginForm"
LOGIN_MAX_FAILURES = 5
LOGIN_MAX_FAILURES_PER_ADDRESS = 20
LOGIN_MAX_FAILURES_PER_ACCOUNT = 100
LOGIN_LOCK_SECONDS = 15 * 60
# (count, seconds): admin password reset requests per client address and per
# e-mail address asked for, whether or not an account has it.
PASSWORD_RESET_LIMIT_ADDRESS = (5, 60 * 60)
PASSWORD_RESET_LIMIT_TARGET = (3, 60 * 60)

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@rsj.sxjz.gov.cn")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Page cache for anonymous readers (demosite/pagecache.py): seconds a public page
# may be served from the shared cache; 0 disables it.
PAGE_CACHE_SECONDS = (
    0
    if os.environ.get("DISABLE_PAGE_CACHE")
    else int(os.environ.get("PAGE_CACHE_SECONDS", "300"))
)
PAGE_CACHE_WATCHED_APPS = ["home", "notices", "parkregistry", "wagtailcore"]
PAGE_CACHE_IGNORED_MODELS: list[str] = []
PAGE_CACHE_IGNORED_CREATIONS = ["notices.Objection", "notices.HistoricalObjection"]
PAGE_CACHE_TRANSITION_SOURCES = ["notices.services.caching.next_transition"]

# Objections (notices/objection_*.py). Every limit is a setting; the environment
# can relax the abuse limits for load tests (OBJECTION_RELAXED_LIMITS=1, make bench).
OBJECTION_REPLY_WORKING_DAYS = int(os.environ.get("OBJECTION_REPLY_WORKING_DAYS", "10"))
OBJECTION_RETENTION_YEARS = int(os.environ.get("OBJECTION_RETENTION_YEARS", "3"))
OBJECTION_MIN_FILL_SECONDS = float(os.environ.get("OBJECTION_MIN_FILL_SECONDS", "3"))
# A form older than this must be reloaded (its token is refused).
OBJECTION_FORM_MAX_AGE_SECONDS = 12 * 60 * 60
OBJECTION_MAX_FILES = 5
OBJECTION_MAX_FILE_BYTES = 10 * 1024 * 1024
OBJECTION_MIN_CONTENT_CHARS = 10
OBJECTION_MAX_CONTENT_CHARS = 5000
# The whole POST (five full attachments and the text); larger bodies get a 413 page.
OBJECTION_MAX_REQUEST_BYTES = 52 * 1024 * 1024
# (count, seconds): successful submissions per client IP and per phone number,
# and failed status lookups per client IP.
OBJECTION_RATE_LIMIT_IP = (30, 60 * 60)
OBJECTION_RATE_LIMIT_PHONE = (10, 24 * 60 * 60)
OBJECTION_LOOKUP_MISS_LIMIT = (10, 15 * 60)
# `make bench` (BENCH_MODE=1) also relaxes them: one client sends every request.
BENCH_MODE = bool(os.environ.get("BENCH_MODE"))
OBJECTION_RELAXED_LIMITS = BENCH_MODE or bool(
    os.environ.get("OBJECTION_RELAXED_LIMITS")
)
# Behind a reverse proxy, the header that carries the client address
# (e.g. "HTTP_X_REAL_IP"); empty means REMOTE_ADDR.
OBJECTION_CLIENT_IP_HEADER = os.environ.get("OBJECTION_CLIENT_IP_HEADER", "")
OBJECTION_ATTACHMENT_ROOT = PRIVATE_MEDIA_ROOT / "objections"

# --- Applications (申报) ---
# Demo accounts (home/demo_users.py) are created only where this is true;
# production.py sets it to False.
DEMO_ACCOUNTS = os.environ.get("DEMO_ACCOUNTS", "true").lower() != "false"
# load_demo_data may make up a holiday arrangement, marked 演示数据（非官方安排，仅供演示）,
# for a year that has no official one yet, so the demo has open and upcoming notices
# on any date. Such years are used only where this is true; production.py sets False.
NOTICES_DEMO_CALENDAR = DEMO_ACCOUNTS

# --- The notices plugin and its first client ---
# What a notice lists: park applications (parkregistry.Application inherits
# notices.models.NoticeSubjectMixin). Notices and the calculator sit under the home page.
NOTICES_SUBJECT_MODEL = "parkregistry.Application"
NOTICES_PUBLISHER = _("the Jinzhong Human Resources and Social Security Bureau")
NOTICES_FEED_TITLE = _("Jinzhong HR service parks: notices and decisions")
NOTICES_FEED_DESCRIPTION = _(
    "Candidate notices and decisions of the Jinzhong Human Resources and "
    "Social Security Bureau on municipal HR service industrial parks."
)
NOTICES_CALENDAR_NAME = _("Jinzhong HR service park notices")
NOTICES_ICAL_PRODID = "-//Jinzhong HRSS//HR service park notices//ZH"
NOTICES_UID_DOMAIN = "notices.hrpark.jinzhong"
# Feeds and calendars are built once per page-cache generation (notices/views/conditional.py).
NOTICES_CONTENT_GENERATION = "demosite.pagecache.generation"
NOTICES_PARENT_PAGE_TYPES = ["home.HomePage"]
PARKREGISTRY_PARENT_PAGE_TYPES = ["home.HomePage"]

# Objection bookkeeping changes no public page: it must not empty the page cache
# (a submission bumps the receipt counter; each handler view writes the access log).
PAGE_CACHE_IGNORED_MODELS = [
    *PAGE_CACHE_IGNORED_MODELS,
    "notices.ReceiptCounter",
    "notices.ObjectionAccess",
    "notices.ObjectionAttachment",
    "notices.HistoricalObjectionAttachment",
]
