# Two entry points the README opens with: `make run` and `make test`.
# Both create .venv/ in the project root when missing and install the pinned set.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# Python 3.12+ is required (mitmproxy 12). Prefer one found on PATH, then pyenv's.
PYTHON ?= $(shell for p in python3.12 python3.13 /root/.pyenv/versions/3.12*/bin/python3 /root/.pyenv/versions/3.13*/bin/python3 /usr/bin/python3.12 /usr/bin/python3.13 python3; do \
	$$p -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1 && { echo $$p; break; }; done)

.PHONY: install run test test-deps typecheck bench fuzz clean

$(STAMP): pyproject.toml constraints.txt
	@if [ -z "$(PYTHON)" ]; then echo "error: Python 3.12 or newer is required (set PYTHON=/path/to/python3.12)" >&2; exit 1; fi
	@start=$$(date +%s); \
	  if [ ! -x $(PY) ]; then echo "==> [1/3] creating $(VENV)/ with $$($(PYTHON) --version)"; $(PYTHON) -m venv $(VENV) || exit 1; \
	  else echo "==> [1/3] using $(VENV)/"; fi; \
	  echo "==> [2/3] updating pip"; \
	  $(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip || exit 1; \
	  echo "==> [3/3] installing privacy-guard and its pinned dependencies (mitmproxy, Presidio, jieba, ...; about 2 minutes the first time)"; \
	  $(PY) -m pip install --quiet --disable-pip-version-check --progress-bar off -c constraints.txt -e '.[test]' || exit 1; \
	  echo "==> installed in $$(( $$(date +%s) - start )) s: $$($(VENV)/bin/privacy-guard --version)"
	@touch $(STAMP)

install: $(STAMP)

run: install
	@echo "==> starting the proxy (Ctrl-C stops it; the line below gives its addresses)"
	@$(VENV)/bin/privacy-guard run $(ARGS)

# The browser tests drive Debian's Chromium (and a CJK font, so screenshots of the
# Chinese pages are readable); the gateway tests need nft and curl (transparent
# mode in network namespaces) and systemd-analyze (the unit file). Installed when
# missing (needs root and apt). Without them those tests are skipped locally and fail under CI.
TEST_PACKAGES := chromium fonts-wqy-zenhei nftables curl systemd
test-deps:
	@{ command -v chromium >/dev/null 2>&1 && test -d /usr/share/fonts/truetype/wqy && command -v nft >/dev/null 2>&1 \
	   && command -v curl >/dev/null 2>&1 && command -v systemd-analyze >/dev/null 2>&1; } || { \
	  echo "==> installing $(TEST_PACKAGES) for the browser and gateway tests (apt-get)"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  { apt-get install -y --no-install-recommends $(TEST_PACKAGES) >/dev/null 2>&1 || \
	    { apt-get update >/dev/null 2>&1 && apt-get install -y --no-install-recommends $(TEST_PACKAGES) >/dev/null 2>&1; }; } || \
	  echo "warning: could not install $(TEST_PACKAGES); the browser and gateway tests cannot run" >&2; }

test: install test-deps
	$(PY) -m pytest $(ARGS)

typecheck: install
	$(VENV)/bin/mypy

bench: install
	$(PY) -m bench quality

# Coverage-guided fuzzing (atheris/libFuzzer) of multipart parsing, file-text extraction,
# the format adapters and stream restoring, FUZZ_SECONDS each (default 60). Seeds are in
# fuzz/corpus/<name> (committed); new inputs go to .fuzz-work/<name>; a crash leaves
# .fuzz-work/crash-* to add to the corpus once fixed. Without atheris the harnesses
# fall back to a plain random-input loop over the corpus (they say so).
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := multipart filetext adapters restore
fuzz: install
	$(PY) -m pip install --quiet -c constraints.txt atheris || echo "warning: atheris not installed; random-input loop only" >&2
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p .fuzz-work/$$t; \
	  echo "fuzz $$t for $(FUZZ_SECONDS) s"; \
	  FUZZ_SECONDS=$(FUZZ_SECONDS) $(PY) fuzz/fuzz_$$t.py .fuzz-work/$$t fuzz/corpus/$$t \
	    -max_total_time=$(FUZZ_SECONDS) -timeout=20 -rss_limit_mb=2048 -artifact_prefix=.fuzz-work/ \
	    -print_final_stats=1 2>&1 | grep -E '^(#[0-9]+ +DONE|Done|stat::number_of_executed_units|==|ERROR|Traceback|AssertionError)|atheris not installed|inputs, no failure' ; \
	  test $${PIPESTATUS[0]} -eq 0 || exit 1; \
	done

clean:
	rm -rf $(VENV)

# Retrain the learned name tagger (detectors/models/name_tagger.npz + its provenance)
# from ../shared/eval and the generated school corpus; deterministic (seed 13), ~1–2 min.
.PHONY: model
model: install
	PYTHONPATH=. $(PY) -m bench.train_names $(ARGS)
