"""The slowest requests the configured bounds let through, on the committed model, on one core.

    python -m benchmarks.bounds [--repeats 3]

MAX_BODY_BYTES, MAX_SENTENCES and MAX_BATCH_ARTICLES (from the environment, as the service
reads them) are what keep a hostile request's time bounded. For each request at those
bounds (issue #7's catalogue: one huge sentence, huge titles, sentences by the tens of
thousands, deep JSON, HTML, full batches) this prints its status, its size and the slowest
of --repeats runs through the app in-process: parsing, validation, the report and its JSON,
but no network. Every run sends new text, so nothing is answered from a cache.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import resource
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from service import create_app  # noqa: E402
from service.config import Config  # noqa: E402


def cued_sentences(count: int, size: int, variant: int) -> str:
    """``count`` different sentences, each with quotes, a reporting verb, a title, a name and
    an outlet, padded so that together, as JSON, they take about ``size`` bytes."""
    head, tail = "“Kami {} ", ",” kata Kapolres Budi{}x{} kepada Kompas.com. "
    overhead = len(json.dumps(head + tail)) + 2 * len(str(count)) + len(str(variant))
    padding = " ".join(["warga"] * max(0, (size // count - overhead) // 6))
    return "".join(head.format(i) + padding + tail.format(i, variant) for i in range(count))


def cases(config: Config) -> dict:
    """Name -> (path, body for the n-th run): the requests at the bounds, each new every run."""
    body, sentences, articles = config.max_body_bytes - 1_000, config.max_sentences, config.max_batch_articles
    said = "kata "  # a reporting verb: a cue at every word
    return {
        "one sentence of 200,000 characters": ("/score", lambda n: {"text": f"{n} " + said * 40_000}),
        "one sentence filling MAX_BODY_BYTES": ("/score", lambda n: {"text": f"{n} " + said * (body // 5)}),
        "a title filling MAX_BODY_BYTES": ("/score", lambda n: {"title": f"{n} " + said * (body // 5),
                                                                "text": "Ada berita."}),
        "MAX_SENTENCES sentences to MAX_BODY_BYTES": (
            "/score", lambda n: {"text": cued_sentences(sentences, body, n)}),
        "the same as HTML paragraphs": (
            "/score", lambda n: {"html": cued_sentences(sentences, body - 7 * sentences, n)
                                 .replace("Kompas.com. ", "Kompas.com.</p><p>")}),
        "40,000 one-word sentences (refused)": ("/score", lambda n: {"text": f"{n}. " + "Ya. " * 40_000}),
        "one-word sentences to MAX_BODY_BYTES (refused)": (
            "/score", lambda n: {"text": f"{n}. " + "Ya. " * (body // 4)}),
        "JSON nested to MAX_BODY_BYTES (refused)": ("/score", lambda n: "[" * (body // 2) + "]" * (body // 2)),
        "batch: MAX_BATCH_ARTICLES articles, titles, MAX_SENTENCES": (
            "/score/batch", lambda n: {"articles": [
                {"title": f"{n}x{i} " + said * ((body // 2) // articles // 5),
                 "text": cued_sentences(sentences // articles, body // 2 // articles, n * articles + i)}
                for i in range(articles)]}),
        "batch: 2 articles of MAX_SENTENCES - 1 (refused)": (
            "/score/batch", lambda n: {"articles": [{"text": cued_sentences(sentences - 1, body // 2, 2 * n + i)}
                                                    for i in range(2)]}),
        # Unterminated markup, quadratic in Python's html.parser alone (service/html_text.py).
        "HTML '<a ' repeated to MAX_BODY_BYTES": ("/score", lambda n: {"html": f"<p>{n}</p>" + "<a " * (body // 3)}),
        "HTML '<p><!--' repeated to MAX_BODY_BYTES": (
            "/score", lambda n: {"html": f"<p>{n}</p>" + "<p><!--" * (body // 7)}),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})

    config = dataclasses.replace(Config.from_env(), log_level="WARNING")  # no access line per request
    client = create_app({"TESTING": True, "SERVICE_CONFIG": config}).test_client()
    print(f"bounds: MAX_BODY_BYTES={config.max_body_bytes} MAX_SENTENCES={config.max_sentences} "
          f"MAX_BATCH_ARTICLES={config.max_batch_articles}; model {config.model_dir.name}; "
          f"slowest of {args.repeats} runs on one core")
    for name, (path, make_body) in cases(config).items():
        slowest = 0.0
        for run in range(args.repeats):
            made = make_body(run)
            data = made.encode() if isinstance(made, str) else json.dumps(made).encode()
            start = time.perf_counter()
            response = client.post(path, data=data, content_type="application/json")
            slowest = max(slowest, time.perf_counter() - start)
        print(f"  {name:55s} {len(data):>9,d} B  {response.status_code}  {1000 * slowest:8,.0f} ms", flush=True)
    print(f"peak resident memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
