# Terpadu — the two commands: `make run` and `make test`. See README.md.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
DATABASE_URL_TEST ?= postgres://postgres@127.0.0.1:5432/terpadu
DATABASE_URL_BENCH ?= postgres://postgres@127.0.0.1:5432/terpadu_bench
BENCH_ARGS ?=
PYTEST_WORKERS ?= 2
export PIP_DISABLE_PIP_VERSION_CHECK = 1

.PHONY: run install install-dev assets test lint typecheck contracts migrations-check test-sqlite test-postgres \
        browser postgres-check worker bench lock clean

$(VENV)/bin/python:
	python3.11 -m venv $(VENV) || python3 -m venv $(VENV)

$(VENV)/.installed: $(VENV)/bin/python requirements/lock.txt pyproject.toml
	$(PIP) install -q -r requirements/lock.txt
	$(PIP) install -q --no-deps -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements/dev-lock.txt
	$(PIP) install -q -r requirements/dev-lock.txt
	touch $@

install: $(VENV)/.installed assets
install-dev: $(VENV)/.installed-dev assets

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

assets: node_modules/.package-lock.json

## make run: install, migrate, seed the demo government, serve at http://127.0.0.1:8000
run: install
	TERPADU_DEBUG=1 TERPADU_DEMO=1 $(PY) manage.py migrate --noinput -v0
	TERPADU_DEBUG=1 TERPADU_DEMO=1 $(PY) manage.py collectstatic --noinput -v0
	TERPADU_DEBUG=1 TERPADU_DEMO=1 $(PY) manage.py seed_demo
	@echo "Terpadu berjalan di http://127.0.0.1:8000 (Ctrl+C untuk berhenti)"
	TERPADU_DEBUG=1 TERPADU_DEMO=1 $(PY) manage.py runserver 127.0.0.1:8000

## make test: lint, type checks, import contracts, migrations check, the suite on SQLite and PostgreSQL
test: install-dev browser lint typecheck contracts migrations-check test-sqlite test-postgres

browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "Installing Debian chromium for the browser tests…"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	  || { if [ "$$CI" = "true" ]; then echo "chromium could not be installed (required in CI)"; exit 1; \
	       else echo "WARNING: chromium missing: browser tests will be skipped"; fi; }; \
	fi

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck:
	$(VENV)/bin/mypy terpadu bench

contracts:
	$(VENV)/bin/lint-imports

migrations-check:
	TERPADU_TESTING=1 $(PY) manage.py makemigrations --check --dry-run

test-sqlite:
	DATABASE_URL=sqlite:///$(CURDIR)/var/test.sqlite3 $(VENV)/bin/pytest -n $(PYTEST_WORKERS) -q

postgres-check:
	@$(PY) scripts/wait_for_postgres.py "$(DATABASE_URL_TEST)"

test-postgres:
	@if $(PY) scripts/wait_for_postgres.py "$(DATABASE_URL_TEST)"; then \
	  DATABASE_URL="$(DATABASE_URL_TEST)" $(VENV)/bin/pytest -n $(PYTEST_WORKERS) -q; \
	elif [ "$$CI" = "true" ]; then echo "PostgreSQL unreachable at $(DATABASE_URL_TEST) (required in CI)"; exit 1; \
	else echo "WARNING: PostgreSQL unreachable: the PostgreSQL run is skipped"; fi

## make bench: the benchmark scenarios on generated province-scale data, on SQLite then PostgreSQL (bench/README.md)
bench: $(VENV)/.installed
	DATABASE_URL=sqlite:///$(CURDIR)/var/bench.sqlite3 $(PY) -m bench.run $(BENCH_ARGS)
	@if $(PY) scripts/wait_for_postgres.py "$(DATABASE_URL_BENCH)"; then \
	  DATABASE_URL="$(DATABASE_URL_BENCH)" $(PY) -m bench.run $(BENCH_ARGS); \
	else echo "WARNING: PostgreSQL unreachable at $(DATABASE_URL_BENCH): the PostgreSQL run is skipped"; fi

## make worker: sync the periodic jobs, then run the django-q2 cluster (workers + scheduler)
worker: install
	$(PY) manage.py sync_schedules
	$(PY) manage.py qcluster

lock:
	$(VENV)/bin/pip-compile -q --strip-extras --no-header -o requirements/lock.txt pyproject.toml
	$(VENV)/bin/pip-compile -q --strip-extras --no-header --extra dev -o requirements/dev-lock.txt pyproject.toml

clean:
	rm -rf $(VENV) node_modules var/static
