# The two quick-start commands: `make map` and `make test`. Each creates .venv on a
# fresh machine and installs what it needs, so nothing has to be set up by hand.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: map test lint typecheck bench fuzz screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The package's bytecode is compiled once at install: where PYTHONDONTWRITEBYTECODE is
# set, every command would otherwise compile argmap's modules again (0.25 s of a build).
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	$(BIN)/python -m compileall -q graph
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m compileall -q graph
	touch $@ $(VENV)/.installed

map: $(VENV)/.installed
	$(BIN)/argmap build

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest

lint: $(VENV)/.installed-test
	$(BIN)/ruff check graph tests benchmarks
	$(BIN)/ruff format --check graph tests benchmarks

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy

bench: $(VENV)/.installed-test
	$(BIN)/python benchmarks/bench_store.py
	$(BIN)/python benchmarks/bench_semantics.py
	$(BIN)/python benchmarks/bench_reasoning.py
	$(BIN)/python benchmarks/bench_map.py
	$(BIN)/python benchmarks/bench_import.py

# A long fuzz campaign over every reader (tests/test_fuzz.py runs 25 inputs per format
# in `make test`): FUZZ_EXAMPLES random inputs per format, a table of what they gave.
FUZZ_EXAMPLES ?= 2000
fuzz: $(VENV)/.installed-test
	rm -f output/fuzz.tsv
	ARGMAP_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) ARGMAP_FUZZ_RANDOM=1 ARGMAP_FUZZ_REPORT=output/fuzz.tsv \
		$(BIN)/python -m pytest -q -p no:cacheprovider tests/test_fuzz.py -k mutation
	@printf 'format\ttried\tread\trefused (exit 1, one error)\n'; cat output/fuzz.tsv

# The screenshots in docs/ and the README (needs Chromium: apt-get install chromium).
screenshots: $(VENV)/.installed-test
	$(BIN)/python docs/screenshots.py

clean:
	rm -rf $(VENV) output build *.egg-info
