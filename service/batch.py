"""Score an archive of articles, resumably: the command-line twin of POST /score for batch work.

    python -m service.batch --input FILE --output FILE (--local | --url URL) [--workers N] [--force] [--full]

Reads JSON Lines (plain, gzip, or "-" for stdin) with ``id``, ``title`` and ``text``;
writes one line per article to OUTPUT: ``id``, ``model_version``, ``score``, ``grade``,
``flags`` (codes) and ``label_counts`` (and the whole ``report`` with --full). Run it again
and it skips the ids OUTPUT already holds from the current model version, rescores those
from another version (all of them with --force), and retries the failures. Failures go to
OUTPUT.errors.jsonl with their reason. --local reads the service's own settings from the
environment (MODEL_DIR, MAX_SENTENCES), so it refuses an article too long for the API with the
API's reason; with --url the service applies them, and the API key is read from SUMBER_API_KEY.

One job at a time writes OUTPUT: each holds an exclusive lock on OUTPUT.lock for its whole
run, and a second job on the same OUTPUT stops at once, touching nothing.

Exit status: 0 every article is scored; 1 some failed (see the errors file; a rerun retries
them); 2 the job could not start or had to stop (the message says why; a rerun resumes).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from tqdm import tqdm

from service.batch_input import Article, BadRecord, InputError, read_records
from service.batch_output import DurableLines, OutputError, exclusive_run, resume
from service.batch_scoring import Outcome, Scoring, local_scoring, remote_scoring
from service.client import CredibilityError
from service.config import Config, ConfigError
from service.labels import LABELS
from service.model import AttributionModel, ModelLoadError

API_KEY_VARIABLE = "SUMBER_API_KEY"
MAX_WORKERS = 256
# Chunks in flight per worker: enough to keep every worker busy, few enough to bound memory.
CHUNKS_PER_WORKER = 2


def main(argv: list[str] | None = None) -> int:
    """Run the job; print one line and return 2 instead of a traceback when it cannot go on."""
    args = parse_arguments(argv)
    try:
        # Locked first: a second job on the same output stops before it loads a model or touches a file.
        with exclusive_run(args.output):
            return run(args)
    except (InputError, OutputError, ConfigError, ModelLoadError, CredibilityError, BrokenProcessPool) as error:
        print(f"sumber batch: stopped: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("sumber batch: interrupted; every line written is kept: run the same command to resume",
              file=sys.stderr)
        return 2


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m service.batch", description=__doc__.splitlines()[0])
    parser.add_argument("--input", required=True, help='JSON Lines, plain or gzip; "-" reads stdin')
    parser.add_argument("--output", required=True, type=Path, help="JSON Lines, appended to and resumed")
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--local", action="store_true", help="score in this machine's processes")
    where.add_argument("--url", type=_service_url, help="score through the API at this base URL")
    parser.add_argument("--model-dir", type=Path,
                        help="with --local: the model folder (default: MODEL_DIR, else the newest under models/)")
    parser.add_argument("--workers", type=_worker_count,
                        help="processes (--local, default: one per core) or concurrent requests (--url, default 4)")
    parser.add_argument("--force", action="store_true", help="rescore every article, whatever OUTPUT holds")
    parser.add_argument("--full", action="store_true", help="write the whole report on each line")
    args = parser.parse_args(argv)
    if args.model_dir is not None and not args.local:
        parser.error("--model-dir goes with --local; with --url the service's own model scores")
    if args.input != "-" and Path(args.input).resolve() == args.output.resolve():
        parser.error("--input and --output are the same file; write the scores elsewhere")
    if not args.output.parent.is_dir():
        parser.error(f"--output: the folder {args.output.parent} does not exist")
    return args


def _service_url(value: str) -> str:
    if not value.startswith(("http://", "https://")):
        raise argparse.ArgumentTypeError(f"{value!r} is not a base URL like http://127.0.0.1:8000")
    return value


def _worker_count(value: str) -> int:
    try:
        count = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if not 1 <= count <= MAX_WORKERS:
        raise argparse.ArgumentTypeError(f"{count} is not between 1 and {MAX_WORKERS}")
    return count


def run(args: argparse.Namespace) -> int:
    """Resume OUTPUT, score what is not done, and print the summary; the exit status."""
    started = time.monotonic()
    errors_path = args.output.with_name(args.output.name + ".errors.jsonl")
    scoring = start_scoring(args)
    try:
        state = resume(args.output, scoring.model_version, args.force)
        if state.torn_bytes:
            print(f"sumber batch: cut off a torn last line ({state.torn_bytes} bytes) of {args.output}; "
                  "its article is scored again", file=sys.stderr)
        if state.dropped:
            print(f"sumber batch: rescoring {state.dropped} lines of {args.output} "
                  f"({'--force' if args.force else f'not from model version {scoring.model_version}'})",
                  file=sys.stderr)
        # The errors file lists what failed in this run; what failed before is retried now.
        errors_path.unlink(missing_ok=True)
        tally = Tally()
        output, errors = DurableLines(args.output), DurableLines(errors_path)
        try:
            chunks = pending_chunks(read_records(args.input), state.done, scoring.chunk_size, tally, errors)
            with tqdm(unit=" articles", file=sys.stderr, desc="scoring") as progress:
                for outcomes in completed(scoring, chunks):
                    record(outcomes, tally, output, errors)
                    progress.update(len(outcomes))
                    progress.set_postfix(failed=tally.failed, skipped=tally.skipped, refresh=False)
        finally:
            output.close()
            errors.close()
            print(tally.summary(time.monotonic() - started, errors_path), file=sys.stderr)
    finally:
        scoring.executor.shutdown(wait=True, cancel_futures=True)
    if tally.failed:
        return 1
    errors_path.unlink()
    return 0


def start_scoring(args: argparse.Namespace) -> Scoring:
    """The executor and chunk scorer for --local or --url, with the model version it scores with."""
    if args.url:
        return remote_scoring(args.url, os.environ.get(API_KEY_VARIABLE) or None, args.workers or 4, args.full)
    # The service's own configuration (MODEL_DIR, MAX_SENTENCES), so --local refuses what the service refuses.
    config = Config.from_env()
    model_dir = args.model_dir or config.model_dir
    model = AttributionModel.load(model_dir)  # verified here, so a bad folder stops the job before any work
    return local_scoring(model, model_dir, args.workers or os.cpu_count() or 1, args.full, config.max_sentences)


def pending_chunks(records: Iterable[Article | BadRecord], done: frozenset[str], size: int,
                   tally: "Tally", errors: DurableLines) -> Iterator[list[Article]]:
    """The articles still to score, in chunks; bad, repeated and already scored records are settled here."""
    seen: set[str] = set()
    chunk: list[Article] = []
    try:
        for item in records:
            if isinstance(item, BadRecord):
                fail(item.line, item.id, item.reason, tally, errors)
            elif item.id in seen:
                fail(item.line, item.id, f"line {item.line}: id {item.id!r} appeared on an earlier line; "
                                         "ids must be unique, so this one is not scored", tally, errors)
            elif item.id in done:
                seen.add(item.id)
                tally.skipped += 1
            else:
                seen.add(item.id)
                chunk.append(item)
                if len(chunk) == size:
                    yield chunk
                    chunk = []
    except InputError:
        if chunk:  # what was read before the input broke off is still scored
            yield chunk
        raise
    if chunk:
        yield chunk


def completed(scoring: Scoring, chunks: Iterator[list[Article]]) -> Iterator[list[Outcome]]:
    """Each chunk's outcomes as soon as it is scored, with a bounded number of chunks in flight.

    If the input breaks off, the chunks already sent are still scored and written first.
    """
    window = scoring.workers * CHUNKS_PER_WORKER
    in_flight = set()
    broken = None
    try:
        for chunk in chunks:
            in_flight.add(scoring.executor.submit(scoring.score_chunk, chunk))
            if len(in_flight) >= window:
                finished, in_flight = wait(in_flight, return_when=FIRST_COMPLETED)
                yield from (future.result() for future in finished)
    except InputError as error:
        broken = error
    while in_flight:
        finished, in_flight = wait(in_flight, return_when=FIRST_COMPLETED)
        yield from (future.result() for future in finished)
    if broken is not None:
        raise broken


def record(outcomes: list[Outcome], tally: "Tally", output: DurableLines, errors: DurableLines) -> None:
    """Write one chunk's outcomes: the scored lines to OUTPUT together, each failure's reason to the errors file."""
    lines = []
    for outcome in outcomes:
        if outcome.line is None:
            fail(outcome.article.line, outcome.article.id, outcome.reason, tally, errors)
        else:
            lines.append(outcome.line)
    output.extend(lines)
    for line in lines:
        tally.scored += 1
        tally.grades[line["grade"] or "ungraded"] += 1
        tally.labels.update(line["label_counts"])


def fail(line: int, article_id: str | None, reason: str, tally: "Tally", errors: DurableLines) -> None:
    errors.append({"id": article_id, "line": line, "reason": reason})
    tally.failed += 1


class Tally:
    """What this run did, for the progress bar and the closing summary."""

    def __init__(self):
        self.scored = self.skipped = self.failed = 0
        self.grades: Counter[str] = Counter()
        self.labels: Counter[str] = Counter()

    def summary(self, elapsed: float, errors_path: Path) -> str:
        rate = self.scored / elapsed if elapsed > 0 else 0.0
        lines = [f"sumber batch: {self.scored} scored, {self.skipped} already scored (skipped), "
                 f"{self.failed} failed{f' (see {errors_path})' if self.failed else ''}; "
                 f"{elapsed:.1f} s, {rate:.1f} articles/s"]
        if self.scored:
            grades = ", ".join(f"{grade} {self.grades[grade]}" for grade in sorted(self.grades))
            total = sum(self.labels.values()) or 1
            labels = ", ".join(f"{label} {100 * self.labels[label] / total:.1f}%" for label in LABELS)
            lines += [f"  grades: {grades}", f"  sentence labels: {labels}"]
        return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
