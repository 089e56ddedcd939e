# Thin wrappers; README.md documents each target.
VENV ?= .venv
BIN := $(VENV)/bin
PYTHON ?= python3
PORT ?= 5000
TEST_DATABASE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/portal_test
export FLASK_APP := portal

.PHONY: install run test test-sqlite test-postgresql test-browser lint lock format i18n translations bench clean

# Exactly the versions CI tested (requirements.lock), then the portal itself without resolving again.
$(BIN)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

install: $(BIN)/.installed

translations: install
	$(BIN)/pybabel compile -d translations >/dev/null

## Serve the portal on http://127.0.0.1:$(PORT) with SQLite and the demo data.
## PORT is passed on: links in e-mails use it unless BASE_URL is set.
run: translations
	$(BIN)/flask db upgrade
	$(BIN)/flask portal seed-demo --if-empty
	PORT=$(PORT) $(BIN)/flask run --port $(PORT)

## Every test: the whole suite on SQLite (with the browser tests), then on PostgreSQL.
test: translations
	$(BIN)/pytest -q
	TEST_DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/pytest -q -m "not browser"

test-sqlite: translations
	$(BIN)/pytest -q -m "not browser"

test-postgresql: translations
	TEST_DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/pytest -q -m "not browser"

test-browser: translations
	$(BIN)/pytest -q -m browser

## Every check CI runs before the tests: style, the domains' import contracts, types.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

## Pin every transitive dependency again after changing pyproject.toml.
lock: install
	$(BIN)/pip-compile --quiet --extra dev --strip-extras --no-emit-index-url --no-emit-find-links --output-file requirements.lock pyproject.toml

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## Extract strings, update the nb/nn/en catalogs, compile them.
i18n: install
	$(BIN)/pybabel extract -F translations/babel.cfg -k _l -k lazy_gettext -o translations/messages.pot --no-location --sort-output --omit-header .
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching --ignore-obsolete
	$(BIN)/python -m portal.core.catalogs fill-english
	$(BIN)/python -m portal.core.catalogs check || true
	$(BIN)/pybabel compile --statistics -d translations 2>&1 | grep -v "^compiling" || true

## Scale benchmarks (issue #14) at SCALE=1k|10k|100k; bench/README.md explains.
SCALE ?= 100k
bench: translations
	$(BIN)/python -m bench.run --scale $(SCALE)

clean:
	rm -rf $(VENV) instance/*.sqlite3* .pytest_cache
