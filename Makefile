# Two entry points do everything on a fresh machine (Python 3.10+ and Java 17+):
#   make demo   set up, land a week of events, dbt build, print the gold marts
#   make test   set up, lint, run the whole test suite
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export LAKEHOUSE_DIR ?= $(CURDIR)/lakehouse
export LANDING_DIR ?= $(CURDIR)/landing
export DBT_PROFILES_DIR ?= $(CURDIR)

.PHONY: setup demo test build lint benchmark clean

# The venv is rebuilt only when the lock file changes.
$(VENV)/.installed: requirements.lock
	@$(PYTHON) scripts/preflight.py --python-only
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --requirement requirements.lock
	touch $@

profiles.yml:
	cp profiles.yml.example profiles.yml

setup: $(VENV)/.installed profiles.yml
	@$(BIN)/python scripts/install_delta_jars.py
	@$(BIN)/python scripts/preflight.py --skip-metastore

demo: setup
	$(BIN)/python scripts/demo.py

build: setup
	@$(BIN)/python scripts/preflight.py
	$(BIN)/dbt build

test: lint
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check scripts tests
	$(BIN)/sqlfluff lint models tests/generic

benchmark: setup
	$(BIN)/python scripts/benchmark.py

clean:
	rm -rf target logs lakehouse landing
