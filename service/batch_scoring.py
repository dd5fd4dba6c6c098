"""The batch job's two ways to score a chunk of articles: in worker processes, or through the API.

Both are a concurrent.futures executor plus a function from a chunk of Articles to their
Outcomes, so the job drives them the same way:

- ``local_scoring``: a process per core, each loading the model once (verified, as the
  service loads it) and building the same report the API returns, within the same
  MAX_SENTENCES limit and with the same refusal beyond it;
- ``remote_scoring``: threads, each with its own CredibilityClient, sending the chunk to
  POST /score/batch (which retries and splits it as the server needs).
"""

from __future__ import annotations

import multiprocessing
import signal
import threading
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from threadpoolctl import threadpool_limits

from service.api import report_within_limit
from service.batch_input import Article
from service.client import AuthenticationError, CredibilityClient, CredibilityError
from service.config import Config
from service.errors import APIError, error_body
from service.model import AttributionModel

LOCAL_CHUNK = 8
# The server's default batch limit; the client halves a chunk if this server's is lower.
REMOTE_CHUNK = Config.max_batch_articles


@dataclass(frozen=True)
class Outcome:
    """What became of one article: its output line, or the reason it failed."""

    article: Article
    line: dict | None = None
    reason: str | None = None


@dataclass(frozen=True)
class Scoring:
    """An executor of ``workers``, the function it runs on each chunk, the chunk size, and the model version."""

    executor: Executor
    workers: int
    score_chunk: Callable[[list[Article]], list[Outcome]]
    chunk_size: int
    model_version: str


def refused(article: Article, status: int, body: dict) -> Outcome:
    """An article the API refused (or its own check, run here): the status, its reason and the API's message."""
    return Outcome(article, reason=f"{status} {body['error']}: {body['message']}")


def scored_line(report: dict, full: bool) -> dict:
    """The output line for one report: its id, model version, score, grade, flag codes and label counts."""
    credibility, summary = report["credibility"], report["summary"]
    line = {
        "id": report["id"],
        "model_version": report["model"]["version"],
        "score": credibility["score"],
        "grade": credibility["grade"],
        "flags": [flag["code"] for flag in summary["flags"]],
        "label_counts": summary["label_counts"],
    }
    if full:
        line["report"] = report
    return line


def local_scoring(model: AttributionModel, model_dir: Path, workers: int, full: bool, max_sentences: int) -> Scoring:
    """Score in ``workers`` processes, each loading the model at ``model_dir`` once.

    forkserver rather than fork: the workers start from a clean process that has imported
    the scoring code once, not from a copy of this one and its threads.
    """
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["service.batch_scoring"])
    executor = ProcessPoolExecutor(workers, mp_context=context, initializer=_start_local_worker,
                                   initargs=(str(model_dir), full, max_sentences))
    return Scoring(executor, workers, score_locally, LOCAL_CHUNK, model.identity["version"])


_worker: dict = {}


def _start_local_worker(model_dir: str, full: bool, max_sentences: int) -> None:
    # Ctrl-C reaches the whole process group; the parent alone decides what to do about it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # One process per core already uses every core; BLAS threads on top would fight them.
    threadpool_limits(1)
    _worker.update(model=AttributionModel.load(model_dir), full=full, max_sentences=max_sentences)


def score_locally(chunk: list[Article]) -> list[Outcome]:
    """Build each article's report in this worker process."""
    outcomes = []
    for article in chunk:
        try:
            report = report_within_limit(_worker["model"], article.text, article.title, article.id,
                                         _worker["max_sentences"])
        except APIError as error:
            outcomes.append(refused(article, error.status, error_body(error.status, error.message)))
        except Exception as error:  # noqa: BLE001 - one article's fault is recorded, and must not stop an archive
            outcomes.append(Outcome(article, reason=f"scoring failed: {type(error).__name__}: {error}"))
        else:
            outcomes.append(Outcome(article, line=scored_line(report, _worker["full"])))
    return outcomes


def remote_scoring(url: str, api_key: str | None, workers: int, full: bool) -> Scoring:
    """Score through the API at ``url`` with ``workers`` concurrent requests; raise CredibilityError if it is down."""
    with CredibilityClient(url, api_key=api_key) as probe:
        health = probe.health()
    model = health.get("model")
    version = model.get("version") if isinstance(model, dict) else None
    if not isinstance(version, str):
        raise CredibilityError(f"{url}/health does not name a model version; is it a sumber service?")
    local = threading.local()

    def start_thread() -> None:
        local.client = CredibilityClient(url, api_key=api_key)

    def score_remotely(chunk: list[Article]) -> list[Outcome]:
        articles = [{"id": a.id, "title": a.title, "text": a.text} for a in chunk]
        try:
            results = local.client.score_many(articles)
        except AuthenticationError:
            raise  # every request would fail alike: the job stops
        except CredibilityError as error:
            return [Outcome(article, reason=str(error)) for article in chunk]
        return [
            Outcome(article, line=scored_line(result["report"], full)) if result["status"] == 200
            else refused(article, result["status"], result)
            for article, result in zip(chunk, results)
        ]

    executor = ThreadPoolExecutor(workers, initializer=start_thread)
    return Scoring(executor, workers, score_remotely, REMOTE_CHUNK, version)
