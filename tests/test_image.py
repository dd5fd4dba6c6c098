"""The container image as it ships: built from the Dockerfile, started with its own CMD.

Runs only when ``SUMBER_IMAGE`` names a built image (``make image-test`` builds one and sets
it); the suite skips it otherwise, as CI has no container engine. ``PODMAN`` is the engine's
command (default ``podman``), ``PODMAN_RUN_FLAGS`` extra flags for ``podman run`` on a host
that needs them (the README's Image section lists this machine's).

The container shares the host's network (no port publishing to set up) and listens on a
free port through ``PORT``, which the image's HEALTHCHECK must follow.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import time
import uuid

import pytest
import requests

from benchmarks.loopback import HOST, answers_health
from service.config import default_model_dir
from service.report import build_report
from tests.live_servers import free_port

IMAGE = os.environ.get("SUMBER_IMAGE")
PODMAN = shlex.split(os.environ.get("PODMAN", "podman"))
RUN_FLAGS = shlex.split(os.environ.get("PODMAN_RUN_FLAGS", ""))
START_SECONDS = 60

pytestmark = pytest.mark.skipif(not IMAGE, reason="no image to test: set SUMBER_IMAGE (make image-test)")


def podman(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run([*PODMAN, *args], capture_output=True, text=True, timeout=120, check=check)


@pytest.fixture(scope="module")
def container():
    """(name, base URL) of the image running its own CMD; removed at the end."""
    name, port = f"sumber-test-{uuid.uuid4().hex[:8]}", free_port()
    podman("run", "--detach", "--name", name, "--network", "host", "--env", f"PORT={port}", *RUN_FLAGS, IMAGE)
    base = f"http://{HOST}:{port}"
    try:
        deadline = time.monotonic() + START_SECONDS
        while not answers_health(port):
            if time.monotonic() > deadline:
                pytest.fail(f"the container did not answer /health in {START_SECONDS} s:\n"
                            + podman("logs", name, check=False).stderr[-2000:])
            time.sleep(0.5)
        yield name, base
    finally:
        podman("rm", "--force", name, check=False)


def test_health_names_the_committed_model(container):
    _, base = container
    manifest = json.loads((default_model_dir() / "manifest.json").read_text(encoding="utf-8"))
    assert requests.get(f"{base}/health", timeout=5).json()["model"]["sha256"] == manifest["sha256"]


def test_the_seed_report_is_the_one_the_repository_computes(container, seed, real_model):
    _, base = container
    response = requests.post(f"{base}/score", json=seed, timeout=10)
    assert response.status_code == 200
    served, local = response.json(), build_report(real_model, seed["text"], seed["title"])
    for key in ("headline", "sentences", "sources", "headline_support", "credibility", "summary"):
        assert served[key] == json.loads(json.dumps(local[key])), key


def test_bad_input_is_a_json_4xx(container):
    _, base = container
    response = requests.post(f"{base}/score", data=b"{", headers={"Content-Type": "application/json"}, timeout=5)
    assert response.status_code == 400
    assert set(response.json()) == {"error", "message"}


def test_runs_as_a_user_other_than_root(container):
    name, _ = container
    assert podman("exec", name, "id", "-u").stdout.strip() != "0"


def test_the_healthcheck_follows_port(container):
    name, _ = container
    assert podman("healthcheck", "run", name, check=False).returncode == 0


def test_sigterm_stops_it_cleanly(container):
    """Last in the module: stops the container."""
    name, _ = container
    podman("stop", "--time", "30", name)
    assert podman("inspect", "--format", "{{.State.ExitCode}}", name).stdout.strip() == "0"
