"""The HTTP API: POST /score, GET /health, GET /model."""

from __future__ import annotations

import json

from flask import Blueprint, current_app, jsonify, request

from service.auth import requires_api_key
from service.errors import APIError
from service.report import TooManySentences, build_report

api = Blueprint("api", __name__)


@api.post("/score")
@requires_api_key
def score():
    """Score one article given as JSON {"title", "text", "id"} or as a text/plain body."""
    article = read_article()
    try:
        report = build_report(
            current_app.extensions["attribution_model"],
            article["text"],
            title=article.get("title"),
            article_id=article.get("id"),
            max_sentences=current_app.config["SERVICE_CONFIG"].max_sentences,
        )
    except TooManySentences as error:
        raise APIError(413, f"{error}; split the article or raise MAX_SENTENCES") from None
    return jsonify(report)


@api.get("/health")
def health():
    """Liveness and readiness: the model is loaded, or the app would not have started."""
    return jsonify({"status": "ok", "model": current_app.extensions["attribution_model"].identity})


@api.get("/model")
def model_manifest():
    """The loaded model's manifest, as training wrote it."""
    return jsonify(current_app.extensions["attribution_model"].manifest)


def read_article() -> dict:
    """Parse and validate the request body into {"text", "title", "id"}; raise APIError otherwise."""
    mimetype = request.mimetype
    charset = (request.mimetype_params.get("charset") or "utf-8").lower()
    if mimetype not in ("application/json", "text/plain"):
        raise APIError(415, "send Content-Type application/json or text/plain; charset=utf-8")
    if charset not in ("utf-8", "utf8"):
        raise APIError(415, f"charset {charset!r} is not supported; send UTF-8")
    raw = request.get_data(cache=False)
    try:
        body = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise APIError(400, f"the body is not valid UTF-8 (byte {error.start})") from None
    if mimetype == "text/plain":
        return _validated({"text": body})
    try:
        payload = json.loads(body)
    except RecursionError:
        raise APIError(400, "the JSON is nested too deeply") from None
    except ValueError as error:
        raise APIError(400, f"the body is not valid JSON: {error}") from None
    if not isinstance(payload, dict):
        raise APIError(422, 'the JSON body must be an object: {"title": ..., "text": ...}')
    return _validated(payload)


def _validated(article: dict) -> dict:
    text = article.get("text")
    if text is None:
        raise APIError(422, '"text" is required: the article body as a string')
    if not isinstance(text, str):
        raise APIError(422, f'"text" must be a string, not {type(text).__name__}')
    if not text.strip():
        raise APIError(422, '"text" is blank; send the article body')
    for field in ("title", "id"):
        value = article.get(field)
        if value is not None and not isinstance(value, str):
            raise APIError(422, f'"{field}" must be a string or null, not {type(value).__name__}')
    return {"text": text, "title": article.get("title"), "id": article.get("id")}
