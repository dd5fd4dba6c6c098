"""GET /openapi.json: a valid OpenAPI 3.1 document that matches the routes and the responses."""

from __future__ import annotations

import pytest
from flask import Response
from openapi_spec_validator import validate

from tests.openapi_conformance import check_response

KEY = "kunci-redaksi-0001"


@pytest.mark.parametrize("settings", [{}, {"api_keys": (KEY,), "max_batch_articles": 7}])
def test_document_is_valid_openapi_3_1(make_app, settings):
    client = make_app(**settings).test_client()
    response = client.get("/openapi.json", headers={"X-API-Key": KEY})
    assert response.status_code == 200
    document = response.get_json()
    assert document["openapi"].startswith("3.1")
    validate(document)


def test_every_route_is_documented_and_nothing_else(app):
    routes = {
        (rule.rule, method.lower())
        for rule in app.url_map.iter_rules() if rule.endpoint != "static"
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    document = app.extensions["openapi_document"]
    documented = {(path, method) for path, operations in document["paths"].items() for method in operations}
    assert routes == documented


def test_the_document_follows_the_configuration(make_app):
    open_doc = make_app().extensions["openapi_document"]
    keyed_doc = make_app(api_keys=(KEY,), max_batch_articles=7).extensions["openapi_document"]
    assert "securitySchemes" not in open_doc["components"]
    assert "401" not in open_doc["paths"]["/score"]["post"]["responses"]
    for path in ("/score", "/score/batch"):
        operation = keyed_doc["paths"][path]["post"]
        assert operation["security"] and "401" in operation["responses"]
    for path in ("/health", "/openapi.json"):
        assert "security" not in keyed_doc["paths"][path]["get"]
    batch = keyed_doc["paths"]["/score/batch"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert batch["properties"]["articles"]["maxItems"] == 7


def fake(status: int, body: str, mimetype: str = "application/json") -> Response:
    response = Response(body, status=status, mimetype=mimetype)
    response.headers["X-Request-ID"] = "r"
    return response


@pytest.mark.parametrize("method,path,response,complaint", [
    ("GET", "/health", fake(200, '{"status": "ok", "model": {"name": "a", "version": "b", "sha256": "c"}, "x": 1}'),
     "Additional properties"),
    ("GET", "/health", fake(200, '{"status": "ok"}'), "'model' is a required property"),
    ("GET", "/health", fake(418, '{"error": "x", "message": "y"}'), "does not list"),
    ("POST", "/score", fake(422, '{"error": "x"}'), "'message' is a required property"),
    ("POST", "/score", fake(200, "{}", "text/html"), "text/html"),
    ("GET", "/nowhere", fake(404, "<html>", "text/html"), "text/html"),
    ("GET", "/nowhere", fake(404, "[]"), "is not of type 'object'"),
])
def test_the_conformance_check_catches_drift(app, method, path, response, complaint):
    """The check every suite response passes through is not a rubber stamp."""
    with pytest.raises(AssertionError, match=complaint):
        check_response(app.extensions["openapi_document"], method, path, response)


def test_a_missing_request_id_header_is_caught(app):
    response = Response('{"status": "ok", "model": {"name": null, "version": null, "sha256": null}}',
                        mimetype="application/json")
    with pytest.raises(AssertionError, match="lacks X-Request-ID"):
        check_response(app.extensions["openapi_document"], "GET", "/health", response)
