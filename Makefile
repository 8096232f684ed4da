# The two commands of the README:
#   make demo   build the graph from content/, export it, validate it, write the network
#               page, run sample questions
#   make test   run the whole test suite
# Both create the virtual environment .venv on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
OUT := build

.PHONY: demo test lint bench fuzz clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	$(BIN)/python scripts/genes/make_gene_index.py
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/kg build content -o $(OUT)
	$(BIN)/kg export --graph $(OUT) --format turtle -o $(OUT)/spacebio-kg.ttl
	$(BIN)/kg export --graph $(OUT) --format jsonld -o $(OUT)/spacebio-kg.jsonld
	$(BIN)/kg validate --graph $(OUT)
	$(BIN)/kg stats --graph $(OUT)
	$(BIN)/kg viz --graph $(OUT) -o $(OUT)/network.html
	$(BIN)/kg export --graph $(OUT) --format graphml -o $(OUT)/network.graphml
	$(BIN)/kg query publications --graph $(OUT)
	$(BIN)/kg query recurring-genes --graph $(OUT)
	$(BIN)/kg query cross-species-genes --graph $(OUT)
	$(BIN)/kg query shared-knowledge-gaps -p min=3 --graph $(OUT)

test: $(STAMP)
	$(BIN)/python -m pytest

# ruff and strict mypy, configured in pyproject.toml (CI runs this before the tests)
lint: $(STAMP)
	$(BIN)/ruff check kg tests
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_lexicon.py
	$(BIN)/python benchmarks/bench_build.py --sizes 1000,10000
	$(BIN)/python benchmarks/bench_build.py --sizes 100000 --designs kg,kg-jobs
	$(BIN)/python benchmarks/bench_start.py

# the fuzz suite for longer: FUZZ_EXAMPLES files one by one (the normal suite tries 100)
fuzz: $(STAMP)
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-2000} $(BIN)/python -m pytest -q -p no:cacheprovider tests/test_fuzz.py

clean:
	rm -rf $(VENV) $(OUT)
