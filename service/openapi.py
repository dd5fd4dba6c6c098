"""The OpenAPI 3.1 document served at GET /openapi.json, built from the running configuration.

Label, source-type and cue-kind enums come from the modules that define them, and the
batch limit and the API-key requirement from the app's Config, so the document says what
this process does. The test suite checks every response it receives against this
document (with undocumented fields treated as errors) and runs schemathesis against it.
"""

from __future__ import annotations

from flask import Blueprint, Flask, current_app, jsonify

from service.api import NOT_BLANK
from service.config import Config
from service.labels import LABELS
from service.report import REPORTED_CUES, SERVICE_NAME, SERVICE_VERSION
from service.sources import SOURCE_TYPES

docs = Blueprint("docs", __name__)

STRING, INTEGER, NUMBER, BOOLEAN = ({"type": t} for t in ("string", "integer", "number", "boolean"))
INDEX = {"type": "integer", "minimum": 0}
INDEXES = {"type": "array", "items": INDEX}
LABEL = {"type": "string", "enum": list(LABELS)}


@docs.get("/openapi.json")
def openapi_json():
    """This service's OpenAPI 3.1 document."""
    return jsonify(current_app.extensions["openapi_document"])


def init_openapi(app: Flask, config: Config) -> None:
    """Build the document once for this app's configuration and serve it."""
    app.extensions["openapi_document"] = openapi_document(config)
    app.register_blueprint(docs)


def openapi_document(config: Config) -> dict:
    """The whole document: paths, schemas, and security when API keys are configured."""
    secured = bool(config.api_keys)
    document = {
        "openapi": "3.1.0",
        "info": {
            "title": SERVICE_NAME,
            "version": SERVICE_VERSION,
            "description": "How Indonesian news articles source their claims: per-sentence attribution "
                           "labels with character offsets, sources, flags and a credibility score.",
        },
        "paths": {
            "/score": {"post": _operation(
                "Score one article", "score",
                request={"application/json": _ref("Article"),
                         "text/plain": {"type": "string", "pattern": NOT_BLANK,
                                        "description": "the article body alone, UTF-8"}},
                ok=_ref("Report"), errors=(400, 413, 415, 422), secured=secured)},
            "/score/batch": {"post": _operation(
                "Score several articles; each gets its report or its error inline", "scoreBatch",
                request={"application/json": _batch_request(config.max_batch_articles)},
                ok=_ref("BatchResponse"), errors=(400, 413, 415, 422), secured=secured)},
            "/health": {"get": _operation(
                "Liveness and readiness: the model is loaded", "health", ok=_ref("Health"))},
            "/model": {"get": _operation(
                "The loaded model's manifest, as training wrote it", "model", ok=_ref("Manifest"))},
            "/openapi.json": {"get": _operation(
                "This document", "openapi", ok={"type": "object"})},
            "/": {"get": _operation(
                "The demo page: paste an article, see the credibility widget at work", "demo",
                ok={"type": "string"}, ok_type="text/html")},
            "/metrics": {"get": _operation(
                "Prometheus metrics, all workers added up", "metrics",
                ok={"type": "string"}, ok_type="text/plain")},
        },
        "components": {"schemas": SCHEMAS, "headers": HEADERS, "parameters": PARAMETERS,
                       "responses": _error_responses()},
    }
    if secured:
        document["components"]["securitySchemes"] = {
            "bearerKey": {"type": "http", "scheme": "bearer", "description": "Authorization: Bearer <API key>"},
            "headerKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
        }
    return document


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _object(required: dict, optional: dict | None = None, **extra) -> dict:
    return {"type": "object", "properties": {**required, **(optional or {})}, "required": list(required), **extra}


def _nullable(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}]}


def _operation(summary: str, operation_id: str, ok: dict, request: dict | None = None,
               errors: tuple[int, ...] = (), secured: bool = False, ok_type: str = "application/json") -> dict:
    responses = {"200": {"description": "OK", "headers": {"X-Request-ID": {"$ref": "#/components/headers/RequestId"}},
                         "content": {ok_type: {"schema": ok}}}}
    for status in errors + ((401,) if secured else ()) + (500,):
        responses[str(status)] = {"$ref": f"#/components/responses/Error{status}"}
    operation = {"summary": summary, "operationId": operation_id, "responses": responses,
                 "parameters": [{"$ref": "#/components/parameters/RequestId"}]}
    if request:
        operation["requestBody"] = {"required": True,
                                    "content": {kind: {"schema": schema} for kind, schema in request.items()}}
    if secured:
        operation["security"] = [{"bearerKey": []}, {"headerKey": []}]
    return operation


_ERROR_WHEN = {
    400: "the body is not valid UTF-8 or JSON, or the JSON is nested too deeply",
    401: "no API key, or not a configured one",
    413: "the body is over MAX_BODY_BYTES, the article has more sentences than MAX_SENTENCES, "
         "or the batch more articles than MAX_BATCH_ARTICLES",
    415: "a content type or charset the endpoint does not take",
    422: "JSON of the wrong shape: what to fix is in the message",
    500: "a fault of the service itself, logged",
}


