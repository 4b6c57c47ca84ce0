# The two commands a newcomer runs: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install secret-key run serve worker test lint bench-smoke clean

# A virtual environment with the project and its dev tools, rebuilt when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

# The web server refuses to start without a lasting secret key (catalog/checks.py);
# this machine's is made once, readable by its owner only.
DATA_DIR ?= $(or $(ARCHIVE_DATA_DIR),data)
secret-key: $(DATA_DIR)/secret_key
$(DATA_DIR)/secret_key: | install
	mkdir -p $(DATA_DIR)
	umask 077 && $(PY) -c 'import secrets; print(secrets.token_urlsafe(64))' > $@

## run: migrate the embedded SQLite database, ingest and publish seeds/, serve on 127.0.0.1:8000
## (with the background ingest's worker)
run: install secret-key
	$(PY) manage.py migrate --verbosity 0
	$(PY) manage.py setup_roles
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py ingest --publish seeds/
	$(MAKE) serve

# The background ingest's worker (Huey; its queue is data/queue.sqlite3 unless
# ARCHIVE_QUEUE_URL names a Redis server) runs beside the web server and stops with it.
serve: install secret-key
	$(PY) manage.py run_huey --workers 2 --worker-type process & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(VENV)/bin/gunicorn catalog.wsgi --bind $(HOST):$(PORT) --workers 2 --access-logfile -

worker: install
	$(PY) manage.py run_huey --workers 2 --worker-type process

## test: the whole suite (SQLite unless DATABASE_URL names a PostgreSQL server)
test: install
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check .

bench-smoke: install
	$(PY) -m bench --scale 200 --out /tmp/archive-bench-smoke.json

clean:
	rm -rf $(VENV) data .pytest_cache
