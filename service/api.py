"""The HTTP API: POST /score, POST /score/batch, GET /health, GET /model.

One article is validated and scored by the same two functions whether it arrives alone or
inside a batch, so the two endpoints cannot disagree about what a valid article is.
"""

from __future__ import annotations

import json
import re

from flask import Blueprint, current_app, jsonify, request

from service.auth import requires_api_key
from service.errors import APIError, error_body
from service.html_text import extract_text
from service.model import AttributionModel
from service.report import TooManySentences, build_report
from service.request_context import note_scored

api = Blueprint("api", __name__)

# A non-blank text has a character that str.strip() would keep. Spelled as \uXXXX escapes
# so that the same pattern means the same in Python and in the OpenAPI document, whose
# ECMA-262 regexes count other characters as whitespace (\ufeff in, \x1c-\x1f out).
NOT_BLANK = "[^" + "".join(f"\\u{code:04x}" for code in range(0x10000) if chr(code).isspace()) + "]"


@api.post("/score")
@requires_api_key
def score():
    """Score one article given as JSON {"title", "text" or "html", "id"} or as a text/plain body."""
    body = read_body(("application/json", "text/plain"))
    article = {"text": body} if request.mimetype == "text/plain" else parse_json(body)
    if not isinstance(article, dict):
        raise APIError(422, 'the JSON body must be an object: {"title": ..., "text": ...}')
    return jsonify(score_article(article))


@api.post("/score/batch")
@requires_api_key
def score_batch():
    """Score {"articles": [...]}: each article's report or error inline, in the order sent.

    MAX_SENTENCES bounds the whole request, as it bounds one /score, so that a batch costs
    no more than two articles at the limit: the article that takes the batch past it stops
    the request with a 413 (the client then halves the batch)."""
    envelope = parse_json(read_body(("application/json",)))
    articles = envelope.get("articles") if isinstance(envelope, dict) else None
    if not isinstance(articles, list) or not articles:
        raise APIError(422, 'the JSON body must be {"articles": [{"id": ..., "title": ..., "text": ...}, ...]} '
                            "with at least one article")
    config = current_app.config["SERVICE_CONFIG"]
    if len(articles) > config.max_batch_articles:
        raise APIError(413, f"the batch has {len(articles)} articles; the limit is {config.max_batch_articles} "
                            "(split it or raise MAX_BATCH_ARTICLES)")
    results, sentences = [], 0
    for index, article in enumerate(articles):
        results.append(batch_result(index, article))
        sentences += len(results[-1]["report"]["sentences"]) if results[-1]["status"] == 200 else 0
        if sentences > config.max_sentences:
            raise APIError(413, f"the batch has more than {config.max_sentences} sentences; the limit is "
                                f"{config.max_sentences} per request (split it or raise MAX_SENTENCES)")
    failed = sum(result["status"] != 200 for result in results)
    return jsonify({"scored": len(results) - failed, "failed": failed, "results": results})


@api.get("/health")
def health():
    """Liveness and readiness: the model is loaded, or the app would not have started."""
    return jsonify({"status": "ok", "model": current_app.extensions["attribution_model"].identity})


@api.get("/model")
def model_manifest():
    """The loaded model's manifest, as training wrote it."""
    return jsonify(current_app.extensions["attribution_model"].manifest)


def batch_result(index: int, article: object) -> dict:
    """One entry of a batch answer: the report, or the error this article alone would get."""
    article_id = article.get("id") if isinstance(article, dict) else None
    reference = {"index": index, "id": article_id if isinstance(article_id, str) else None}
    try:
        if not isinstance(article, dict):
            raise APIError(422, f'article {index} must be an object {{"id", "title", "text"}}, '
                                f"not {type(article).__name__}")
        return {**reference, "status": 200, "report": score_article(article)}
    except APIError as error:
        return {**reference, "status": error.status, **error_body(error.status, error.message)}


def score_article(article: dict) -> dict:
    """Validate one article object and build its report; raise APIError (422, 413) otherwise."""
    article = validated_article(article)
    report = report_within_limit(current_app.extensions["attribution_model"], article["text"], article["title"],
                                 article["id"], current_app.config["SERVICE_CONFIG"].max_sentences)
    if article["from_html"]:
        report["text"] = article["text"]  # the offsets index this extracted text
    note_scored(report, article["text"], article["title"])
    return report


def report_within_limit(model: AttributionModel, text: str, title: str | None, article_id: str | None,
                        max_sentences: int) -> dict:
    """build_report, or a 413 APIError for more than ``max_sentences`` sentences; the batch job's
    --local mode applies the limit through this too, so it refuses what the API refuses, alike."""
    try:
        return build_report(model, text, title=title, article_id=article_id, max_sentences=max_sentences)
    except TooManySentences as error:
        raise APIError(413, f"{error}; split the article or raise MAX_SENTENCES") from None


def read_body(mimetypes: tuple[str, ...]) -> str:
    """The request body as text, if its content type is one of ``mimetypes`` and it is UTF-8."""
    mimetype = request.mimetype
    charset = (request.mimetype_params.get("charset") or "utf-8").lower()
    if mimetype not in mimetypes:
        wanted = " or ".join(mimetypes)
        raise APIError(415, f"send Content-Type {wanted}; charset=utf-8")
    if charset not in ("utf-8", "utf8"):
        raise APIError(415, f"charset {charset!r} is not supported; send UTF-8")
    raw = request.get_data(cache=False)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise APIError(400, f"the body is not valid UTF-8 (byte {error.start})") from None


def parse_json(body: str) -> object:
    """Parse a JSON body; raise a 400 APIError for invalid or too deeply nested JSON."""
    try:
        return json.loads(body)
    except RecursionError:
        raise APIError(400, "the JSON is nested too deeply") from None
    except ValueError as error:
        raise APIError(400, f"the body is not valid JSON: {error}") from None


def validated_article(article: dict) -> dict:
    """{"text", "title", "id", "from_html"} from an article object; raise a 422 APIError naming
    the bad field. A CMS may send "html" instead of "text": its text is extracted here."""
    text, html = article.get("text"), article.get("html")
    if html is not None:
        if text is not None:
            raise APIError(422, 'send "text" or "html", not both')
        if not isinstance(html, str):
            raise APIError(422, f'"html" must be a string, not {type(html).__name__}')
        # HTML without text (an empty editor) is a valid document: its report has no sentences.
        return {"text": extract_text(html), "title": _optional_string(article, "title"),
                "id": _optional_string(article, "id"), "from_html": True}
    if text is None:
        raise APIError(422, '"text" is required: the article body as a string (or "html")')
    if not isinstance(text, str):
        raise APIError(422, f'"text" must be a string, not {type(text).__name__}')
    if not re.search(NOT_BLANK, text):
        raise APIError(422, '"text" is blank; send the article body')
    return {"text": text, "title": _optional_string(article, "title"), "id": _optional_string(article, "id"),
            "from_html": False}


def _optional_string(article: dict, field: str) -> str | None:
    value = article.get(field)
    if value is not None and not isinstance(value, str):
        raise APIError(422, f'"{field}" must be a string or null, not {type(value).__name__}')
    return value
