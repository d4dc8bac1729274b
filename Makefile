# The two commands: `make run` and `make test` (README.md).  Both set everything up on a fresh
# machine with only Python 3.11+: virtualenv, packages, catalogues, database, reference and demo data.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)

.PHONY: run drain test setup install bench lint clean

run: setup
	@echo "Serving on http://127.0.0.1:8000 (admin: http://127.0.0.1:8000/admin/), with one task worker"
	@DJANGO_DEBUG=1 $(BIN)/python manage.py db_worker --queue-name '*' & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  DJANGO_DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

# Run every queued task once and exit (tests, cron, after `make run` was stopped).
drain: install
	$(BIN)/python manage.py db_worker --queue-name '*' --batch --no-reload

test: setup
	$(BIN)/python -m pytest $(PYTEST_ARGS)

setup: install
	$(BIN)/python -m kerjasama.i18n
	$(BIN)/python manage.py migrate --noinput -v 0
	$(BIN)/python manage.py load_reference_data
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py load_reporting_demo

install: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

bench: setup
	$(BIN)/python bench/run_all.py

lint: install
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
