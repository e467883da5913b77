# CareerMap: `make run` for the embedded default with demo data, `make test` for the suite.
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
# The Python of .python-version (the Dockerfile's and the lock's), else any 3.12+.
PYTHON ?= $(shell for p in python$$(cat .python-version) python3.12 python3.13 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	&& echo $$p && break; done)
# The embedded PostgreSQL unless DATABASE_URL names another server.
DB_URL = $${DATABASE_URL:-$$($(PY) -m careermap.embedded start)}

# The lock: every dependency, direct and indirect, pinned with hashes (see `make lock`).
LOCK := requirements/dev.txt
UV := .data/lock-tools/bin/uv
UV_VERSION := 0.13.8
LOCK_ARGS := --generate-hashes --universal --python-version 3.12 --quiet

.PHONY: install lock run stop test test-fast lint security audit typecheck bench seed clean messages

$(VENV)/.installed: $(LOCK)
	@test -n "$(PYTHON)" || { echo "CareerMap needs Python 3.12 or newer (python3.12 / python3.13)"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes --no-deps -r $(LOCK)
	@touch $@

install: $(VENV)/.installed

# After changing a dependency group in pyproject.toml: resolve both lock files again.
lock:
	@test -x $(UV) || { $(PYTHON) -m venv .data/lock-tools && .data/lock-tools/bin/pip install --quiet "uv==$(UV_VERSION)"; }
	$(UV) pip compile --group pyproject.toml:dev $(LOCK_ARGS) -o requirements/dev.txt
	$(UV) pip compile --group pyproject.toml:runtime $(LOCK_ARGS) -o requirements/runtime.txt

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

# Static security analysis: medium or high findings fail (each justified one carries `# nosec`).
security: install
	$(VENV)/bin/bandit --quiet --recursive apps careermap --exclude '*/migrations/*' \
		--severity-level medium --format txt 2>/dev/null

# Known vulnerabilities in every pinned dependency (pip-audit, PyPI's advisory data), strict:
# one not audited fails too. Where PyPI's per-version JSON cannot be reached (this build
# machine's proxy answers 404 for it), it says so and skips rather than pass by auditing nothing.
AUDIT := .data/audit/bin/pip-audit
AUDIT_PROBE = https://pypi.org/pypi/django/$$(sed -n 's/^django==\([^ ]*\).*/\1/p' requirements/runtime.txt)/json
audit:
	@test -x $(AUDIT) || { $(PYTHON) -m venv .data/audit && .data/audit/bin/pip install --quiet \
		"pip-audit==2.10.1" >.data/audit.log 2>&1; } || true
	@if ! test -x $(AUDIT); then \
		echo "audit SKIPPED: pip-audit could not be installed from PyPI (see .data/audit.log)"; \
	elif curl -sf -o /dev/null "$(AUDIT_PROBE)"; then \
		$(AUDIT) --strict --disable-pip --require-hashes -r requirements/dev.txt; \
	else \
		echo "audit SKIPPED: PyPI's vulnerability data ($(AUDIT_PROBE)) is not reachable from here"; \
	fi

typecheck: install
	DATABASE_URL=$(DB_URL) $(VENV)/bin/mypy careermap apps

# Backups of the database (DATABASE_URL, else the embedded server): pg_dump custom format,
# into backups/careermap-YYYYmmdd-HHMMSS.dump unless FILE= names one. Restore needs FILE=.
.PHONY: backup restore
backup: install
	DATABASE_URL=$(DB_URL) $(PY) -m careermap.backup dump $(FILE)

restore: install
	DATABASE_URL=$(DB_URL) $(PY) -m careermap.backup restore $(FILE)

# After marking strings: collect them, fold in translations, compile the committed .mo.
messages: install
	$(PY) -m careermap.messages

bench: install
	DATABASE_URL=$(DB_URL) $(PY) -m bench

clean:
	rm -rf $(VENV) staticfiles