def _error_responses() -> dict:
    responses = {}
    for status, when in _ERROR_WHEN.items():
        responses[f"Error{status}"] = {
            "description": when,
            "headers": {"X-Request-ID": {"$ref": "#/components/headers/RequestId"}},
            "content": {"application/json": {"schema": _ref("Error")}},
        }
    responses["Error401"]["headers"]["WWW-Authenticate"] = {"schema": STRING}
    return responses


def _batch_request(max_articles: int) -> dict:
    return _object({"articles": {
        "type": "array", "minItems": 1, "maxItems": max_articles,
        # Any item is accepted: one that is not a valid Article gets an inline error result.
        "items": {"anyOf": [_ref("Article"), {}]},
    }}, additionalProperties=True)


PARAMETERS = {"RequestId": {"name": "X-Request-ID", "in": "header", "required": False, "schema": STRING,
                            "description": "an id to find this request in the logs by; sanitised, cut to 128"}}
HEADERS = {"RequestId": {"description": "the request's id: the client's X-Request-ID, sanitised, or a new one",
                         "schema": {"type": "string", "pattern": "^[A-Za-z0-9._:/+=@-]{1,128}$"}}}

_CUE = _object({"text": STRING, "start": INDEX, "end": INDEX,
                "kind": {"type": "string", "enum": sorted(set(REPORTED_CUES.values()))}, "in_quote": BOOLEAN})
_SENTENCE_SOURCE = _object({"name": STRING, "type": {"type": "string", "enum": list(SOURCE_TYPES)},
                            "start": INDEX, "end": INDEX, "resolved": BOOLEAN})
_LABELLED = {"label": LABEL, "strength": _nullable(NUMBER),
             "confidence": {"type": "number", "minimum": 0, "maximum": 1},
             "expected_strength": _nullable({"type": "number", "minimum": 0, "maximum": 1})}
_MESSAGE = _object({"id": STRING, "en": STRING})

SCHEMAS = {
    "Error": _object({"error": STRING, "message": STRING}),
    "Article": {**_object(
        {},
        {"text": {"type": "string", "pattern": NOT_BLANK, "description": "the article body; not blank"},
         "html": {"type": "string", "description": "the body as CMS HTML instead of text; the report then "
                                                   "returns the extracted text, which its offsets index"},
         "title": _nullable(STRING), "id": _nullable(STRING)},
        additionalProperties=True),
        "oneOf": [{"required": ["text"]}, {"required": ["html"]}]},
    "ModelIdentity": _object({"name": _nullable(STRING), "version": _nullable(STRING), "sha256": _nullable(STRING)}),
    "Health": _object({"status": {"const": "ok"}, "model": _ref("ModelIdentity")}),
    "Manifest": _object({}, {"name": STRING, "version": STRING, "sha256": STRING}, additionalProperties=True),
    "Report": _object({
        "id": _nullable(STRING),
        "service": _object({"name": STRING, "version": STRING}),
        "model": _ref("ModelIdentity"),
        "headline": _nullable(_object({"text": STRING, **_LABELLED})),
        "sentences": {"type": "array", "items": _object({
            "index": INDEX, "start": INDEX, "end": INDEX, "text": STRING, **_LABELLED,
            "cues": {"type": "array", "items": _CUE}, "source": _nullable(_SENTENCE_SOURCE)})},
        "sources": {"type": "array", "items": _object({
            "name": STRING, "type": {"type": "string", "enum": list(SOURCE_TYPES)}, "channel": LABEL,
            "sentences": INDEXES,
            "mentions": {"type": "array", "items": _object({"start": INDEX, "end": INDEX, "text": STRING})}})},
        "headline_support": _nullable(_object({
            "headline_label": LABEL, "carrying": INDEXES, "sentences": INDEXES,
            "chain": {"type": "array", "items": _object({"label": LABEL, "sentences": INDEXES,
                                                         "sources": {"type": "array", "items": STRING}})},
            "weakest": LABEL, "on_record": BOOLEAN, "unrelated_official_sentences": INDEXES,
            "explanation": STRING})),
        "credibility": _object({
            "score": _nullable({"type": "integer", "minimum": 0, "maximum": 100}),
            "grade": _nullable(STRING),
            "components": {"type": "object", "additionalProperties": _object(
                {"value": NUMBER, "weight": NUMBER, "points": NUMBER})},
            "explanation": STRING}),
        "summary": _object({
            "label_counts": _object({label: {"type": "integer", "minimum": 0} for label in LABELS}),
            "flags": {"type": "array", "items": _object({"code": STRING, "message": _MESSAGE, "sentences": INDEXES})},
            "fact_check": BOOLEAN}),
    }, {"text": {"type": "string", "description": "present when the article came as html: the extracted text"}}),
    "BatchResult": {"oneOf": [
        _object({"index": INDEX, "id": _nullable(STRING), "status": {"const": 200}, "report": _ref("Report")}),
        _object({"index": INDEX, "id": _nullable(STRING), "status": {"type": "integer", "minimum": 400},
                 "error": STRING, "message": STRING}),
    ]},
    "BatchResponse": _object({"scored": INDEX, "failed": INDEX,
                              "results": {"type": "array", "items": _ref("BatchResult")}}),
}
