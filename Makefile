# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app webapp
INSTALLED := $(VENV)/.installed
TEST_RUNS := test-sqlite-browser test-sqlite-other test-postgresql-browser test-postgresql-other

.PHONY: run test test-sqlite test-postgresql $(TEST_RUNS) lint system-deps vendor bench serve-prod clean

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

run: $(INSTALLED)
	$(FLASK) init-db
	$(FLASK) seed-demo
	$(FLASK) run --host 127.0.0.1 --port 5000

# PostgreSQL and Chromium come from Debian's packages; installed only when missing.
system-deps:
	bash bin/ensure-system-deps

# The suite runs on SQLite and again on a throwaway PostgreSQL server; the PostgreSQL run leaves
# out what the engine cannot change (tests/conftest.py). Each backend's run is split in two, the
# browser tests and the others, and the four run side by side so both cores stay busy to the end
# instead of one waiting for the longest run. Each run's output is printed whole.
# pytest exits 5 when it collects nothing, and make fails on any non-zero exit.
test: $(INSTALLED) system-deps
	$(BIN)/ruff check .
	$(MAKE) --no-print-directory -j4 --output-sync=target $(TEST_RUNS)

test-sqlite: test-sqlite-browser test-sqlite-other
test-postgresql: test-postgresql-browser test-postgresql-other

test-sqlite-browser test-postgresql-browser: test-%-browser: $(INSTALLED)
	$(BIN)/pytest -q --db=$* --durations=10 tests/browser

test-sqlite-other test-postgresql-other: test-%-other: $(INSTALLED)
	$(BIN)/pytest -q --db=$* --durations=10 --ignore=tests/browser

lint: $(INSTALLED)
	$(BIN)/ruff check .

vendor:
	bash bin/vendor.sh

# Benchmarks on a throwaway PostgreSQL (started like the tests'); rewrites docs/BENCHMARKS.md.
bench: $(INSTALLED) system-deps
	$(BIN)/python -m bench

# The production stack locally: throwaway PostgreSQL, init-db + seed-demo, gunicorn on
# 127.0.0.1:8000 with gunicorn.conf.py. Ctrl-C stops both.
serve-prod: $(INSTALLED) system-deps
	$(BIN)/python bin/serve-prod

clean:
	rm -rf $(VENV) instance .pytest_cache
