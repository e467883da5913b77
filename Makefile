# CareerMap: `make run` for the embedded default with demo data, `make test` for the suite.
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
# Django 6 needs Python 3.12+: take the first interpreter that is new enough.
PYTHON ?= $(shell for p in python3.13 python3.12 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	&& echo $$p && break; done)
# The embedded PostgreSQL unless DATABASE_URL names another server.
DB_URL = $${DATABASE_URL:-$$($(PY) -m careermap.embedded start)}

.PHONY: install run stop test test-fast lint typecheck bench seed clean

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "CareerMap needs Python 3.12 or newer (python3.12 / python3.13)"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip>=25.1"
	$(PY) -m pip install --quiet --group dev
	@touch $@

install: $(VENV)/.installed

run: install
	$(PY) -m careermap.devserver --port $(PORT)

stop: install
	$(PY) -m careermap.embedded stop

seed: install
	DATABASE_URL=$(DB_URL) $(PY) manage.py seed_demo

test: install
	DATABASE_URL=$(DB_URL) $(PY) -m pytest -n 2 $(PYTEST_ARGS)

test-fast: install
	DATABASE_URL=$(DB_URL) $(PY) -m pytest -n 2 -m "not e2e and not redis" $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: install
	DATABASE_URL=$(DB_URL) $(VENV)/bin/mypy careermap apps

bench: install
	DATABASE_URL=$(DB_URL) $(PY) -m bench

clean:
	rm -rf $(VENV) staticfiles
