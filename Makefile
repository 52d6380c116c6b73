# biopharma-kg: `make demo` and `make test` are the two commands a newcomer needs (README quickstart).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STORE  ?= kg-data
PORT   ?= 7878

.PHONY: demo test lint format install neo4j serve bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

demo: $(VENV)/.installed
	$(BIN)/kg --store $(STORE) ingest examples/
	$(BIN)/kg --store $(STORE) viz -o out/graph.html
	@echo "Interactive graph: $(CURDIR)/out/graph.html"
	$(BIN)/kg --store $(STORE) query partners "Northbridge Biologics" --format table

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(VENV)/.installed-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: lint
	$(BIN)/pytest

neo4j: $(VENV)/.installed-test
	$(BIN)/python scripts/neo4j_server.py

serve: $(VENV)/.installed
	$(BIN)/kg --store $(STORE) serve --port $(PORT)

bench: $(VENV)/.installed-test
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(STORE) out .pytest_cache .ruff_cache
