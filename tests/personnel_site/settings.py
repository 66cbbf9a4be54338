"""Settings of the second site: Wagtail, the notices plugin and a Person subject.

Nothing of the demo site is installed, and importing ``home``, ``parkregistry``
or ``demosite`` raises, so anything of them that ``notices`` needed would fail here.
"""

import importlib.abc
import os
import sys
from pathlib import Path

import dj_database_url

FORBIDDEN = {"home", "parkregistry", "demosite"}


class ForbidSiteApps(importlib.abc.MetaPathFinder):
    """Refuse imports of the demo site's own apps."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname.split(".")[0] in FORBIDDEN:
            raise ImportError(f"the personnel site must not import {fullname}")
        return None


sys.meta_path.insert(0, ForbidSiteApps())

HERE = Path(__file__).resolve().parent
SECRET_KEY = "personnel-site-tests-only"
DEBUG = False
ALLOWED_HOSTS = ["*"]

INSTALLED_APPS = [
    "tests.personnel_site.personnel",
    "notices",
    "simple_history",
    "wagtail.contrib.routable_page",
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
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "tests.personnel_site.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [HERE / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        env="PERSONNEL_DATABASE_URL",
        default=f"sqlite:///{os.environ.get('PERSONNEL_DB', HERE / 'personnel.sqlite3')}",
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
MEDIA_ROOT = HERE / "media"
MEDIA_URL = "/media/"
PRIVATE_MEDIA_ROOT = HERE / "private"
WAGTAIL_SITE_NAME = "人事任免公示"
WAGTAILADMIN_BASE_URL = "http://testserver"

# The notices plugin: what a notice lists, and who publishes.
NOTICES_SUBJECT_MODEL = "personnel.Person"
NOTICES_PUBLISHER = "某市人力资源和社会保障局"
NOTICES_FEED_TITLE = "拟任职人员公示"
