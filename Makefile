# The README's quick start: `make run` and `make test`. Both set everything up first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.ready

.PHONY: run test bench lint clean

$(READY): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(READY)

run: $(READY)
	$(BIN)/python -m local_voice $(ARGS)

test: $(READY)
	$(BIN)/python -m pytest

bench: $(READY)
	$(BIN)/python -m bench

lint: $(READY)
	$(BIN)/python -m pip install --quiet -e '.[test,dev]'
	$(BIN)/python -m ruff check .
	$(BIN)/python -m mypy --strict dialogue

clean:
	rm -rf $(VENV) build *.egg-info
