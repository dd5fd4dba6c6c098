"""In-process scoring speed on real corpus articles, on one core.

    python -m benchmarks.inprocess [--articles 300] [--model-dir models/<name>-<version>]

Prints: model load time, articles/s and µs per sentence over a seeded sample of corpus
articles (segmentation, features, prediction and report), the time of a 30-sentence
article (median of repeated runs) split into its stages, and resident memory.

The machine is a shared virtual machine whose speed drifts by up to twice between
sittings; the last line times a fixed workload of the standard library alone (no code of
ours), so figures from different sittings can be compared through it.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import resource
import statistics
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from service.config import default_model_dir  # noqa: E402
from service.cues import find_cues  # noqa: E402
from service.features import article_records, read_article  # noqa: E402
from service.model import AttributionModel  # noqa: E402
from service.report import build_report  # noqa: E402
from service.segmentation import segment_sentences  # noqa: E402

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "articles.jsonl.gz"


def corpus_articles() -> list[dict]:
    """Every document of ../shared/corpus, in its order."""
    with gzip.open(CORPUS, "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def sample_articles(count: int, seed: int = 11) -> list[dict]:
    return random.Random(seed).sample(corpus_articles(), count)


def thirty_sentence_article(articles: list[dict]) -> tuple[str, str]:
    """A real article cut to its first 30 sentences."""
    for article in articles:
        spans = segment_sentences(article["text"])
        if len(spans) >= 30:
            return article.get("title") or "", article["text"][: spans[29].end]
    raise SystemExit("no article with 30 sentences in the sample")


def median_and_fastest_ms(function, repeats: int) -> tuple[float, float]:
    """Median and fastest of ``repeats`` runs, in ms: on a shared machine the fastest run
    shows the work itself, the median what a caller meets."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times), 1000 * min(times)


def reference_workload(text: str) -> None:
    """Counting the words of ``text`` twenty times with str and dict operations: the kind of
    work our features do, written with nothing of ours, as a yardstick of the machine's speed."""
    for _ in range(20):
        counts: dict[str, int] = {}
        for word in text.lower().split():
            word = word.strip(".,;:!?\"'()")
            counts[word] = counts.get(word, 0) + 1
        sorted(counts.items(), key=lambda item: item[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=200)
    parser.add_argument("--model-dir", default=None, help="a model folder (default: the newest under models/)")
    args = parser.parse_args()
    os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})

    start = time.perf_counter()
    model = AttributionModel.load(args.model_dir or default_model_dir())
    load_ms = 1000 * (time.perf_counter() - start)
    articles = sample_articles(args.articles)

    start = time.perf_counter()
    sentences = sum(len(build_report(model, a["text"], a.get("title"))["sentences"]) for a in articles)
    elapsed = time.perf_counter() - start

    title, text = thirty_sentence_article(articles)
    spans = segment_sentences(text)
    texts = [span.text for span in spans]
    records = article_records(read_article(texts), title)

    # "First sight": an article the service has not seen, its sentences' cues not memoised yet.
    def first_sight():
        find_cues.cache_clear()
        model.predict_proba(article_records(read_article(texts), title))

    def report_first_sight():
        find_cues.cache_clear()
        build_report(model, text, title)

    stages = {
        "segment": median_and_fastest_ms(lambda: segment_sentences(text), args.repeats),
        "features": median_and_fastest_ms(lambda: article_records(read_article(texts), title), args.repeats),
        "predict": median_and_fastest_ms(lambda: model.predict_proba(records), args.repeats),
        "features + predict, first sight": median_and_fastest_ms(first_sight, args.repeats),
        "whole report": median_and_fastest_ms(lambda: build_report(model, text, title), args.repeats),
        "whole report, first sight": median_and_fastest_ms(report_first_sight, args.repeats),
    }
    reference = median_and_fastest_ms(lambda: reference_workload(text), args.repeats)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"model: {model.identity['name']} {model.identity['version']} ({model.manifest.get('candidate')})")
    print(f"model load: {load_ms:.0f} ms")
    print(f"corpus sample: {len(articles)} articles, {sentences} sentences in {elapsed:.2f} s on one core")
    print(f"  {len(articles) / elapsed:.1f} articles/s, {1e6 * elapsed / sentences:.0f} µs per sentence")
    print(f"30-sentence article (+ headline), median (fastest) of {args.repeats} runs:")
    for stage, (median, fastest) in stages.items():
        print(f"  {stage:32s} {median:.2f} ms ({fastest:.2f})")
    print(f"peak resident memory: {rss_mb:.0f} MB")
    print(f"machine yardstick (the standard library counting the article's words 20 times): "
          f"{reference[0]:.2f} ms ({reference[1]:.2f})")


if __name__ == "__main__":
    main()
