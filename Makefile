# SBFoundation: `make ingest && make build` on a fresh clone; `make test` runs the test suite.
# Every target creates .venv and installs the project on first use, and again when pyproject.toml or
# requirements.lock changes. Dependencies come from requirements.lock (exact versions, sha256 hashes),
# so every machine tests the same tree; `make lock` regenerates it from pyproject.toml.

PYTHON    ?= python3
VENV      := .venv
BIN       := $(CURDIR)/$(VENV)/bin
INSTALLED := $(VENV)/.installed
LOCK      := requirements.lock
# the spark extra (pyspark, dbt-spark, the Iceberg jar: ~600 MB), for `make test-spark` only
SPARK_LOCK      := requirements-spark.lock
SPARK_INSTALLED := $(VENV)/.installed-spark
SPARK_WORK      := $(CURDIR)/tests/artifacts/spark/work
DOCS_PORT ?= 8080
UI_PORT   ?= 8501
ARGS      ?=
BENCH_SIZE ?= medium
# pytest workers for `make test`: whole test files go to each (their module fixtures build one warehouse
# each); on 2 cores two workers fill the time one spends in sleeps, rate limits and dbt's single thread
TEST_WORKERS ?= 2

.DEFAULT_GOAL := help
.PHONY: help ingest build generate test test-spark bench docs lock ui

$(INSTALLED): pyproject.toml $(LOCK)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

$(SPARK_INSTALLED): $(INSTALLED) $(SPARK_LOCK)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r $(SPARK_LOCK)
	@touch $@

help: ## Show this help
	@echo "SBFoundation targets (no FMP_API_KEY = the built-in offline demo API):"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'
	@echo "Configuration: FMP_API_KEY, FMP_BASE_URL, SBF_DATA_DIR, SBF_START_DATE (see README.md)."

ingest: $(INSTALLED) ## Fetch what is due into bronze + ops.file_ingestions (ARGS="--tickers AAPL,MSFT" ...)
	$(BIN)/sbf ingest $(ARGS)

build: $(INSTALLED) ## Run dbt build: silver and gold models and every data test
	$(BIN)/sbf db migrate
	cd dbt_project && $(BIN)/dbt build

generate: $(INSTALLED) ## Write the files derived from ingestion/catalogue.yml (bronze sources, silver .yml and plain .sql, the demo API's field lists); commit them
	$(BIN)/python -m ingestion.codegen

# --durations: every run (CI's log too) ends with the slowest setups and tests, so growth shows where it lands
test: $(INSTALLED) ## Run the test suite (unit + end-to-end against the demo API), TEST_WORKERS=2 files at a time
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile --durations=40

# The Thrift server is stopped by the test itself; should pytest die before it can, the pid it wrote
# is stopped here (its process group: spark-submit's JVM).
# Java 17 (Spark's JVM) comes from Debian: installed when missing and we may (root with apt-get).
test-spark: $(SPARK_INSTALLED) ## Build gold on Spark 3.5 + Iceberg and on DuckDB from the same demo bronze, compare them (installs Java 17 if missing)
	@command -v java >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	    apt-get update -qq && apt-get install -y -qq openjdk-17-jre-headless >/dev/null; } || \
	    { echo "make test-spark needs Java 17: apt-get install openjdk-17-jre-headless"; exit 1; }
	@rm -rf $(SPARK_WORK)
	@status=0; SBF_SPARK_WORK_DIR=$(SPARK_WORK) $(BIN)/pytest -p no:cacheprovider -s tests/spark/spark_vs_duckdb.py || status=$$?; \
	pidfile=$(SPARK_WORK)/spark/server.pid; \
	if [ -f $$pidfile ] && kill -0 $$(cat $$pidfile) 2>/dev/null; then \
	    echo "stopping the Spark Thrift server (pid $$(cat $$pidfile))"; kill -KILL -- -$$(cat $$pidfile); fi; \
	exit $$status

bench: $(INSTALLED) ## Run the benchmarks (rate limit, chunked promotion, dashboard queries on data/) and the scale suite at BENCH_SIZE=small|medium|large (default medium)
	@failed=""; for bench in tests/bench/bench_*.py; do [ $$bench = tests/bench/bench_scale.py ] && continue; \
	    echo "== $$bench"; $(BIN)/python $$bench || failed="$$failed $$bench"; done; \
	echo "== tests/bench/bench_scale.py --size $(BENCH_SIZE)"; \
	$(BIN)/python tests/bench/bench_scale.py --size $(BENCH_SIZE) || failed="$$failed bench_scale.py"; \
	if [ -n "$$failed" ]; then echo "bench: missed a target or failed:$$failed"; exit 1; fi

lock: ## Re-resolve requirements.lock (and requirements-spark.lock) from pyproject.toml (needs the package index; commit them)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check pip-tools
	$(BIN)/pip-compile --quiet --extra dev --extra bench --allow-unsafe --generate-hashes --no-emit-index-url \
	    --no-emit-find-links --output-file $(LOCK) pyproject.toml
	@# every extra, the shared packages held at requirements.lock's versions
	$(BIN)/pip-compile --quiet --all-extras --constraint $(LOCK) --allow-unsafe --generate-hashes \
	    --no-emit-index-url --no-emit-find-links --output-file $(SPARK_LOCK) pyproject.toml

docs: $(INSTALLED) ## Generate the dbt docs site and serve it on http://localhost:8080 (DOCS_PORT=N to change)
	$(BIN)/sbf db migrate
	cd dbt_project && $(BIN)/dbt docs generate && $(BIN)/dbt docs serve --port $(DOCS_PORT) --no-browser

ui: $(INSTALLED) ## The ops dashboard on http://127.0.0.1:8501 (UI_PORT=N to change); readable while a run writes
	$(BIN)/sbf ui --port $(UI_PORT)
