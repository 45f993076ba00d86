# newskg: two commands for a newcomer. `make demo` runs the main job, `make test` runs the tests.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DOCS_STAMP := $(VENV)/.docs-installed

.PHONY: demo test install build lint typecheck bench bench-scale docs clean wheel

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	@# the editable install leaves src/ uncompiled: compile it now, so that a start does not (where
	@# PYTHONDONTWRITEBYTECODE is set, nothing else would; about 30-60 ms of every command)
	$(BIN)/python -m compileall -q src
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/newskg build
	$(BIN)/newskg validate
	@echo; echo "== Which articles report the ceasefire? (one instance, one report per article)"
	@$(BIN)/newskg query --name instance-reports --param instance=agreement:karabakh-ceasefire-2023
	@echo; echo "== The figures for each counted thing, source by source (reviewed reports only)"
	@$(BIN)/newskg query --name figures-compared
	@echo; echo "== Who controlled which territory on 1 September 2023?"
	@$(BIN)/newskg query --name territory-control --param date=2023-09-01
	@echo; echo "== ... and on 15 October 2023?"
	@$(BIN)/newskg query --name territory-control --param date=2023-10-15
	@echo; echo "== Pashinyan's denial and expectation beside Aliyev's claims"
	@$(BIN)/newskg query --name denials-expectations-claims

test: $(STAMP) lint
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests bench tools
	$(BIN)/mypy --strict src/newskg

bench: $(STAMP)
	$(BIN)/python bench/bench_cli.py
	$(BIN)/python bench/bench_extract.py
	$(BIN)/python bench/bench_review.py
	$(BIN)/python bench/bench_scale.py

# The scale benchmark at 100k and 1M triples (about half an hour on 2 cores).
bench-scale: $(STAMP)
	$(BIN)/python bench/bench_scale.py --sizes 100000,1000000

# HTML documentation of the ontology, concepts included (pyLODE): build/docs/ontology.html
$(DOCS_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[docs]'
	touch $(DOCS_STAMP)

docs: $(DOCS_STAMP)
	$(BIN)/python tools/ontology_docs.py build/docs/ontology.html

# The wheel (package data included) in dist/; setuptools' scratch goes to .setuptools-build/ (setup.cfg)
wheel: $(STAMP)
	$(BIN)/python -m pip wheel --quiet --no-deps -w dist .

clean:
	rm -rf build dist .setuptools-build $(VENV)
