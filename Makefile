# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_DATA ?= demo-data
QUARTER ?= 2024Q3
PREVIOUS ?= 2024Q2
SEED ?= 7
# `make demo NO_SERVE=1` stops after writing the reports; otherwise the dashboard is served.
NO_SERVE ?=
HOST ?= 127.0.0.1
PORT ?= 8000

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
	$(BIN)/sushasan --data-dir $(DEMO_DATA) grievances triage
	$(BIN)/sushasan --data-dir $(DEMO_DATA) grievances simulate --seed $(SEED)
	$(BIN)/sushasan --data-dir $(DEMO_DATA) review --quarter $(QUARTER) --out out \
		--format json,html,xlsx,pdf,certificates
ifeq ($(NO_SERVE),)
	$(BIN)/sushasan --data-dir $(DEMO_DATA) review --quarter $(PREVIOUS) --publish \
		--out $(DEMO_DATA)/published --format json
	$(BIN)/sushasan --data-dir $(DEMO_DATA) review --quarter $(QUARTER) --publish \
		--out $(DEMO_DATA)/published --format json
	@echo "Demo logins, one per role (DEMO ONLY: known passwords, sample-data folder $(DEMO_DATA)):"
	@$(BIN)/sushasan --data-dir $(DEMO_DATA) demo-users
	@echo "Dashboard: http://$(HOST):$(PORT)/   (public page: http://$(HOST):$(PORT)/public)"
	$(BIN)/sushasan --data-dir $(DEMO_DATA) serve --host $(HOST) --port $(PORT)
endif

test: $(BIN)/sushasan
	$(BIN)/ruff check src tests bench
	$(BIN)/python -m pytest

lint: $(BIN)/sushasan
	$(BIN)/ruff check src tests bench

bench: $(BIN)/sushasan
	$(BIN)/python bench/run.py
	$(BIN)/python bench/bench_grievances.py
	$(BIN)/python bench/bench_routing.py
	$(BIN)/python bench/bench_audit.py
	$(BIN)/python bench/bench_web.py

clean:
	rm -rf $(VENV) $(DEMO_DATA) out
