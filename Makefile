# Two commands do all the set-up on a fresh machine:
#   make serve   — install, then build and serve the sample site at http://127.0.0.1:8000
#   make test    — install (including Debian packages), then run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: serve build test lint fuzz lighthouse system-deps setup

$(BIN)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

setup: $(BIN)/.installed

# ProperDocs runs the site (the maintained fork of MkDocs 1.6); `.venv/bin/mkdocs` works the same.
# -f names mkdocs.yml, the file both read, so ProperDocs does not suggest renaming it.
serve: setup
	$(BIN)/python scripts/showcase.py validate
	$(BIN)/properdocs serve -f mkdocs.yml -a 127.0.0.1:8000

build: setup
	$(BIN)/properdocs build --strict -f mkdocs.yml

system-deps:
	bash scripts/install-system-deps.sh

lint: setup
	$(BIN)/ruff check showcase hooks scripts tests bench
	$(BIN)/ruff format --check .

test: system-deps setup
	npm ci --no-audit --no-fund
	$(BIN)/ruff check showcase hooks scripts tests bench
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/pytest

# Lighthouse (mobile settings, Debian's Chromium) on one page of every kind of the sample site,
# served with gzip; targets: performance ≥ 97, accessibility 100, best practices 100. `make test`
# checks the brand page only (tests/browser/test_lighthouse.py).
lighthouse: setup
	npm ci --no-audit --no-fund
	$(BIN)/python scripts/showcase.py lighthouse --all

# Property-based fuzzing with many more examples than the suite runs (about 10 minutes).
fuzz: setup
	HYPOTHESIS_PROFILE=long $(BIN)/pytest -q -p no:cacheprovider tests/test_fuzz.py tests/test_fix.py -k "fuzz or property or never or exits"
