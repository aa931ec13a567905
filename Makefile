# The single entry point: `make run`, `make test`, `make bench`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DATA_DIR ?= $(or $(LOTSE_DATA_DIR),./data)

.PHONY: run chat test bench eval lint install clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

## Start Lotse on the embedded default (no API key needed); sets itself up on first run.
run: $(STAMP)
	$(BIN)/lotse bootstrap --data-dir $(DATA_DIR)
	$(BIN)/lotse serve --data-dir $(DATA_DIR)

## Terminal chat instead of the web server.
chat: $(STAMP)
	$(BIN)/lotse bootstrap --data-dir $(DATA_DIR)
	$(BIN)/lotse chat --data-dir $(DATA_DIR)

test: $(STAMP)
	$(BIN)/ruff check ingestion knowledge bot tests benchmarks
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run --data-dir $(or $(BENCH_DATA_DIR),/tmp/lotse-bench)

## Answer quality on all the question sets (knowledge/golden/README.md): the shipped golden set
## and the development set on the bootstrapped demo data, the second development set (dev-b) and
## the held-out test set each on the bundled corpus plus its own organisation file only.
## Report-only: it never fails on a pass rate.
EVAL_DIR ?= /tmp/lotse-eval
eval: $(STAMP)
	$(BIN)/lotse bootstrap --quiet --data-dir $(EVAL_DIR)/demo
	$(BIN)/lotse eval answers knowledge/golden/golden.yaml knowledge/golden/dev.yaml --data-dir $(EVAL_DIR)/demo
	$(BIN)/lotse companies import knowledge/golden/dev-organisations.jsonl --data-dir $(EVAL_DIR)/devb
	$(BIN)/lotse ingest knowledge/corpus --prune --data-dir $(EVAL_DIR)/devb
	$(BIN)/lotse eval answers knowledge/golden/dev-b.yaml --data-dir $(EVAL_DIR)/devb
	$(BIN)/lotse ingest knowledge/corpus --prune --data-dir $(EVAL_DIR)/test
	$(BIN)/lotse companies import knowledge/golden/test-organisations.jsonl --data-dir $(EVAL_DIR)/test
	$(BIN)/lotse eval answers knowledge/golden/test.yaml --data-dir $(EVAL_DIR)/test

lint: $(STAMP)
	$(BIN)/ruff check ingestion knowledge bot tests benchmarks

clean:
	rm -rf $(VENV) .pytest_cache
