# Men API: every target sets up what it needs (a .venv in the repo, pinned dependencies).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py
CHROMIUM ?= /usr/bin/chromium

# `make prod-local` keeps its database, cache and generated secret key here (not the development db.sqlite3).
PROD_LOCAL ?= var/prod-local
PROD_BIND ?= 127.0.0.1:$(PORT)

.DEFAULT_GOAL := help
.PHONY: help install install-dev run prod-local test readme-test lint format check messages clean \
	bench bench-quick bench-embedded bench-profile bench-inprocess contract contract-long e2e cluster cluster-stop cluster-drills clients newman

help:  ## List the targets
	@grep -E '^[a-zA-Z0-9_-]+:.*## ' $(MAKEFILE_LIST) \
		| awk -F ':.*## ' -v port='$(PORT)' '{gsub(/\$$\(PORT\)/, port, $$2); printf "  %-16s %s\n", $$1, $$2}'

$(BIN)/activate:
	@echo "Creating $(VENV) with $(PYTHON)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Runtime dependencies only (what `make run` needs); the dev and test tools come on top for `make test`.
$(VENV)/.runtime-installed: $(BIN)/activate requirements.txt
	@echo "Installing the runtime dependencies (requirements.txt)"
	$(BIN)/pip install --progress-bar on -r requirements.txt
	touch $@

$(VENV)/.dev-installed: $(VENV)/.runtime-installed requirements-dev.txt
	@echo "Installing the development and test dependencies (requirements-dev.txt)"
	$(BIN)/pip install --progress-bar on -r requirements-dev.txt
	touch $@

install: $(VENV)/.runtime-installed  ## Create .venv and install the pinned runtime dependencies

install-dev: $(VENV)/.dev-installed  ## Create .venv and install the pinned runtime, development and test dependencies

run: install  ## Migrate, load the demo data and serve the API at http://127.0.0.1:$(PORT)
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	$(MANAGE) runserver 127.0.0.1:$(PORT)

# The production recipe on this machine: gunicorn, debug off, plain HTTP on loopback (no TLS proxy in front).
prod-local: install  ## Try the production recipe locally: gunicorn, debug off, plain HTTP at http://127.0.0.1:$(PORT)
	@mkdir -p $(PROD_LOCAL)
	@test -s $(PROD_LOCAL)/secret-key || $(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))' > $(PROD_LOCAL)/secret-key
	$(PROD_LOCAL_ENV) $(MANAGE) migrate --noinput
	$(PROD_LOCAL_ENV) $(MANAGE) load_demo
	$(PROD_LOCAL_ENV) exec $(BIN)/gunicorn config.wsgi --bind $(PROD_BIND) --workers 2 --access-logfile -

PROD_LOCAL_ENV = DJANGO_DEBUG=false DJANGO_SECRET_KEY="$$(cat $(PROD_LOCAL)/secret-key)" \
	DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost DJANGO_SECURE_SSL_REDIRECT=false \
	DATABASE_URL=sqlite:///$(abspath $(PROD_LOCAL))/db.sqlite3 CACHE_DIR=$(abspath $(PROD_LOCAL))/cache

test: install-dev  ## Run lint checks, mypy and the whole test suite (SQLite unless DATABASE_URL is set)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_DEBUG=true $(BIN)/mypy  # the stubs plugin loads the settings: debug needs no secret key
	$(MANAGE) makemigrations --check --dry-run
	$(BIN)/pytest

readme-test: install-dev  ## Run the README's example commands, in order, against one live server (tests/readme)
	$(BIN)/pytest tests/readme -m readme -p no:cacheprovider

# CI replays the same cases every run (a fixed seed); contract-long explores with a new seed each time.
CONTRACT_SEED ?= 20261127
contract: install-dev  ## Schemathesis against a live server, as anonymous, a user and staff (bounded, fixed seed, for CI)
	$(BIN)/python -m tests.contract.run --max-examples $(or $(EXAMPLES),20) -- --seed $(CONTRACT_SEED)

contract-long: install-dev  ## The same, with many more examples per operation
	$(BIN)/python -m tests.contract.run --max-examples $(or $(EXAMPLES),200)

e2e: install-dev  ## Browser tests (Playwright on Debian's Chromium) against a live server
	@test -x $(CHROMIUM) || { echo "$(CHROMIUM) is missing: apt-get install -y chromium"; exit 1; }
	$(BIN)/pytest tests/e2e -m e2e -p no:cacheprovider

clients: install-dev  ## A Python client generated from the schema (openapi-python-client) runs the notes' flow on a live server
	$(BIN)/pytest tests/clients -m clients -p no:cacheprovider

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

newman: install-dev node_modules/.installed  ## The Postman collection (postman/) run by newman against a live server
	$(BIN)/python -m tests.postman.run

cluster: install  ## A production-shaped cluster on this machine: nginx :8080, 3 gunicorns, PostgreSQL primary + replica, PgBouncer, Redis, Celery (docs/deploy.md)
	@command -v nginx >/dev/null && command -v pgbouncer >/dev/null || { apt-get update && apt-get install -y nginx pgbouncer; }
	$(BIN)/python deploy/cluster.py up

cluster-stop:  ## End everything `make cluster` started (its data stays in var/cluster/)
	$(BIN)/python deploy/cluster.py down

cluster-drills: install-dev  ## The failure drills against a running `make cluster` (tests/cluster)
	$(BIN)/pytest tests/cluster -m cluster -p no:cacheprovider

lint: install-dev  ## ruff check
	$(BIN)/ruff check .

format: install-dev  ## ruff format + autofix
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

$(VENV)/.bench-installed: $(VENV)/.dev-installed requirements-bench.txt
	$(BIN)/pip install --quiet -r requirements-bench.txt
	touch $@

# BENCH_DATABASE / BENCH_REDIS_URL pick the PostgreSQL database and Redis database (men_bench, db 7 by default).
bench: $(VENV)/.bench-installed  ## Benchmark at 1k, 100k and 1M records, readers beside a writer, the embedded default (about 20 min; needs PostgreSQL, Redis, wrk)
	$(BIN)/python -m bench full

bench-quick: $(VENV)/.bench-installed  ## A short benchmark at 1k and 100k records (about 3 min)
	$(BIN)/python -m bench quick

bench-embedded: $(VENV)/.bench-installed  ## make run's embedded default (SQLite, no Redis) under gunicorn: list ÷ ceiling (about a minute)
	$(BIN)/python -m bench embedded

bench-profile: $(VENV)/.bench-installed  ## Profile the list and retrieve paths against the benchmark database
	$(BIN)/python -m bench profile

bench-inprocess: $(VENV)/.bench-installed  ## Time each benchmark request in-process (no HTTP) against the benchmark database
	$(BIN)/python -m bench inprocess

clean:  ## Remove the virtualenv, caches and the local database
	rm -rf $(VENV) .pytest_cache .ruff_cache var db.sqlite3
