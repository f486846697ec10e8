# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_DATA ?= demo-data
QUARTER ?= 2024Q3
PREVIOUS ?= 2024Q2
SEED ?= 7

.PHONY: demo test lint bench clean

$(BIN)/sushasan: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	@touch $@

demo: $(BIN)/sushasan
	rm -rf $(DEMO_DATA)
	$(BIN)/sushasan --data-dir $(DEMO_DATA) init
	$(BIN)/sushasan --data-dir $(DEMO_DATA) sample --quarter $(PREVIOUS) --seed $(SEED)
	$(BIN)/sushasan --data-dir $(DEMO_DATA) sample --quarter $(QUARTER) --seed $(SEED)
	$(BIN)/sushasan --data-dir $(DEMO_DATA) review --quarter $(QUARTER) --out out \
		--format json,html,xlsx,pdf,certificates

test: $(BIN)/sushasan
	$(BIN)/ruff check src tests bench
	$(BIN)/python -m pytest

lint: $(BIN)/sushasan
	$(BIN)/ruff check src tests bench

bench: $(BIN)/sushasan
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) $(DEMO_DATA) out
