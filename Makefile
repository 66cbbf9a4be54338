# Two commands for a fresh clone: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PG_URL ?= postgres://postgres@127.0.0.1:5432/postgres
HOST ?= 127.0.0.1:8000

.PHONY: install run test test-sqlite test-postgres test-browser test-any-date test-plugin chromium lint messages clean bench lock audit

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

# Browser tests drive Debian's Chromium; install it (and CJK fonts for readable
# screenshots) when missing. No browser is ever downloaded by a test tool.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "==> installing Debian chromium"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; }

install: $(VENV)/.installed

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py sync_holidays
	$(PY) manage.py load_demo_data --site-address $(HOST)
	$(PY) manage.py runserver $(HOST)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run --noinput --settings=demosite.settings.test

test-sqlite: install
	@echo "==> pytest on SQLite"
	env -u DATABASE_URL $(VENV)/bin/pytest -q -p no:cacheprovider -m "not browser"
	@echo "==> SQLite run passed"

test-postgres: install
	@echo "==> pytest on PostgreSQL ($(PG_URL))"
	DATABASE_URL=$(PG_URL) $(VENV)/bin/pytest -q -p no:cacheprovider -m "not browser"
	@echo "==> PostgreSQL run passed"

# Real-browser journeys and accessibility checks (screenshots in screenshots/).
test-browser: install chromium
	@echo "==> browser journeys (Chromium, SQLite)"
	env -u DATABASE_URL $(VENV)/bin/pytest -q -p no:cacheprovider -m browser
	@echo "==> browser run passed"

# The suite pins its own clock; this proves it by running under Debian's faketime
# at a far date (FAKETIME="2031-01-15 10:00:00" by default). `.ci/run` calls it.
FAKETIME ?= 2031-01-15 10:00:00
test-any-date: install
	@command -v faketime >/dev/null 2>&1 || { \
	  echo "==> installing Debian faketime"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq faketime >/dev/null; }
	@echo "==> pytest on SQLite under faketime '$(FAKETIME)'"
	env -u DATABASE_URL faketime '$(FAKETIME)' $(VENV)/bin/pytest -q -p no:cacheprovider -m "not browser"
	@echo "==> faketime run passed"

test: lint test-sqlite test-postgres test-plugin test-browser
	@echo "==> databases tested: SQLite, PostgreSQL; notices plugin alone; browser journeys: Chromium"

# The notices plugin on its own, in a second site (tests/personnel_site: 拟任职人员公示)
# that refuses any import of home, parkregistry or demosite: its tests, then
# `pip install .` into a clean virtualenv and that site's check and migrate there.
PLUGIN_TMP := /tmp/notices-plugin-check
test-plugin: install
	@echo "==> notices plugin alone: the personnel site's tests"
	rm -rf $(PLUGIN_TMP) && mkdir -p $(PLUGIN_TMP)/site/tests
	env -u DATABASE_URL PERSONNEL_DB=$(PLUGIN_TMP)/tests.sqlite3 $(VENV)/bin/pytest -q -p no:cacheprovider \
	  tests/personnel_site --confcutdir=tests/personnel_site --ds=tests.personnel_site.settings
	@echo "==> notices plugin alone: pip install . in a clean virtualenv, then check and migrate"
	$(PYTHON) -m venv $(PLUGIN_TMP)/venv
	set -o pipefail; $(PLUGIN_TMP)/venv/bin/pip install --quiet --disable-pip-version-check . 2>&1 \
	  | { grep -v 'is ignored: it is neither a file nor a directory' || true; }
	touch $(PLUGIN_TMP)/site/tests/__init__.py
	cp -r tests/personnel_site $(PLUGIN_TMP)/site/tests/
	rm -f $(PLUGIN_TMP)/site/tests/personnel_site/*.sqlite3
	cd $(PLUGIN_TMP)/site && env -u DATABASE_URL PERSONNEL_DB=$(PLUGIN_TMP)/site.sqlite3 \
	  DJANGO_SETTINGS_MODULE=tests.personnel_site.settings $(PLUGIN_TMP)/venv/bin/python -m django check
	cd $(PLUGIN_TMP)/site && env -u DATABASE_URL PERSONNEL_DB=$(PLUGIN_TMP)/site.sqlite3 \
	  DJANGO_SETTINGS_MODULE=tests.personnel_site.settings $(PLUGIN_TMP)/venv/bin/python -m django migrate --noinput -v0
	rm -rf $(PLUGIN_TMP)
	@echo "==> notices plugin run passed"

# makemessages rebuilds the catalogues of notices, parkregistry, home and demosite
# from their sources. site/demosite/locale_wagtail/ (the zh_Hans strings Wagtail
# and django-filter lack) is kept by hand and only compiled here: it is in
# LOCALE_PATHS, which compilemessages reads. tests/home/test_admin_chinese.py
# lists any Wagtail msgid still untranslated.
messages: install
	cd notices && ../$(PY) ../manage.py makemessages -l zh_Hans --no-obsolete
	cd parkregistry && ../$(PY) ../manage.py makemessages -l zh_Hans --no-obsolete
	cd home && ../$(PY) ../manage.py makemessages -l zh_Hans --no-obsolete
	cd site/demosite && ../../$(PY) ../../manage.py makemessages -l zh_Hans --no-obsolete
	$(PY) manage.py compilemessages -l zh_Hans --ignore=.venv

# Load test (not part of `make test`): gunicorn + PostgreSQL + wrk, table in bench-results/.
bench: install
	@command -v wrk >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk >/dev/null; }
	$(PY) bench/run.py

# requirements.lock pins every installed distribution; `make audit` checks it.
lock: install
	$(PY) -m pip freeze --exclude-editable | grep -v '^-e ' > requirements.lock

audit: install
	$(VENV)/bin/pip-audit --progress-spinner off -r requirements.lock

clean:
	rm -rf $(VENV) db.sqlite3 static
