# Two entry points a new user needs: `make demo` and `make test`.
# Both create .venv on first use and install the toolkit into it.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin

.PHONY: demo test lint check wheel-test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml setup.py t9verify/_accept_native.c | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# The main job on the embedded default: list and lint the bundled library, then verify
# a sample signed audit export (from the committed test vectors) against pinned keys.
demo: $(VENV)/.installed
	$(BIN)/cmdlib library list
	$(BIN)/t9lint check "$$($(BIN)/cmdlib library path)"
	$(BIN)/t9verify audit verify tests/data/audit/valid/mixed.jsonl \
		--trust tests/data/audit/trust/main.json

test: $(VENV)/.installed
	$(BIN)/python -m pytest -q -p no:cacheprovider

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

check: lint test

# Build the wheel, install it into a clean venv and run the tests against it.
wheel-test: $(VENV)/.installed
	rm -rf dist /tmp/t9-wheel-venv
	$(BIN)/python -m build --wheel --outdir dist .
	$(PYTHON) -m venv /tmp/t9-wheel-venv
	/tmp/t9-wheel-venv/bin/pip install --quiet "$$(ls dist/*.whl)[test]"
	cd /tmp && T9_TESTS_AGAINST_WHEEL=1 /tmp/t9-wheel-venv/bin/python -m pytest -q -p no:cacheprovider $(CURDIR)/tests

clean:
	rm -rf $(VENV) dist build .mypy_cache .ruff_cache
