# Shortcuts; the README's two commands work without make.
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: venv run test train evaluate bench bench-http bench-batch bench-archive bench-bounds soak

venv:
	python3.11 -m venv $(VENV) && $(VENV)/bin/pip install -q -r requirements-dev.txt

run:
	python3.11 -m venv $(VENV) && $(VENV)/bin/pip install -q -r requirements.txt && $(VENV)/bin/gunicorn -c gunicorn.conf.py 'service:create_app()'

test: venv
	$(PY) -m pytest

train: venv
	$(PY) -m training.train

evaluate: venv
	$(PY) -m training.evaluate

bench: venv
	$(PY) -m benchmarks.inprocess

bench-http: venv
	$(PY) -m benchmarks.http

bench-batch: venv
	$(PY) -m benchmarks.batch

bench-archive: venv
	$(PY) -m benchmarks.batch --archive --repeats 2

bench-bounds: venv
	$(PY) -m benchmarks.bounds

soak: venv
	$(PY) -m benchmarks.soak
