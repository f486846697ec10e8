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

.PHONY: demo serve test lint bench concept-model clean

# Steps say what they do; long ones draw a progress bar on a terminal (quiet in logs and CI).
SAY = @printf '\n==> %s\n' 
SU := $(BIN)/sushasan --data-dir $(DEMO_DATA)

$(BIN)/sushasan: pyproject.toml
	$(SAY) "Installing Sushasan and its dependencies into $(VENV) (first time only, a few minutes)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -e '.[dev]'
	@touch $@

demo: $(BIN)/sushasan
	$(SAY) "[1/6] A fresh SAMPLE data folder: $(DEMO_DATA)/ (sample only, never mixed with real records)"
	rm -rf $(DEMO_DATA) out
	$(SU) init
	$(SAY) "[2/6] Generating two labelled SAMPLE quarters ($(PREVIOUS), $(QUARTER)), seed $(SEED)"
	$(SU) sample --quarter $(PREVIOUS) --seed $(SEED)
	$(SU) sample --quarter $(QUARTER) --seed $(SEED)
	$(SAY) "[3/6] Grievance desk: finding citizens' grievances and opening tickets (triage)"
	$(SU) grievances triage
	$(SAY) "[4/6] Playing the sample officers' work on the tickets"
	$(SU) grievances simulate --seed $(SEED)
	$(SAY) "[5/6] Publishing the reviews of $(PREVIOUS) and $(QUARTER), reports in out/"
	$(SU) review --quarter $(PREVIOUS) --publish --out $(DEMO_DATA)/published --format json
	$(SU) review --quarter $(QUARTER) --publish --out out \
		--format json,html,xlsx,pdf,certificates
	$(SAY) "[6/6] Demo logins, one per role (DEMO ONLY: known passwords, sample-data folder $(DEMO_DATA))"
	@$(SU) demo-users
	@echo
	@echo "Done. Open the reports: out/review-$(QUARTER).pdf (full pack), out/review-$(QUARTER)-meeting.pdf,"
	@echo "  out/review-$(QUARTER).html, out/review-$(QUARTER).xlsx, certificates in out/."
	@echo "Dashboard: http://$(HOST):$(PORT)/ (sign in with a login above); public page: http://$(HOST):$(PORT)/public"
ifeq ($(NO_SERVE),)
	@echo "Serving the dashboard now; Ctrl-C stops it (make serve starts it again)."
	$(SU) serve --host $(HOST) --port $(PORT)
else
	@echo "Start it with: make serve"
endif

serve: $(BIN)/sushasan
	@test -d $(DEMO_DATA) || { echo "no $(DEMO_DATA)/ yet: run make demo NO_SERVE=1 first"; exit 2; }
	@echo "Dashboard: http://$(HOST):$(PORT)/   (public page: http://$(HOST):$(PORT)/public); Ctrl-C stops it"
	$(SU) serve --host $(HOST) --port $(PORT)

test: $(BIN)/sushasan
	$(BIN)/ruff check src tests bench
	$(BIN)/python -m pytest

lint: $(BIN)/sushasan
	$(BIN)/ruff check src tests bench

bench: $(BIN)/sushasan
	$(BIN)/python bench/run.py
	$(BIN)/python bench/bench_grievances.py --quick
	$(BIN)/python bench/bench_fields.py
	$(BIN)/python bench/bench_routing.py
	$(BIN)/python bench/bench_audit.py
	$(BIN)/python bench/bench_web.py
	$(BIN)/python bench/bench_scale.py

# The concept router's weights ship inside the package (no training at run time). Rebuild them
# after changing the grievance training data, concepts.yaml or the featuriser; a test fails
# until the shipped file matches what the training code produces.
concept-model: $(BIN)/sushasan
	$(BIN)/python -m sushasan.grievances.classify.concept_model

clean:
	rm -rf $(VENV) $(DEMO_DATA) out
