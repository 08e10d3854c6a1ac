# Two commands do all set-up on a fresh machine:
#   make demo   create .venv, install, index corpus/ and ask the canonical question
#   make test   create .venv if needed, install, run lint + the test suite + the grounding eval gate
#               (every suite in evals/suites; exits 1 when a test half misses a bar of its suite)
#   make eval-dev  the dev halves only, never gated: what to look at while tuning
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
QUESTION ?= why did ISKP target Pakistan's embassy?

.PHONY: demo test install lint bench clean eval-dev

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/assistant ingest
	$(BIN)/assistant ask "$(QUESTION)"

lint: $(STAMP)
	$(BIN)/ruff check assistant tests bench evals

test: $(STAMP)
	$(BIN)/ruff check assistant tests bench evals
	$(BIN)/python -m pytest -q
	$(BIN)/assistant eval

eval-dev: $(STAMP)
	$(BIN)/assistant eval --half dev

bench: $(STAMP)
	$(BIN)/python bench/startup.py

clean:
	rm -rf $(VENV) index/chroma.sqlite3 index/*-*-*-*-*
