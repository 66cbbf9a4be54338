# Two commands for a fresh clone: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PG_URL ?= postgres://postgres@127.0.0.1:5432/postgres
HOST ?= 127.0.0.1:8000

.PHONY: install run test test-sqlite test-postgres lint messages clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py sync_holidays
	$(PY) manage.py load_demo_data
	$(PY) manage.py runserver $(HOST)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run --noinput --settings=demosite.settings.test

test-sqlite: install
	@echo "==> pytest on SQLite"
	env -u DATABASE_URL $(VENV)/bin/pytest -q -p no:cacheprovider
	@echo "==> SQLite run passed"

test-postgres: install
	@echo "==> pytest on PostgreSQL ($(PG_URL))"
	DATABASE_URL=$(PG_URL) $(VENV)/bin/pytest -q -p no:cacheprovider
	@echo "==> PostgreSQL run passed"

test: lint test-sqlite test-postgres
	@echo "==> databases tested: SQLite, PostgreSQL"

messages: install
	cd notices && ../$(PY) ../manage.py makemessages -l zh_Hans --no-obsolete
	cd parkregistry && ../$(PY) ../manage.py makemessages -l zh_Hans --no-obsolete
	cd home && ../$(PY) ../manage.py makemessages -l zh_Hans --no-obsolete
	cd site/demosite && ../../$(PY) ../../manage.py makemessages -l zh_Hans --no-obsolete
	$(PY) manage.py compilemessages -l zh_Hans --ignore=.venv

clean:
	rm -rf $(VENV) db.sqlite3 static
