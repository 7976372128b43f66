# Two commands do everything on a fresh machine:
#   make run    set up, migrate, load the default content and demo users, serve on :5000
#   make test   set up (Chromium included where it can) and run every test
VENV ?= .venv
PYTHON ?= python3
FLASK = $(VENV)/bin/flask --app service
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test setup lint bench

run: export PUBLIC_URL ?= http://localhost:$(PORT)
# Webhooks go out from a thread of the server itself (see README: the worker command).
run: export WEBHOOK_WORKER_SECONDS ?= 1
run: setup
	$(FLASK) db upgrade
	$(FLASK) seed
	$(FLASK) demo
	SERVER_BIND=$(HOST):$(PORT) $(VENV)/bin/gunicorn --config python:service.serving 'service:create_app()'

# One worker per core (at most four): most of the suite is CPU-bound.
test: setup
	@bash scripts/browser-deps
	$(VENV)/bin/pytest --numprocesses auto --maxprocesses 4

lint: setup
	$(VENV)/bin/ruff check service tests bench

bench: setup
	$(VENV)/bin/python bench/live_latency.py
	$(VENV)/bin/python bench/stream_latency.py
	$(VENV)/bin/python bench/open_streams.py
	$(VENV)/bin/python bench/first_step_bytes.py
	$(VENV)/bin/python bench/upload_pipeline.py
	$(VENV)/bin/python bench/webhook_delivery.py
	$(VENV)/bin/python bench/sms_queue.py
	$(VENV)/bin/python bench/help_sheet.py
	$(VENV)/bin/python bench/analytics_funnel.py
	$(VENV)/bin/python bench/slow_clients.py
	$(VENV)/bin/python bench/sign_in_timing.py
	$(VENV)/bin/python bench/step_throughput.py --events 1000000

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[test]'
	touch $@
