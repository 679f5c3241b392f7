# Two commands a newcomer needs:  `make run`  and  `make test`.
# Only python3 (>= 3.11) is required; everything else is installed here.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
export CCHC_DATA_DIR ?= $(CURDIR)/data

.PHONY: run test lint bootstrap serve bench score clean lock system-deps

run: $(VENV)/.runtime ## install, migrate, load the registry and demo data, serve on :8000
	$(BIN)/cchc bootstrap
	$(BIN)/cchc serve

test: $(VENV)/.test system-deps ## lint, unit, integration and browser tests
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	CCHC_DATA_DIR=$(CURDIR)/var/test-data $(BIN)/cchc makemigrations --check --dry-run
	CCHC_DATA_DIR=$(CURDIR)/var/test-data $(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.test
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

bench: $(VENV)/.test
	$(BIN)/python bench/bench_parse.py

score: $(VENV)/.runtime ## the team's extraction scorer on the shared corpus
	$(PYTHON) ../shared/tools/score_extraction.py --truth ../shared/corpus/truth \
	  --docs ../shared/corpus/docs --cmd "$(BIN)/cchc parse {doc} --format json" -v

system-deps: ## Debian packages for browser, document and PostgreSQL tests (skipped when not root)
	@sh scripts/system-deps.sh

$(VENV)/bin/python:
	$(PYTHON) scripts/check_python.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.lock pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e . || $(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.test: requirements-test.lock pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet --require-hashes -r requirements-test.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e . || $(BIN)/pip install --quiet --no-deps -e .
	touch $@ $(VENV)/.runtime

lock: ## re-pin dependencies after editing pyproject.toml (needs `pip install uv`)
	uv pip compile pyproject.toml --generate-hashes --python-version 3.11 -o requirements.lock
	uv pip compile pyproject.toml --extra test --generate-hashes --python-version 3.11 -o requirements-test.lock

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
