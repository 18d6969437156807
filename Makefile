# Two entry points (see README): `make run` and `make test`. Everything else is a step of them.
SHELL := /bin/bash
PY ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_DATA := .cache/test-data
DEBREF := $(TEST_DATA)/debian-reference.de.pdf
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export GRADIO_ANALYTICS_ENABLED := False
export ANONYMIZED_TELEMETRY := False

.PHONY: run test setup model ingest serve chromium test-data eval outside-corpus outside-eval calibrate bench load-test fuzz screenshots browser-5x clean

## run: set up, fetch and verify the model, ingest the bundled corpus, serve on http://127.0.0.1:7860
run: setup model ingest serve

## test: set up (with test extras, Chromium and test data) and run the whole test suite
test: setup-test model chromium test-data outside-corpus
	CIMIS_CHECK_CLEAN=1 $(BIN)/python -m pytest -q -rs

$(STAMP): pyproject.toml
	@$(PY) -c "import sys; sys.exit(sys.version_info[:2] != (3, 11))" || { echo "Python 3.11 wird benötigt (gefunden: $(PY))"; exit 2; }
	test -d $(VENV) || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	# torch first and pinned: this CPU wheel avoids gigabytes of CUDA packages.
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)
setup-test: $(STAMP)

model: setup
	$(BIN)/cimis model fetch

ingest: setup model
	$(BIN)/cimis ingest

serve: setup
	$(BIN)/cimis serve --host 127.0.0.1 --port 7860

chromium:
	@test -x /usr/bin/chromium || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# A real German PDF whose text pypdf extracts without spaces (tests the repair).
test-data: $(DEBREF)
$(DEBREF):
	mkdir -p $(TEST_DATA)/deb
	cd $(TEST_DATA)/deb && { apt-get download debian-reference-de 2>/dev/null || { apt-get update -qq && apt-get download debian-reference-de; }; }
	dpkg-deb -x $(TEST_DATA)/deb/debian-reference-de_*.deb $(TEST_DATA)/deb/x
	cp $(TEST_DATA)/deb/x/usr/share/debian-reference/debian-reference.de.pdf $(DEBREF)
	rm -rf $(TEST_DATA)/deb

OUTSIDE := .cache/outside-corpus
OUTSIDE_DATA := data-outside

# Every golden set on the bundled corpus; the report goes to data/eval (docs/quality with --report-dir).
eval: setup model ingest
	$(BIN)/cimis eval

# German documentation from Debian packages that nobody here wrote, indexed alone.
outside-corpus:
	bash scripts/fetch_outside_corpus.sh $(OUTSIDE)

outside-eval: setup model outside-corpus
	CIMIS_DATA_DIR=$(OUTSIDE_DATA) $(BIN)/cimis ingest $(OUTSIDE)
	CIMIS_DATA_DIR=$(OUTSIDE_DATA) $(BIN)/cimis eval tests/golden/outside/outside.jsonl

# Refit the shipped answer calibration on the tune splits of both corpora (assistant/calibration.json).
calibrate: ingest outside-eval
	$(BIN)/python scripts/calibrate.py --set tests/golden/questions.jsonl=data \
		--set tests/golden/users-tune.jsonl=data --set tests/golden/outside/outside.jsonl=$(OUTSIDE_DATA)

bench: setup model
	$(BIN)/python bench/embedding_throughput.py

## load-test: bounded loopback load test of a real server (req/s, latency percentiles, errors, RSS)
load-test: setup model
	$(BIN)/python bench/load_test.py

## fuzz: the HTTP API fuzzed from its OpenAPI schema, at least 2,000 cases
fuzz: setup-test model
	CIMIS_FUZZ_EXAMPLES=300 $(BIN)/python -m pytest -q -m fuzz -p no:cacheprovider

## screenshots: refresh the README screenshots (docs/screenshots/) from the browser tests
screenshots: setup-test model chromium
	CIMIS_SCREENSHOT_DIR=$(CURDIR)/docs/screenshots $(BIN)/python -m pytest -q -m browser

## browser-5x: the browser suite five times in a row (flakiness check before submitting)
browser-5x: setup-test model chromium
	for i in 1 2 3 4 5; do $(BIN)/python -m pytest -q -m browser -p no:cacheprovider || exit 1; done

clean:
	rm -rf $(VENV) data $(OUTSIDE_DATA) .cache
