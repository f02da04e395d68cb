# baochi: two commands on a fresh machine -- `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
BAOCHI := $(VENV)/bin/baochi
DB     ?= baochi.db
STAMP  := $(VENV)/.installed

.PHONY: install demo serve test check lint typecheck pytest browser bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip==25.3
	$(PY) -m pip install -q -e '.[dev,all,web,ray]'
	touch $(STAMP)

install: $(STAMP)

## demo: ingest the sample corpus shipped in samples/ into ./baochi.db and run a few searches
demo: $(STAMP)
	$(PY) -m baochi.demo --db $(DB)

## serve: the web app and JSON API on the demo store, http://127.0.0.1:8000/ (run `make demo` first)
serve: $(STAMP)
	$(BAOCHI) serve --db $(DB)

## test: lint, format check, strict typing, every test
test: check

check: lint typecheck pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench

typecheck: $(STAMP)
	$(VENV)/bin/mypy

pytest: $(STAMP) browser
	$(PY) -m pytest; rc=$$?; if [ $$rc -eq 5 ]; then echo "pytest: no tests collected"; exit 0; fi; exit $$rc

## browser: Debian's chromium and chromium-driver for the end-to-end tests (CI runs as root); the browser
## tests skip with the reason when they cannot be installed
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; } || \
	  echo "chromium could not be installed: the browser tests will be skipped"

## bench: every benchmark in bench/, side by side with the anchor tools (BENCH_ARGS=--quick: a short run)
BENCH_ARGS ?=
bench: $(STAMP)
	$(PY) -m pip install -q -e '.[dev,all,ray,bench]'
	@for b in bench/*.py; do case $$b in */_*) continue;; esac; echo "== $$b"; $(PY) $$b $(BENCH_ARGS) || exit 1; done

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm .mypy_cache .pytest_cache .ruff_cache
