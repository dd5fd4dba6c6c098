"""The batch job's input: articles read from JSON Lines in a file, a gzipped file, or stdin.

Each line is one object with ``id``, ``title`` and ``text`` (other fields, like the
corpus's ``url`` or ``outlet``, are ignored). A line that is not such an object becomes a
BadRecord with the reason, so one bad line costs that line and not the job.
"""

from __future__ import annotations

import gzip
import json
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from service.api import validated_article
from service.errors import APIError

GZIP_MAGIC = b"\x1f\x8b"


class InputError(Exception):
    """The input as a whole cannot be read (missing, unreadable, a broken gzip stream)."""


@dataclass(frozen=True)
class Article:
    """One valid input record, with the line it came from."""

    line: int
    id: str
    title: str | None
    text: str


@dataclass(frozen=True)
class BadRecord:
    """An input line that cannot be scored, and why."""

    line: int
    id: str | None
    reason: str


def read_records(path: str) -> Iterator[Article | BadRecord]:
    """Every non-blank line of ``path`` ("-" for stdin), gzip or not, as an Article or a BadRecord."""
    source = _open(path)
    name = "stdin" if path == "-" else path
    line = 0
    try:
        # Closing ``source`` is enough: a GzipFile over a file object holds nothing of its own.
        stream = gzip.GzipFile(fileobj=source, mode="rb") if source.peek(2)[:2] == GZIP_MAGIC else source
        for line, raw in enumerate(stream, 1):
            record = parse_record(line, raw)
            if record is not None:
                yield record
    except (OSError, EOFError, zlib.error) as error:
        raise InputError(f"cannot read {name} after line {line}: {error or type(error).__name__}") from None
    finally:
        if path != "-":
            source.close()


def _open(path: str) -> BinaryIO:
    if path == "-":
        return sys.stdin.buffer
    try:
        return open(path, "rb")
    except OSError as error:
        raise InputError(f"cannot open input {path}: {error.strerror}") from None


def parse_record(line: int, raw: bytes) -> Article | BadRecord | None:
    """One input line as an Article, a BadRecord naming what is wrong, or None if it is blank."""
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return BadRecord(line, None, f"line {line} is not valid UTF-8 (byte {error.start})")
    if not decoded.strip():
        return None
    try:
        record = json.loads(decoded)
    except RecursionError:
        return BadRecord(line, None, f"line {line}: the JSON is nested too deeply")
    except ValueError as error:
        return BadRecord(line, None, f"line {line} is not valid JSON: {error}")
    if not isinstance(record, dict):
        return BadRecord(line, None, f'line {line} must be a JSON object {{"id", "title", "text"}}, '
                                     f"not {type(record).__name__}")
    article_id = record.get("id")
    if not isinstance(article_id, str) or not article_id.strip():
        return BadRecord(line, None, f'line {line}: "id" must be a non-empty string, not {article_id!r:.40}')
    try:
        article = validated_article(record)
    except APIError as error:
        return BadRecord(line, article_id, f"line {line}: {error.message}")
    return Article(line, article_id, article["title"], article["text"])
