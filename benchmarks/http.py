"""HTTP speed of /score under the deployed gunicorn config, against a trivial endpoint.

    python -m benchmarks.http [--requests 1000] [--concurrency 1 8 32] [--max-seconds 60]

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
import statistics
import time

from flask import Flask, Response

from benchmarks.loopback import ROOT, deployed_args, exchange, gunicorn, memory_mb, request_bytes, worker_pids

CORPUS = ROOT.parent / "shared" / "corpus" / "articles.jsonl.gz"


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


async def _one_request(port: int, body: bytes) -> tuple[int, float, int]:
    """POST /score on a new connection; (status, seconds, response bytes)."""
    start = time.perf_counter()
    reply = await exchange(port, request_bytes("POST", "/score", "application/json", body))
    return reply.status, time.perf_counter() - start, len(reply.body)


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
    parser.add_argument("--requests", type=int, default=1000,
                        help="requests per concurrency level (p99 is then the 10th-slowest, not the 4th)")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--max-seconds", type=float, default=60.0, help="time cap per level")
    parser.add_argument("--articles", type=int, default=200, help="distinct corpus articles to cycle through")
    args = parser.parse_args()
    bodies = corpus_bodies(args.articles)
    print(f"{args.articles} corpus articles, mean request body {statistics.fmean(map(len, bodies)):.0f} bytes; "
          f"gunicorn.conf.py, 2 sync workers, 127.0.0.1; client on the same {os.cpu_count()} cores")

    with gunicorn() as (port, master):
        scoring = run_levels(port, bodies, args)
        print_levels("POST /score (the service)", scoring)
        print("resident memory after the load:")
        print_memory(master.pid)
    body_bytes = round(statistics.fmean(r["mean_bytes"] for r in scoring.values()))
    with gunicorn(deployed_args("benchmarks.http:trivial_app()"), {"TRIVIAL_BODY_BYTES": str(body_bytes)}) as (port, _):
        trivial = run_levels(port, bodies, args)
        print_levels(f"POST /score (trivial app, fixed {body_bytes}-byte body)", trivial)
    print("service throughput as a share of the trivial endpoint's:")
    for concurrency in args.concurrency:
        print(f"  concurrency {concurrency:2d}: {100 * scoring[concurrency]['rps'] / trivial[concurrency]['rps']:.1f}%")


if __name__ == "__main__":
    main()
