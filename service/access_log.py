"""One access-log line per request: who asked what, how it ended, how long it took, what it found.

The line carries the request id, method, path, status, duration, body sizes, and for
scoring requests the article ids, sentence counts and label counts. Article text and
titles are unpublished material and stay out of it unless LOG_TEXT is on; headers, and so
API keys, are never logged.
"""

from __future__ import annotations

import json
import logging
import re
from collections import Counter

from flask import Flask, Response, current_app, request

from service.request_context import elapsed_seconds, request_id, scored

log = logging.getLogger("sumber.access")

_PLAIN = re.compile(r"[A-Za-z0-9._:/+=@,-]*")
MAX_LOGGED_ID_LENGTH = 64


def init_access_log(app: Flask) -> None:
    """Log each request once, after its response is ready."""
    app.after_request(_log_request)


def access_fields(response: Response) -> dict:
    """The access-log line's fields for this request and its response."""
    articles = scored()
    labels = Counter()
    for article in articles:
        labels.update(article.label_counts)
    fields = {
        "request_id": request_id(),
        "method": request.method,
        "path": request.path,
        "status": response.status_code,
        "duration_ms": round(elapsed_seconds() * 1000, 2),
        "request_bytes": request.content_length or 0,
        "response_bytes": response.calculate_content_length() or 0,
    }
    if articles:
        fields.update({
            "articles": len(articles),
            "ids": [(a.article_id or "")[:MAX_LOGGED_ID_LENGTH] or None for a in articles],
            "sentences": sum(a.sentences for a in articles),
            "labels": ",".join(f"{label}:{count}" for label, count in labels.items() if count),
        })
        if current_app.config["SERVICE_CONFIG"].log_text:
            fields["text"] = [{"title": a.title, "text": a.text} for a in articles]
    return fields


def format_fields(fields: dict) -> str:
    """key=value pairs; anything but a plain token is JSON-quoted so a line stays one line."""
    return " ".join(f"{key}={_value(value)}" for key, value in fields.items())


def _value(value) -> str:
    text = str(value)
    if isinstance(value, (int, float)) or (isinstance(value, str) and _PLAIN.fullmatch(text) and text):
        return text
    return json.dumps(value, ensure_ascii=True, separators=(",", ":"))


def _log_request(response: Response) -> Response:
    log.info(format_fields(access_fields(response)))
    return response
