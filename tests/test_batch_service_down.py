"""python -m service.batch --url while the service goes down mid-run: the client retries with
backoff, what still fails is recorded with its reason, nothing written is lost, and a rerun
against the restarted service completes with every id exactly once."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from tests.live_servers import GUNICORN_ARGS, ROOT, running_gunicorn
from tests.test_batch_job import assert_each_id_once, output_lines, write_jsonl

# The client's default backoff before its 2nd, 3rd and 4th tries: 0.5 + 1 + 2 seconds.
BACKOFF_SECONDS = 3.5


def batch_command(input_path: Path, output: Path, base: str) -> list[str]:
    return [sys.executable, "-m", "service.batch", "--input", str(input_path), "--output", str(output),
            "--url", base, "--workers", "2"]


def take_down(pid_file: Path, base: str) -> None:
    """Take the whole service down: SIGKILL every worker (requests in flight are cut off, as in a
    crash), SIGTERM the master so that nothing restarts them; return once its port refuses."""
    master = int(pid_file.read_text())
    workers = [int(pid) for pid in Path(f"/proc/{master}/task/{master}/children").read_text().split()]
    assert workers, "gunicorn has no workers to kill"
    for worker in workers:
        os.kill(worker, signal.SIGKILL)
    os.kill(master, signal.SIGTERM)
    port = int(base.rsplit(":", 1)[1])
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
        except ConnectionRefusedError:
            return
        assert time.monotonic() < deadline, "gunicorn still listens 30 s after SIGTERM"
        time.sleep(0.05)


def test_a_service_down_mid_run_loses_nothing_and_a_rerun_completes(tmp_path, corpus_articles):
    # Three of the job's chunks (50 articles each): the service goes down once the first is written.
    articles = corpus_articles[:150]
    ids = [a["id"] for a in articles]
    write_jsonl(tmp_path / "in.jsonl", articles)
    output, errors = tmp_path / "out.jsonl", tmp_path / "out.jsonl.errors.jsonl"
    pid_file = tmp_path / "gunicorn.pid"
    with running_gunicorn({}, tmp_path / "first.log", [*GUNICORN_ARGS[:-1], "--pid", str(pid_file),
                                                        GUNICORN_ARGS[-1]]) as base:
        with open(tmp_path / "job.log", "wb") as log:
            job = subprocess.Popen(batch_command(tmp_path / "in.jsonl", output, base), cwd=ROOT,
                                   stdout=subprocess.DEVNULL, stderr=log)
        try:
            deadline = time.monotonic() + 90
            while not (output.exists() and output.stat().st_size) and job.poll() is None:
                assert time.monotonic() < deadline, "the job wrote nothing in 90 s"
                time.sleep(0.05)
            assert job.poll() is None, "the job finished before the service could be taken down"
            down = time.monotonic()
            take_down(pid_file, base)
            written = output.read_bytes()
            assert job.wait(timeout=120) == 1
            after_down = time.monotonic() - down
        finally:
            if job.poll() is None:
                job.kill()
                job.wait(timeout=30)
    stderr = (tmp_path / "job.log").read_text()
    assert "Traceback" not in stderr

    kept = output_lines(output)
    failed = output_lines(errors)
    assert output.read_bytes().startswith(written)
    assert 0 < len(kept) < len(ids) and len(kept) + len(failed) == len(ids)
    assert sorted([line["id"] for line in kept] + [error["id"] for error in failed]) == sorted(ids)
    assert all(error["reason"].startswith(f"POST {base}/score/batch: no answer after 4 tries: ") for error in failed)
    assert after_down >= BACKOFF_SECONDS  # each failed request waited through the client's backoff
    assert f"{len(kept)} scored, 0 already scored (skipped), {len(failed)} failed (see {errors})" in stderr

    before_rerun = output.read_bytes()
    with running_gunicorn({}, tmp_path / "second.log") as base:
        rerun = subprocess.run(batch_command(tmp_path / "in.jsonl", output, base), cwd=ROOT, capture_output=True,
                               text=True, timeout=180)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{len(failed)} scored, {len(kept)} already scored (skipped), 0 failed" in rerun.stderr
    assert output.read_bytes().startswith(before_rerun)
    assert_each_id_once(output, ids)
    assert not errors.exists()
