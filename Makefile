# Shortcuts; the README's two commands work without make.
VENV := .venv
PY := $(VENV)/bin/python
# The container image (README, Image): the engine's command, a base to build from instead of
# the Dockerfile's FROM (container/stand_in_base.sh makes one where docker.io is unreachable),
# and extra flags for podman build and run on a host that needs them.
IMAGE ?= localhost/sumber:latest
PODMAN ?= podman
BASE ?=
PODMAN_BUILD_FLAGS ?=
PODMAN_RUN_FLAGS ?=

.PHONY: venv run test train evaluate bench bench-http bench-batch bench-archive bench-bounds soak image image-test

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

image:
	$(PODMAN) build --format docker $(if $(BASE),--from $(BASE)) $(PODMAN_BUILD_FLAGS) -t $(IMAGE) .

image-test: image venv
	SUMBER_IMAGE=$(IMAGE) PODMAN="$(PODMAN)" PODMAN_RUN_FLAGS="$(PODMAN_RUN_FLAGS)" $(PY) -m pytest -q tests/test_image.py
