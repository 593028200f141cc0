# Two entry points do everything on a fresh machine (Python 3.10 to 3.13 and Java 17 or 21):
#   make demo   set up, land a week of events, dbt build, print the gold marts
#   make test   set up, lint, run the whole test suite
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export LAKEHOUSE_DIR ?= $(CURDIR)/lakehouse
export LANDING_DIR ?= $(CURDIR)/landing
export DBT_PROFILES_DIR ?= $(CURDIR)

DOCS_PORT ?= 8080
CHROMIUM ?= /usr/bin/chromium

.PHONY: help setup demo test build watch chaos lint benchmark clean docs report chromium cluster-up cluster-down
.DEFAULT_GOAL := help

# `make` or `make help`: each target with the `##` line above it.
## list the targets, one line each (this list)
help:
	@awk '/^## /{doc=substr($$0,4);next} doc&&/^[a-z-]+:/{split($$0,t,":");printf "  make %-13s %s\n",t[1],doc} {doc=""}' $(MAKEFILE_LIST)

# The venv is rebuilt only when the lock file changes. --no-compile: Python
# compiles only the modules it imports, when first imported, instead of every
# file of every package (pyspark's alone are thousands): 54 s -> 35 s here.
$(VENV)/.installed: requirements.lock
	@$(PYTHON) scripts/preflight.py --python-only
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --no-compile --requirement requirements.lock
	touch $@

profiles.yml:
	cp profiles.yml.example profiles.yml

## create .venv from requirements.lock, put Delta's jars on Spark's classpath, archive Spark's classes, copy profiles.yml, preflight
setup: $(VENV)/.installed profiles.yml
	@$(BIN)/python scripts/install_delta_jars.py
	@$(BIN)/python scripts/spark_class_archive.py --background
	@$(BIN)/python scripts/preflight.py --skip-metastore

## set up, land a week of every feed and a month of NeoWs, dbt build, print the gold marts
demo: setup
	$(BIN)/python scripts/demo.py

## dbt build: the whole pipeline over $LANDING_DIR (after preflight)
build: setup
	@$(BIN)/python scripts/preflight.py
	$(BIN)/dbt build

# The warm runner: one process keeps Spark and the parsed project warm and
# runs the feeds that receive files. WATCH_ARGS='--once' runs one cycle.
## the warm runner: runs the feeds that receive files, until Ctrl-C (WATCH_ARGS='--once')
watch: setup
	$(BIN)/python scripts/watch.py $(WATCH_ARGS)

# SIGKILL the warm runner (its whole process group, the JVM too) at N seeded
# random points of its cycles, then hold its lakehouse to the oracle, on a
# lakehouse of its own in a temporary folder: make chaos N=20 [SEED=7]
## kill the warm runner at N random points, then hold its lakehouse to the oracle (N=20 SEED=7)
chaos: N ?= 20
chaos: setup
	$(BIN)/python scripts/chaos.py --kills $(N) $(if $(SEED),--seed $(SEED))

## set up, lint, then the whole test suite (pytest on local Spark + Delta)
test: lint chromium
	$(BIN)/python -m pytest

# check_lock.py mostly waits on the package index: it runs beside the others
## ruff, the lock's Python range, sqlfluff, dbt parse and dbt-score (no Spark)
lint: setup
	$(BIN)/ruff check scripts tests
	@$(BIN)/python scripts/check_lock.py & lock=$$!; \
	$(BIN)/sqlfluff lint models tests/generic && $(BIN)/dbt parse --quiet && $(BIN)/dbt-score lint; \
	linted=$$?; wait $$lock && exit $$linted

# The browser tests drive Debian's Chromium; installed once, a no-op after.
# Under CI a browser that cannot be installed is an error; elsewhere those
# tests skip and say why.
## install Debian's chromium for the browser tests when /usr/bin/chromium is missing
chromium:
	@if [ -x "$(CHROMIUM)" ]; then exit 0; fi; \
	echo "installing Debian's chromium for the browser tests (apt-get) ..."; \
	if (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null 2>&1 \
		&& [ -x "$(CHROMIUM)" ]; then echo "chromium installed: $(CHROMIUM)"; \
	elif [ "$$CI" = true ]; then \
		echo "error: could not install chromium (run as root: apt-get install -y chromium); the browser tests need it" >&2; exit 1; \
	else echo "warning: could not install chromium (run as root: apt-get install -y chromium); the browser tests will skip" >&2; fi

# Generate the dbt docs site (needs the metastore, so no other dbt may run)
# and serve it until Ctrl-C.
## generate the dbt docs site and serve it on DOCS_PORT (8080) until Ctrl-C
docs: setup
	@$(BIN)/python scripts/preflight.py
	$(BIN)/dbt docs generate
	@echo "docs site: http://localhost:$(DOCS_PORT)  (Ctrl-C to stop)"
	$(BIN)/dbt docs serve --port $(DOCS_PORT) --no-browser

# Static HTML report over the gold marts: reports/lakehouse_report.html.
## write the static HTML report over the gold marts (reports/lakehouse_report.html)
report: setup
	@$(BIN)/python scripts/preflight.py
	$(BIN)/python scripts/report.py

# Scale-out on this machine: a Spark standalone master, one worker and the
# Thrift server, from the venv's pyspark, on loopback; then the `thrift`
# target runs the same project: DBT_TARGET=thrift $(BIN)/dbt build
## start a Spark master, a worker and the Thrift server on loopback (DBT_TARGET=thrift)
cluster-up: setup
	$(BIN)/python scripts/cluster.py up

## stop what cluster-up started
cluster-down:
	@$(BIN)/python scripts/cluster.py down

## time runs against history size, local and Thrift (docs/benchmarks.md)
benchmark: setup
	@$(BIN)/python scripts/spark_class_archive.py
	$(BIN)/python scripts/benchmark.py

## delete target, logs, the lakehouse, the landing folder and reports
clean:
	rm -rf target logs lakehouse landing reports
