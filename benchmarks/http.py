"""HTTP speed of /score under the deployed gunicorn config, against a trivial endpoint.

    python -m benchmarks.http [--requests 400] [--concurrency 1 8 32] [--max-seconds 60]

Starts gunicorn with gunicorn.conf.py and 2 workers on 127.0.0.1 (a free port), posts
real corpus articles to /score at each concurrency, then starts the same gunicorn config
on a trivial Flask app whose one endpoint returns a body of /score's mean response size
and sends it the same load. Prints requests/s, p50 and p99 latency, the ratio of the two
throughputs, and each worker's resident memory (RSS, and PSS, which splits the pages the
preloaded workers share). Loopback only; every level stops after --requests requests or
--max-seconds, and both servers are stopped at the end. The load generator runs on the
same 2 cores as the server, so the figures are a lower bound for a separate client.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from flask import Flask, Response

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "articles.jsonl.gz"
GUNICORN = Path(sys.executable).parent / "gunicorn"
HOST = "127.0.0.1"


def trivial_app() -> Flask:
    """A Flask app whose POST /score returns TRIVIAL_BODY_BYTES bytes of JSON and does nothing else."""
    size = int(os.environ.get("TRIVIAL_BODY_BYTES", "2000"))
    body = json.dumps({"padding": "x" * max(0, size - 15)}).encode()
    app = Flask(__name__)

    @app.post("/score")
    def score():
        return Response(body, mimetype="application/json")

    @app.get("/health")
    def health():
        return {"status": "ok"}

    return app


def corpus_bodies(count: int, seed: int = 5) -> list[bytes]:
    """JSON request bodies of ``count`` seeded corpus articles."""
    with gzip.open(CORPUS, "rt", encoding="utf-8") as lines:
        articles = [json.loads(line) for line in lines]
    chosen = random.Random(seed).sample(articles, count)
    return [json.dumps({"id": a.get("id"), "title": a.get("title"), "text": a["text"]}).encode() for a in chosen]


@contextmanager
def gunicorn(app_spec: str, env: dict[str, str]):
    """Run ``gunicorn -c gunicorn.conf.py app_spec`` with 2 workers on loopback; yield (port, master pid)."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "HOST": HOST, "PORT": str(port), "WEB_CONCURRENCY": "2", "LOG_LEVEL": "WARNING", **env}
    process = subprocess.Popen([str(GUNICORN), "-c", "gunicorn.conf.py", app_spec], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while len(worker_pids(process.pid)) < 2 or not _answers(port):
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"gunicorn did not start: {process.stderr.read().decode(errors='replace')[-2000:]}")
            time.sleep(0.2)
        yield port, process.pid
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _answers(port: int) -> bool:
    try:
        with socket.create_connection((HOST, port), timeout=1) as connection:
            connection.sendall(b"GET /health HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n")
            return connection.recv(12).startswith(b"HTTP/1.1 200")
    except OSError:
        return False


def worker_pids(master: int) -> list[int]:
    """The gunicorn master's child processes."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == master:
            children.append(int(stat.parent.name))
    return sorted(children)


def memory_mb(pid: int) -> tuple[float, float]:
    """(RSS, PSS) of a process in MB, from /proc/<pid>/smaps_rollup."""
    values = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name in ("Rss", "Pss"):
            values[name] = int(rest.split()[0]) / 1024
    return values["Rss"], values["Pss"]


async def _one_request(port: int, body: bytes) -> tuple[int, float, int]:
    """POST /score on a new connection (sync workers close it anyway); (status, seconds, response bytes)."""
    start = time.perf_counter()
    reader, writer = await asyncio.open_connection(HOST, port)
    writer.write(b"POST /score HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\n"
                 b"Connection: close\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
    await writer.drain()
    response = await reader.read()
    writer.close()
    elapsed = time.perf_counter() - start
    head, _, payload = response.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), elapsed, len(payload)


async def _load(port: int, bodies: list[bytes], concurrency: int, requests: int, max_seconds: float) -> dict:
    """Send ``requests`` requests from ``concurrency`` concurrent clients; stop early after ``max_seconds``."""
    results: list[tuple[int, float, int]] = []
    sent = 0
    deadline = time.monotonic() + max_seconds

    async def client():
        nonlocal sent
        while sent < requests and time.monotonic() < deadline:
            body = bodies[sent % len(bodies)]
            sent += 1
            results.append(await _one_request(port, body))

    start = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(concurrency)))
    wall = time.perf_counter() - start
    latencies = sorted(seconds for _, seconds, _ in results)
    return {
        "requests": len(results),
        "errors": sum(status != 200 for status, _, _ in results),
        "rps": len(results) / wall,
        "p50_ms": 1000 * statistics.median(latencies),
        "p99_ms": 1000 * latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))],
        "mean_bytes": statistics.fmean(size for status, _, size in results if status == 200) if results else 0,
    }


def run_levels(port: int, bodies: list[bytes], args) -> dict[int, dict]:
    asyncio.run(_load(port, bodies, 2, min(20, args.requests), args.max_seconds))  # warm both workers
    return {c: asyncio.run(_load(port, bodies, c, args.requests, args.max_seconds)) for c in args.concurrency}


def print_levels(name: str, levels: dict[int, dict]) -> None:
    print(f"{name}:")
    print("  concurrency  requests  errors     req/s   p50 ms   p99 ms")
    for concurrency, r in levels.items():
        print(f"  {concurrency:11d}  {r['requests']:8d}  {r['errors']:6d}  {r['rps']:8.1f}  {r['p50_ms']:7.1f}  {r['p99_ms']:7.1f}")


def print_memory(master: int) -> None:
    for pid in worker_pids(master):
        rss, pss = memory_mb(pid)
        print(f"  worker {pid}: RSS {rss:.0f} MB, PSS {pss:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400, help="requests per concurrency level")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--max-seconds", type=float, default=60.0, help="time cap per level")
    parser.add_argument("--articles", type=int, default=200, help="distinct corpus articles to cycle through")
    args = parser.parse_args()
    bodies = corpus_bodies(args.articles)
    print(f"{args.articles} corpus articles, mean request body {statistics.fmean(map(len, bodies)):.0f} bytes; "
          f"gunicorn.conf.py, 2 sync workers, 127.0.0.1; client on the same {os.cpu_count()} cores")

    with gunicorn("service:create_app()", {}) as (port, master):
        scoring = run_levels(port, bodies, args)
        print_levels("POST /score (the service)", scoring)
        print("resident memory after the load:")
        print_memory(master)
    body_bytes = round(statistics.fmean(r["mean_bytes"] for r in scoring.values()))
    with gunicorn("benchmarks.http:trivial_app()", {"TRIVIAL_BODY_BYTES": str(body_bytes)}) as (port, master):
        trivial = run_levels(port, bodies, args)
        print_levels(f"POST /score (trivial app, fixed {body_bytes}-byte body)", trivial)
    print("service throughput as a share of the trivial endpoint's:")
    for concurrency in args.concurrency:
        print(f"  concurrency {concurrency:2d}: {100 * scoring[concurrency]['rps'] / trivial[concurrency]['rps']:.1f}%")


if __name__ == "__main__":
    main()
