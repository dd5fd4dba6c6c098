"""The batch job's output: JSON Lines that survive a kill -9, a full disk and a model change.

Lines are appended a chunk at a time, written whole and fsynced together (an fsync a line
kept the job waiting on the disk for 4 s of a 17 s run of 3,000 articles), so a line once
written stays written. On resume, a torn last line (a write cut short) is cut off, and lines
scored by another model version (all of them with ``force``) are dropped by rewriting the
file atomically: a temporary file beside it, fsynced, then os.replace. So at every moment
the file holds each id at most once, and only whole lines. One job at a time writes an
output: it holds an exclusive lock for the whole run (``exclusive_run``).
"""

from __future__ import annotations

import fcntl
import json
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


class OutputError(Exception):
    """The output cannot be read or written; the message says what to do."""


@contextmanager
def exclusive_run(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``<path>.lock`` for the block; OutputError at once if another job holds it.

    The lock is taken on a file beside the output, not on the output itself: resuming may
    replace the output with a rewritten file, and a lock on the replaced file would not stop
    a job that opens the new one. The lock file is left in place, empty: deleting it would let
    a job still holding the old one and a job creating a new one both run. The kernel drops the
    lock when the process ends, however it ends, so a killed job leaves nothing to clean up.
    """
    lock_path = path.with_name(path.name + ".lock")
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as error:
        raise OutputError(f"cannot open the lock file {lock_path}: {error.strerror}") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputError(f"another job is writing {path} (it holds {lock_path}); let it finish or stop it, "
                              "then run this command again") from None
        yield
    finally:
        os.close(fd)


def encode_line(record: dict) -> bytes:
    """One JSON line. ASCII escapes, as in the API, so text with lone surrogates still writes."""
    return json.dumps(record, ensure_ascii=True, separators=(",", ":")).encode("ascii") + b"\n"


class DurableLines:
    """An append-only JSON Lines file: lines written whole and fsynced, or not at all."""

    def __init__(self, path: Path):
        self.path = path
        try:
            self._fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        except OSError as error:
            raise OutputError(f"cannot open {path} for writing: {error.strerror}") from None

    def append(self, record: dict) -> None:
        """Write one line and fsync it; on failure cut the partial line off and raise OutputError."""
        self.extend([record])

    def extend(self, records: list[dict]) -> None:
        """Write the lines and fsync them once; on failure cut them all off and raise OutputError."""
        if not records:
            return
        data = b"".join(encode_line(record) for record in records)
        size = os.fstat(self._fd).st_size
        try:
            written = 0
            while written < len(data):
                written += os.write(self._fd, data[written:])
            os.fsync(self._fd)
        except OSError as error:
            try:
                os.ftruncate(self._fd, size)
            except OSError:
                pass  # the next resume cuts the torn line off instead
            raise OutputError(f"cannot write {self.path}: {error.strerror}; every line before these is "
                              "kept: make room and run the same command again to resume") from None

    def close(self) -> None:
        os.close(self._fd)


@dataclass(frozen=True)
class ResumeState:
    """What an existing output already holds for this run."""

    done: frozenset[str]   # ids scored by the current model version, kept
    dropped: int           # lines dropped: another model version, --force, or a repeated id
    torn_bytes: int        # bytes of a torn last line cut off


def resume(path: Path, model_version: str, force: bool) -> ResumeState:
    """Repair ``path`` if its last line is torn, drop the lines to rescore, and say what is done."""
    if not path.exists():
        return ResumeState(frozenset(), 0, 0)
    keep: list[bool] = []
    done: set[str] = set()
    try:
        with open(path, "rb") as lines:
            valid_end = 0
            for number, raw in enumerate(lines, 1):
                if not raw.endswith(b"\n"):
                    break  # a torn last line: everything before it is whole
                valid_end += len(raw)
                article_id, version = _scored_line(path, number, raw)
                kept = not force and version == model_version and article_id not in done
                keep.append(kept)
                if kept:
                    done.add(article_id)
        torn = path.stat().st_size - valid_end
        if torn:
            os.truncate(path, valid_end)
        if not all(keep):
            _rewrite_without(path, keep)
    except OSError as error:
        raise OutputError(f"cannot resume {path}: {error.strerror}; nothing was changed that a rerun cannot "
                          "repair") from None
    return ResumeState(frozenset(done), keep.count(False), torn)


def _scored_line(path: Path, number: int, raw: bytes) -> tuple[str, str]:
    """(id, model_version) of one whole output line; OutputError if it is not one of ours."""
    try:
        record = json.loads(raw)
    except ValueError:
        record = None
    if not (isinstance(record, dict) and isinstance(record.get("id"), str)
            and isinstance(record.get("model_version"), str)):
        raise OutputError(f"line {number} of {path} is not a scored article (JSON with \"id\" and "
                          "\"model_version\"); is it the output of another program? Move it aside or fix it")
    return record["id"], record["model_version"]


def _rewrite_without(path: Path, keep: list[bool]) -> None:
    """Replace ``path`` atomically by the lines whose ``keep`` flag is set, keeping its permissions."""
    mode = stat.S_IMODE(path.stat().st_mode)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".rewrite")
    try:
        with os.fdopen(handle, "wb") as rewritten, open(path, "rb") as original:
            for kept, raw in zip(keep, original):
                if kept:
                    rewritten.write(raw)
            rewritten.flush()
            os.fsync(rewritten.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)  # make the rename itself durable
    finally:
        os.close(directory)
