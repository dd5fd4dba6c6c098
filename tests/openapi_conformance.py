"""Check a real response against the app's own OpenAPI document.

Every test client in the suite is a SpecCheckedClient, so each response any test
receives must be documented: its status for that path and method, its content type, and
its body, validated with undocumented object fields treated as errors.
"""

from __future__ import annotations

import copy

from flask.testing import FlaskClient
from jsonschema import Draft202012Validator


class SpecCheckedClient(FlaskClient):
    """A Flask test client that fails the test on any response its app's document does not describe."""

    def open(self, *args, **kwargs):
        response = super().open(*args, **kwargs)
        environ = response.request.environ
        check_response(self.application.extensions["openapi_document"],
                       environ["REQUEST_METHOD"], environ["PATH_INFO"], response)
        return response


def check_response(document: dict, method: str, path: str, response) -> None:
    """Raise AssertionError if ``response`` is not what ``document`` says ``method path`` answers."""
    operation = document["paths"].get(path, {}).get(method.lower())
    if method in ("OPTIONS", "HEAD"):
        return  # answered by Flask itself (CORS preflight, HEAD of a GET), with no body to check
    if operation is None:  # 404 or 405: the error body every failure has
        assert response.status_code in (404, 405), (method, path, response.status_code)
        assert response.mimetype == "application/json", (method, path, response.mimetype)
        _validate(document, {"$ref": "#/components/schemas/Error"}, response.get_json())
        return
    documented = operation["responses"].get(str(response.status_code))
    assert documented, f"{method} {path} answered {response.status_code}, which the document does not list"
    documented = _resolve(document, documented)
    for header in documented.get("headers", {}):
        assert header in response.headers, f"{method} {path} {response.status_code} lacks {header}"
    [(content_type, media)] = documented["content"].items()
    assert response.mimetype == content_type, (method, path, response.mimetype, content_type)
    if content_type == "application/json":
        _validate(document, media["schema"], response.get_json())


def strict(schema):
    """A copy of ``schema`` in which objects with listed properties allow no others (unless they say so)."""
    if isinstance(schema, dict):
        schema = {key: strict(value) for key, value in schema.items()}
        if "properties" in schema and "additionalProperties" not in schema:
            schema["additionalProperties"] = False
        return schema
    if isinstance(schema, list):
        return [strict(item) for item in schema]
    return schema


def _resolve(document: dict, node: dict) -> dict:
    while "$ref" in node:
        target = document
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def _validate(document: dict, schema: dict, instance) -> None:
    root = copy.deepcopy(schema)
    root["components"] = strict(document["components"])
    errors = sorted(Draft202012Validator(root).iter_errors(instance), key=lambda e: list(e.absolute_path))
    assert not errors, "; ".join(f"{list(e.absolute_path)}: {e.message[:300]}" for e in errors[:5])
