"""Faults injected into the deployed gunicorn while a request is in flight.

A worker killed with SIGKILL costs the request it was serving and nothing else: the master
forks a replacement and every later request is answered. SIGTERM to the master is a
graceful stop: the request in flight is finished and answered whole, and the master exits 0.

The request in flight is a /score/batch of long corpus articles (most of a second of work).
The worker serving it is found through /proc (the one holding the server side of its TCP
connection), and the fault is injected only once that worker holds it and no reply has
arrived. Every wait polls against a deadline, for a loaded CI machine.
"""

from __future__ import annotations

import asyncio
import json
import os
import select
import signal
import socket
import time
from pathlib import Path

import pytest

from benchmarks import loopback
from benchmarks.loopback import Dropped, Reply, parse_reply, request_bytes, worker_pids
from benchmarks.soak import article_fields
from service.config import Config
from service.segmentation import segment_sentences

DEADLINE_SECONDS = 60


@pytest.fixture(scope="module")
def slow_batch(corpus_articles) -> list[dict]:
    """The longest articles of the corpus sample that one batch may hold: at most MAX_BATCH_ARTICLES,
    and nine tenths of MAX_SENTENCES between them (the server may bound a batch's sentences too)."""
    batch, sentences = [], 0
    for article in sorted(corpus_articles, key=lambda article: len(article["text"]), reverse=True):
        count = len(segment_sentences(article["text"])) + 1  # and the headline
        if len(batch) == Config.max_batch_articles or sentences + count > 0.9 * Config.max_sentences:
            break
        batch.append(article_fields(article))
        sentences += count
    return batch


@pytest.fixture(scope="module")
def score_requests(corpus_articles) -> list[bytes]:
    """POST /score of twelve corpus articles."""
    return [request_bytes("POST", "/score", "application/json", json.dumps({"text": a["text"]}).encode())
            for a in corpus_articles[:12]]


def test_a_worker_killed_mid_request_costs_that_request_only(tmp_path, slow_batch, score_requests):
    with loopback.gunicorn(log=tmp_path / "gunicorn.log") as (port, master):
        before = worker_pids(master.pid)
        connection, worker = send_in_flight(port, master.pid, batch_request(slow_batch))
        with connection:
            os.kill(worker, signal.SIGKILL)
            with pytest.raises(Dropped):
                read_reply(connection)
        # The other worker answers while the master replaces the dead one; then both answer.
        during = asyncio.run(answer_all(port, score_requests))
        after_kill = wait_for(lambda: replaced(master.pid, worker), "the master to replace the killed worker")
        after = asyncio.run(answer_all(port, score_requests))
        assert master.poll() is None
    assert len(set(after_kill) - set(before)) == 1
    assert [reply.status for reply in during + after] == [200] * (2 * len(score_requests))
    assert all("credibility" in json.loads(reply.body) for reply in during + after)


def test_sigterm_to_the_master_finishes_the_request_in_flight(tmp_path, slow_batch):
    with loopback.gunicorn(log=tmp_path / "gunicorn.log") as (port, master):
        connection, _ = send_in_flight(port, master.pid, batch_request(slow_batch))
        with connection:
            master.send_signal(signal.SIGTERM)
            reply = read_reply(connection)
        code = master.wait(timeout=DEADLINE_SECONDS)
    assert reply.status == 200
    answer = json.loads(reply.body)
    assert answer["scored"] == len(slow_batch) and answer["failed"] == 0
    assert all(result["report"]["sentences"] for result in answer["results"])
    assert code == 0, (tmp_path / "gunicorn.log").read_text(errors="replace")[-2000:]


def batch_request(articles: list[dict]) -> bytes:
    return request_bytes("POST", "/score/batch", "application/json", json.dumps({"articles": articles}).encode())


def send_in_flight(port: int, master: int, request: bytes) -> tuple[socket.socket, int]:
    """Send ``request`` and return its connection and the worker serving it, before any reply."""
    connection = socket.create_connection((loopback.HOST, port), timeout=DEADLINE_SECONDS)
    connection.sendall(request)
    worker = wait_for(lambda: serving_worker(master, connection), "a worker to accept the request")
    ready, _, _ = select.select([connection], [], [], 0)
    assert not ready, "the request was answered before the fault could be injected: make it slower"
    return connection, worker


def replaced(master: int, worker: int) -> list[int] | None:
    """The master's workers once it runs its full number again without ``worker``; None before."""
    workers = worker_pids(master)
    return workers if len(workers) == loopback.WORKERS and worker not in workers else None


def serving_worker(master: int, connection: socket.socket) -> int | None:
    """The worker holding the server side of ``connection``, or None while no worker has accepted it."""
    server_port, client_port = connection.getpeername()[1], connection.getsockname()[1]
    sockets = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, remote, inode = (line.split()[i] for i in (1, 2, 9))
        if int(local.split(":")[1], 16) == server_port and int(remote.split(":")[1], 16) == client_port:
            sockets.add(f"socket:[{inode}]")
    for pid in worker_pids(master):
        for descriptor in Path(f"/proc/{pid}/fd").glob("*"):
            try:
                if os.readlink(descriptor) in sockets:
                    return pid
            except OSError:  # closed since it was listed
                continue
    return None


def read_reply(connection: socket.socket) -> Reply:
    """Everything the connection receives until it closes, as a reply; Dropped if there is none whole."""
    received = bytearray()
    try:
        while chunk := connection.recv(1 << 16):
            received += chunk
    except ConnectionResetError:
        pass  # what arrived before the reset is judged below
    return parse_reply(bytes(received))


async def answer_all(port: int, requests: list[bytes]) -> list[Reply]:
    """Send ``requests`` four at a time; their replies in order."""
    slots = asyncio.Semaphore(4)

    async def send(request: bytes) -> Reply:
        async with slots:
            return await loopback.exchange(port, request, DEADLINE_SECONDS)

    return await asyncio.gather(*(send(request) for request in requests))


def wait_for(condition, what: str):
    """Poll ``condition`` until it returns something truthy, and return that; fail after DEADLINE_SECONDS."""
    deadline = time.monotonic() + DEADLINE_SECONDS
    while not (found := condition()):
        if time.monotonic() > deadline:
            pytest.fail(f"waited {DEADLINE_SECONDS} s for {what}")
        time.sleep(0.01)
    return found
