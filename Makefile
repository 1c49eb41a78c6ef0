# Alver: `make run` serves the demo kommune on SQLite; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
# Development defaults; production sets its own environment (docs/OPERATIONS.md).
export DEBUG ?= true
export DJANGO_SETTINGS_MODULE := alver.settings
SUDO ?= $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT = $(SUDO) apt-get install -y --no-install-recommends

.PHONY: run test test-dates venv sysdeps chromium oidc-tilbydar migrate messages compilemessages demo lint lint-imports \
        migrations-check bench bench-last clean

run: venv sysdeps migrate compilemessages demo
	@echo
	@echo "Alver is running on http://127.0.0.1:8000  (stop with Ctrl+C)"
	@echo "Log in with any of the demo logins above; the password is: demo"
	$(MANAGE) runserver 127.0.0.1:8000

# The suite runs on both cores (pytest-xdist; each worker its own test database and cache);
# TEST_WORKERS=0 runs it in one process. Work stealing keeps both busy to the end: the slow
# browser tests would otherwise queue up on one worker.
TEST_WORKERS ?= 2
test: venv sysdeps chromium oidc-tilbydar compilemessages lint-imports
	$(PY) -m pytest -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

# The suite on other days than today, across a year boundary (Debian's faketime): no test may
# depend on the real date. TEST_DATES overrides the days.
TEST_DATES ?= 2026-01-02 2026-11-30 2027-01-15
test-dates: venv sysdeps chromium oidc-tilbydar compilemessages
	@command -v faketime >/dev/null || { echo "Installing faketime"; $(APT) faketime || { $(SUDO) apt-get update -qq && $(APT) faketime; }; }
	@for d in $(TEST_DATES); do echo "== the suite on $$d"; faketime "$$d 10:00:00" $(PY) -m pytest $(PYTEST_ARGS) || exit 1; done

# The virtual environment, installed from the pinned constraints so every install is the same.
venv: $(VENV)/.installed
$(VENV)/.installed: pyproject.toml constraints.txt
	@command -v $(PYTHON) >/dev/null || { echo "Alver needs Python 3.11 ($(PYTHON) not found)."; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e ".[dev]"
	touch $@

# System packages, installed only when missing, and said so.
sysdeps:
	@missing=""; \
	fc-list 2>/dev/null | grep -qi dejavu || missing="$$missing fonts-dejavu-core"; \
	ldconfig -p | grep -q libpango-1.0 || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0"; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages Alver needs (WeasyPrint fonts and Pango, gettext, poppler for reading PDFs in tests):$$missing"; \
	  $(APT) $$missing || { $(SUDO) apt-get update -qq && $(APT) $$missing; } || \
	  { echo "Could not install$$missing. Install them with your package manager and run again."; exit 1; }; \
	fi

# Debian's Chromium for the browser tests. If it cannot be installed the browser tests
# fail with a message saying so; they are never skipped.
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "Installing Debian's Chromium for the browser tests"; \
	  $(APT) chromium || { $(SUDO) apt-get update -qq && $(APT) chromium; } || \
	  echo "WARNING: Chromium could not be installed; the browser tests will fail."; \
	fi

# The single sign-on tests log in at a real OpenID Connect provider on loopback (panva's
# oidc-provider, pinned in tests/oidc_tilbydar/package-lock.json), installed once with npm.
OIDC_TILBYDAR := tests/oidc_tilbydar
oidc-tilbydar: $(OIDC_TILBYDAR)/node_modules/.installed
$(OIDC_TILBYDAR)/node_modules/.installed: $(OIDC_TILBYDAR)/package.json $(OIDC_TILBYDAR)/package-lock.json
	@command -v npm >/dev/null || { echo "The single sign-on tests need Node.js (20.19 or later) and npm: apt-get install nodejs npm"; exit 1; }
	cd $(OIDC_TILBYDAR) && npm ci --no-audit --no-fund --prefer-offline
	touch $@

migrate: venv
	$(MANAGE) migrate --noinput

demo: venv
	$(MANAGE) demo

# Extract the UI strings into the Nynorsk and Bokmål catalogues (English is the source).
messages: venv
	$(MANAGE) makemessages --no-obsolete --no-location -l nn -l nb --ignore=.venv --ignore=staticfiles --ignore=tests --ignore=bench

compilemessages: venv
	$(MANAGE) compilemessages --ignore=.venv -v0

lint: venv
	$(PY) -m ruff check .

lint-imports: venv
	$(VENV)/bin/lint-imports

migrations-check: venv
	$(MANAGE) makemigrations --check --dry-run

bench: venv
	$(PY) bench/organisasjon.py
	$(PY) bench/okonomiplan.py
	$(PY) bench/oppdragsbrev.py
	$(PY) bench/rapportering.py
	$(PY) bench/vedtak.py
	$(PY) bench/sjekklister.py
	$(PY) bench/diagram.py
	$(PY) bench/indikatorar.py

# 50 simulated users for 3 minutes against gunicorn, PostgreSQL and a Redis that is stopped
# for a minute in the middle (bench/last.py); prints lost writes, duplicates and errors.
bench-last: venv
	$(PY) -m pip install --quiet -c constraints.txt -e ".[bench]"
	$(PY) bench/last.py

clean:
	rm -rf $(VENV) staticfiles test-artifacts alver.sqlite3 $(OIDC_TILBYDAR)/node_modules
