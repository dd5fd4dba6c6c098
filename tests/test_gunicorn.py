"""The service as it is deployed: the README's gunicorn command, and the Dockerfile's."""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
from pathlib import Path

import pytest
import requests

from tests.conftest import SEED_BODY_LABELS, SEED_HEADLINE_LABEL
from tests.live_servers import GUNICORN, ROOT, free_port, running_gunicorn


def readme_command(kind: str) -> str:
    """The README's first two commands: `run` starts the service, `test` runs the tests."""
    commands = re.findall(r"```(?:sh|bash)\n(.+?)\n```", (ROOT / "README.md").read_text(encoding="utf-8"))
    return commands[0 if kind == "run" else 1]


def gunicorn_args() -> list[str]:
    """The gunicorn part of the README's run command, as arguments."""
    run = readme_command("run")
    command = run.split("&&")[-1].strip()
    assert command.startswith(".venv/bin/gunicorn "), run
    return re.findall(r"'[^']*'|\S+", command[len(".venv/bin/"):])


def readme_gunicorn_args() -> list[str]:
    """The README's gunicorn arguments, quotes removed, as the shell passes them."""
    return [a.strip("'") for a in gunicorn_args()[1:]]


@pytest.fixture(scope="module")
def server_log(tmp_path_factory) -> Path:
    """Where the module's gunicorn writes its stdout and stderr."""
    return tmp_path_factory.mktemp("gunicorn") / "server.log"


@pytest.fixture(scope="module")
def server(server_log):
    """The README's gunicorn command on loopback with 2 workers; stopped cleanly at the end."""
    with running_gunicorn({}, server_log, readme_gunicorn_args()) as base:
        yield base


def test_seed_through_gunicorn(server, seed):
    response = requests.post(f"{server}/score", json=seed, timeout=10)
    assert response.status_code == 200
    report = response.json()
    assert report["headline"]["label"] == SEED_HEADLINE_LABEL
    labels = [s["label"] for s in report["sentences"]]
    assert sum(a == b for a, b in zip(labels, SEED_BODY_LABELS)) >= len(SEED_BODY_LABELS) - 2
    for sentence in report["sentences"]:
        assert seed["text"][sentence["start"]:sentence["end"]] == sentence["text"]


def test_no_control_socket_is_opened(server, server_log):
    """gunicorn's runtime control socket stays closed (gunicorn.conf.py says why). gunicorn
    opens it, and logs so, a moment after it answers; three seconds is ample."""
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline:
        assert "control socket" not in server_log.read_text(errors="replace").lower()
        time.sleep(0.1)


def test_errors_through_gunicorn_are_json(server):
    for response in (
        requests.post(f"{server}/score", data=b"{", headers={"Content-Type": "application/json"}, timeout=5),
        requests.post(f"{server}/score", data=b"x" * 1_100_000, headers={"Content-Type": "text/plain"}, timeout=5),
        requests.get(f"{server}/nowhere", timeout=5),
    ):
        assert 400 <= response.status_code < 500
        assert set(response.json()) == {"error", "message"}


def test_one_access_line_per_request_without_text(server, server_log, seed):
    request_id = f"gunicorn-{time.time_ns()}"
    response = requests.post(f"{server}/score", json={"id": "seed-g", **seed},
                             headers={"X-Request-ID": request_id}, timeout=10)
    assert response.headers["X-Request-ID"] == request_id
    deadline = time.monotonic() + 5
    while request_id not in server_log.read_text(errors="replace") and time.monotonic() < deadline:
        time.sleep(0.05)
    lines = [line for line in server_log.read_text(errors="replace").splitlines() if request_id in line]
    assert len(lines) == 1, lines
    assert "sumber.access" in lines[0] and "status=200" in lines[0] and 'ids=["seed-g"]' in lines[0]
    assert seed["title"] not in lines[0] and seed["text"][:30] not in lines[0]


@pytest.mark.parametrize("env,message", [
    ({"MODEL_DIR": "/nonexistent/model"}, "sumber: cannot start: no model at /nonexistent/model"),
    ({"PORT": "eighty"}, "sumber: cannot start: PORT='eighty' is not a whole number"),
    ({"PORT": "70000"}, "sumber: cannot start: PORT=70000 is not a TCP port"),
    ({"MAX_BODY_BYTES": "1MB"}, "sumber: cannot start: MAX_BODY_BYTES='1MB' is not a whole number"),
    ({"LOG_LEVEL": "chatty"}, "sumber: cannot start: LOG_LEVEL='chatty' is not one of"),
    ({"API_KEYS": "short"}, "sumber: cannot start: API_KEYS: key 1 must be 16-256"),
    # gunicorn reads WEB_CONCURRENCY itself before our config; it refuses a negative one.
    ({"WEB_CONCURRENCY": "-1"}, "Error: Value must be positive: -1"),
])
def test_bad_start_up_is_one_line(env, message):
    result = subprocess.run([str(GUNICORN), *readme_gunicorn_args()], cwd=ROOT, env={**os.environ, "PORT": str(free_port()), **env},
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines[-1].startswith(message)
    assert "Traceback" not in result.stderr


def test_dockerfile_runs_the_readme_command():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    cmd = json.loads(re.search(r"^CMD (\[.*\])$", dockerfile, re.MULTILINE).group(1))
    assert cmd == [a.strip("'") for a in gunicorn_args()]
    for source in re.findall(r"^COPY (\S+)", dockerfile, re.MULTILINE):
        assert (ROOT / source).exists(), source
    assert re.search(r"^USER (?!root)\w+", dockerfile, re.MULTILINE)
    assert "EXPOSE 8000" in dockerfile and "HEALTHCHECK" in dockerfile and "/health" in dockerfile


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert readme_command("test") in ci
