# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install system-deps vendor build validate run test lint bench bench-serving loadtest clean

$(BIN)/aikg: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(BIN)/aikg

install: $(BIN)/aikg  ## virtualenv in .venv with aikg and its dependencies

system-deps:  ## Java, Graphviz, Chromium from Debian when missing
	./scripts/install-system-deps.sh

vendor:  ## browser libraries (YASGUI, cytoscape) copied from npm into server/static/vendor
	@if [ -x scripts/vendor-js.sh ]; then ./scripts/vendor-js.sh; fi
	@if [ -x scripts/vendor-analysis-js.sh ]; then ./scripts/vendor-analysis-js.sh; fi

build: install system-deps  ## merged graph with inferences in dist/
	$(BIN)/aikg build

validate: build  ## SHACL report (exit 1 while the sources have real gaps)
	-$(BIN)/aikg validate

run: install system-deps vendor build  ## serve the endpoint and pages on $(HOST):$(PORT)
	$(BIN)/aikg serve --host $(HOST) --port $(PORT)

test: install system-deps vendor  ## the full test suite through the real stack
	$(BIN)/ruff check .
	$(BIN)/pytest -q

lint: install
	$(BIN)/ruff check .

BENCH_SIZES ?= seed
BENCH_OUT ?= dist/bench
bench: install system-deps  ## aikg vs Oxigraph server, Virtuoso, rdflib-endpoint at $$BENCH_SIZES (default seed; all: seed,30,300,1M)
	$(BIN)/python bench/bench.py --sizes $(BENCH_SIZES) --out $(BENCH_OUT) $(BENCH_ARGS)

bench-serving: install build  ## aikg /sparql vs Oxigraph server on the same dump: latency and throughput
	$(BIN)/python bench/bench_serving.py --runs 20 --seconds 10

loadtest: install build  ## locust, 32 users on 127.0.0.1 for $$LOADTEST_DURATION (default 5m); exit 1 on errors
	$(BIN)/python loadtest/run.py

clean:
	rm -rf dist .pytest_cache

virtuoso: install build  ## Virtuoso on 127.0.0.1:$$VIRTUOSO_PORT (default 8890) loaded with the build, for the benchmark
	./scripts/virtuoso.sh
