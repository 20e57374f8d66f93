# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app webapp
INSTALLED := $(VENV)/.installed

.PHONY: run test test-sqlite test-postgresql lint system-deps vendor bench serve-prod clean

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

# The suite runs on SQLite and again on a throwaway PostgreSQL server, the two runs side by
# side; the PostgreSQL run leaves out what the engine cannot change (tests/conftest.py). Each
# run's output is printed whole.
# pytest exits 5 when it collects nothing, and make fails on any non-zero exit.
test: $(INSTALLED) system-deps
	$(BIN)/ruff check .
	$(MAKE) --no-print-directory -j2 --output-sync=target test-sqlite test-postgresql

test-sqlite test-postgresql: test-%: $(INSTALLED)
	$(BIN)/pytest -q --db=$* --durations=10

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
