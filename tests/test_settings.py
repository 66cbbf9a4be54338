"""Production settings refuse to start without secrets and pass check --deploy."""

import os
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, env_extra=None, unset=()):
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for their own process only.
    unset = {*unset, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update(env_extra or {})
    env["DJANGO_SETTINGS_MODULE"] = "demosite.settings.production"
    env.pop("DATABASE_URL", None)
    return subprocess.run(  # noqa: S603 - fixed argv, our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"])
def test_production_refuses_to_start_without(missing):
    env = {"DJANGO_SECRET_KEY": "x" * 60, "DJANGO_ALLOWED_HOSTS": "rsj.example.cn"}
    env.pop(missing)
    result = run_manage("check", env_extra=env, unset=[missing])
    assert result.returncode != 0
    assert missing in result.stderr


def test_production_passes_check_deploy():
    env = {
        "DJANGO_SECRET_KEY": "k8$Jq2!vR7zP0wXe3LmN9cBt5YuHa6GdFs1oKi4Tj8QpZr2Wn-x7Vb3Mc9Lq",
        "DJANGO_ALLOWED_HOSTS": "rsj.example.cn",
        "WAGTAILADMIN_BASE_URL": "https://rsj.example.cn",
        "DJANGO_EMAIL_URL": "smtps://noreply%40rsj.example.cn:pw@smtp.example.cn:465",
    }
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env_extra=env)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    "catalogue",
    sorted(ROOT.glob("*/locale/zh_Hans/LC_MESSAGES/django.po"))
    + sorted(ROOT.glob("site/*/locale/zh_Hans/LC_MESSAGES/django.po")),
    ids=str,
)
def test_catalogues_are_complete_and_compiled(catalogue):
    po = polib.pofile(str(catalogue))
    untranslated = [e.msgid for e in po if not e.translated() or "fuzzy" in e.flags]
    assert untranslated == []
    mo = polib.mofile(str(catalogue.with_suffix(".mo")))
    assert {(e.msgctxt, e.msgid): e.msgstr for e in mo} == {
        (e.msgctxt, e.msgid): e.msgstr for e in po if not e.obsolete
    }
