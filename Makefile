# The two commands of the README: `make demo` (main job on the bundled corpus) and `make test`.
# Both set up everything they need on a fresh machine; nothing depends on a hand install.
VENV ?= .venv
PY := $(VENV)/bin/python
PI := $(VENV)/bin/policyintel
APT_PACKAGES := fonts-wqy-microhei fonts-noto-cjk chromium libreoffice-writer-nogui

.PHONY: demo test setup setup-test system-packages bench

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

$(VENV)/.installed-ml: $(VENV)/.installed
	$(PY) -m pip install -q -e '.[dev,ml]'
	touch $@

setup: $(VENV)/.installed

# System packages the tests need (a CJK font for generated PDFs, Chromium for the page tests).
system-packages:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

demo: setup
	$(PI) demo

test: system-packages $(VENV)/.installed-ml
	$(VENV)/bin/pytest -m "not slow" -p no:cacheprovider

bench: setup
	for f in bench/bench_*.py; do $(PY) $$f || exit 1; done
