"""Throughput of the batch job in --local mode on real corpus articles.

    python -m benchmarks.batch [--articles 3000 | --archive] [--repeats 3] [--workers N]

Runs ``python -m service.batch --local`` as a user would, on fresh outputs: on one article
(the start-up: interpreter, model verification, worker processes) and on the seeded
sample, --repeats times each, alternately. Prints the median wall times, articles/s for the
whole run, and articles/s once started (the difference of the medians). The start-up
varies by a second from run to run, so one pair of runs is not enough to tell 350 from 450
articles/s. ``--archive`` runs the whole corpus (15,216 documents), the job's real use:
rescoring an archive when the model changes, start-up included.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.inprocess import corpus_articles, sample_articles

ROOT = Path(__file__).resolve().parents[1]


def timed_job(articles: list[dict], folder: Path, workers: int | None) -> float:
    """Wall seconds of one batch job over ``articles``, into a fresh output."""
    source = folder / f"in-{len(articles)}.jsonl"
    source.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    command = [sys.executable, "-m", "service.batch", "--input", str(source),
               "--output", str(folder / f"out-{len(articles)}.jsonl"), "--local"]
    if workers:
        command += ["--workers", str(workers)]
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--archive", action="store_true", help="the whole corpus instead of a sample")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--workers", type=int, help="worker processes (default: the job's, one per core)")
    args = parser.parse_args()
    articles = corpus_articles() if args.archive else sample_articles(args.articles)
    start_ups, wholes = [], []
    for _ in range(args.repeats):
        with tempfile.TemporaryDirectory() as folder:
            start_ups.append(timed_job(articles[:1], Path(folder), args.workers))
            wholes.append(timed_job(articles, Path(folder), args.workers))
    start_up, whole = statistics.median(start_ups), statistics.median(wholes)
    print(f"--local, {args.workers or 'one per core'} workers, {len(articles)} corpus articles, "
          f"median of {args.repeats} runs")
    print(f"  start-up (one article): {start_up:.2f} s (runs: {', '.join(f'{t:.2f}' for t in start_ups)})")
    print(f"  whole run: {whole:.2f} s, {len(articles) / whole:.1f} articles/s "
          f"(runs: {', '.join(f'{t:.2f}' for t in wholes)})")
    print(f"  once started: {(len(articles) - 1) / (whole - start_up):.1f} articles/s")


if __name__ == "__main__":
    main()
