# Closeknit: `make run` serves the app, `make test` runs the whole suite.
# Both set up what they need first (virtualenv, dependencies, front-end assets).
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export CLOSEKNIT_DATA_DIR ?= $(CURDIR)/var

.PHONY: run test lint format setup bench clean messages

$(VENV)/.installed: pyproject.toml constraints.txt
	@PY="$${PYTHON:-$$(scripts/find-python.sh)}" || exit 1; \
	  if [ ! -x $(BIN)/python ]; then echo "Creating $(VENV) with $$PY"; "$$PY" -m venv $(VENV); fi
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

setup: $(VENV)/.installed node_modules/.installed

run: setup
	$(BIN)/closeknit migrate --noinput
	$(BIN)/closeknit content load
	$(BIN)/closeknit collectstatic --noinput --verbosity 0
	$(BIN)/closeknit serve --host $(HOST) --port $(PORT)

test: setup
	@scripts/ensure-gettext.sh || echo "!! gettext is missing: the catalogue freshness test will be skipped."
	@scripts/ensure-chromium.sh; status=$$?; \
	if [ $$status -eq 0 ]; then \
	  $(BIN)/pytest $(PYTEST_ARGS); \
	elif [ -n "$$CLOSEKNIT_REQUIRE_BROWSER" ]; then \
	  echo "!! Chromium is required (CLOSEKNIT_REQUIRE_BROWSER is set) but not available."; exit 1; \
	else \
	  echo "!! Browser tests NOT run: Chromium is not available (see above). Running the rest."; \
	  $(BIN)/pytest -m "not browser" $(PYTEST_ARGS); \
	fi

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy closeknit

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The benchmark suite at a small size (under ten minutes); docs/benchmarks.md has the
# full-size run. Needs wrk (apt-get install wrk) and PostgreSQL for the PostgreSQL figures.
BENCH_DATA_DIR ?= /tmp/closeknit-bench
bench: setup
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk >/dev/null) \
	  || echo "!! wrk is not installed: load tests will be skipped"
	CLOSEKNIT_DATA_DIR=$(BENCH_DATA_DIR) $(BIN)/python bench/run.py $(BENCH_ARGS)

# Refresh every translation catalogue under closeknit/locale/ from the source (needs
# xgettext from GNU gettext; docs/translating.md). tests/i18n checks the same options.
MESSAGES_OPTIONS := --domain django --no-obsolete --add-location file \
  --ignore node_modules --ignore var --ignore tests --ignore bench --ignore scripts \
  --ignore docs --ignore content --ignore conftest.py --ignore '*.egg-info'
messages: setup
	@scripts/ensure-gettext.sh
	$(BIN)/closeknit makemessages --all $(MESSAGES_OPTIONS)

clean:
	rm -rf $(VENV) node_modules var/static
