# Men API: every target sets up what it needs (a .venv in the repo, pinned dependencies).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py
CHROMIUM ?= /usr/bin/chromium

.DEFAULT_GOAL := help
.PHONY: help install run test lint format check messages clean bench bench-quick bench-profile bench-inprocess contract contract-long e2e clients newman

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/activate requirements.txt requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed  ## Create .venv and install the pinned dependencies

run: install  ## Migrate, load the demo data and serve the API at http://127.0.0.1:$(PORT)
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	$(MANAGE) runserver 127.0.0.1:$(PORT)

test: install  ## Run lint checks and the whole test suite (SQLite unless DATABASE_URL is set)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run
	$(BIN)/pytest

# CI replays the same cases every run (a fixed seed); contract-long explores with a new seed each time.
CONTRACT_SEED ?= 20261127
contract: install  ## Schemathesis against a live server, as anonymous, a user and staff (bounded, fixed seed, for CI)
	$(BIN)/python -m tests.contract.run --max-examples $(or $(EXAMPLES),20) -- --seed $(CONTRACT_SEED)

contract-long: install  ## The same, with many more examples per operation
	$(BIN)/python -m tests.contract.run --max-examples $(or $(EXAMPLES),200)

e2e: install  ## Browser tests (Playwright on Debian's Chromium) against a live server
	@test -x $(CHROMIUM) || { echo "$(CHROMIUM) is missing: apt-get install -y chromium"; exit 1; }
	$(BIN)/pytest tests/e2e -m e2e -p no:cacheprovider

clients: install  ## A Python client generated from the schema (openapi-python-client) runs the notes' flow on a live server
	$(BIN)/pytest tests/clients -m clients -p no:cacheprovider

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

newman: install node_modules/.installed  ## The Postman collection (postman/) run by newman against a live server
	$(BIN)/python -m tests.postman.run

lint: install  ## ruff check
	$(BIN)/ruff check .

format: install  ## ruff format + autofix
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install  ## Django's deployment checklist against a production-like environment
	DJANGO_DEBUG=false DJANGO_SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))') \
	DJANGO_ALLOWED_HOSTS=api.example.com $(MANAGE) check --deploy --fail-level WARNING

# djoser, SimpleJWT and simple_history ship their Russian as ru_RU only, which LANGUAGE_CODE "ru" never
# loads: locale/vendor gathers them (after ours in LOCALE_PATHS, so our wording wins).
SITE_PACKAGES = $(shell $(BIN)/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
VENDOR_RU = djoser rest_framework_simplejwt simple_history
messages: install  ## Rebuild the Russian translations (needs GNU gettext)
	$(MANAGE) makemessages -l ru --ignore=.venv --ignore=bench --ignore=tests
	mkdir -p locale/vendor/ru/LC_MESSAGES
	for package in $(VENDOR_RU); do \
		msgunfmt $(SITE_PACKAGES)/$$package/locale/ru_RU/LC_MESSAGES/django.mo -o var/$$package.ru.po || exit 1; \
	done
	msgcat --use-first $(foreach package,$(VENDOR_RU),var/$(package).ru.po) -o locale/vendor/ru/LC_MESSAGES/django.po
	$(MANAGE) compilemessages --ignore=.venv

$(VENV)/.bench-installed: $(VENV)/.installed requirements-bench.txt
	$(BIN)/pip install --quiet -r requirements-bench.txt
	touch $@

bench: $(VENV)/.bench-installed  ## Benchmark at 1k, 100k and 1M records (about 15 min; needs PostgreSQL, Redis, wrk)
	$(BIN)/python bench/run.py --mode full

bench-quick: $(VENV)/.bench-installed  ## A short benchmark at 1k and 100k records (about 2 min)
	$(BIN)/python bench/run.py --mode quick

bench-profile: $(VENV)/.bench-installed  ## Profile the list and retrieve paths against the benchmark database
	$(BIN)/python bench/profile.py

bench-inprocess: $(VENV)/.bench-installed  ## Time each benchmark request in-process (no HTTP) against the benchmark database
	$(BIN)/python bench/inprocess.py

clean:  ## Remove the virtualenv, caches and the local database
	rm -rf $(VENV) .pytest_cache .ruff_cache var db.sqlite3
