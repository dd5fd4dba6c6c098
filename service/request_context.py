"""What the service knows about the request in hand: its id, when it began, what it scored.

The access log and the metrics both read these facts, so the views record them once.
"""

from __future__ import annotations

import re
import time
import uuid
from dataclasses import dataclass

from flask import Flask, Response, g, request

REQUEST_ID_HEADER = "X-Request-ID"
MAX_REQUEST_ID_LENGTH = 128
# Characters kept from a client's request id: enough for UUIDs, ULIDs and trace ids, and
# nothing that could break a log line or a header.
_NOT_IN_REQUEST_ID = re.compile(r"[^A-Za-z0-9._:/+=@-]")


@dataclass(frozen=True)
class ScoredArticle:
    """One article the request scored: what the log line and the metrics report about it."""

    article_id: str | None
    sentences: int
    label_counts: dict[str, int]
    text: str
    title: str | None


def init_request_context(app: Flask) -> None:
    """Give every request an id and a start time, and echo the id on every response."""
    app.before_request(_begin)
    app.after_request(_echo_request_id)


def request_id_from(header: str | None) -> str:
    """The client's X-Request-ID with unsafe characters dropped and cut to length, or a new one."""
    cleaned = _NOT_IN_REQUEST_ID.sub("", header or "")[:MAX_REQUEST_ID_LENGTH]
    return cleaned or uuid.uuid4().hex


def note_scored(report: dict, text: str, title: str | None) -> None:
    """Record an article this request scored."""
    g.setdefault("scored", []).append(ScoredArticle(
        article_id=report["id"],
        sentences=len(report["sentences"]),
        label_counts=report["summary"]["label_counts"],
        text=text,
        title=title,
    ))


def scored() -> list[ScoredArticle]:
    """The articles this request has scored so far."""
    return g.get("scored", [])


def request_id() -> str:
    """This request's id (a fresh one outside the app's hooks, e.g. when a hook itself failed)."""
    return g.get("request_id") or request_id_from(None)


def elapsed_seconds() -> float:
    """Seconds since the request began (since now, if it never reached the app's hooks)."""
    return time.perf_counter() - g.get("started", time.perf_counter())


def _begin() -> None:
    g.started = time.perf_counter()
    g.request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))


def _echo_request_id(response: Response) -> Response:
    response.headers[REQUEST_ID_HEADER] = request_id()
    return response
