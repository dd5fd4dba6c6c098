"""The one place where every error becomes a JSON body: {"error": <reason>, "message": <fix>}.

werkzeug's own 404/405/413/415 go through here too, so a client never receives an HTML
page or a traceback; an unexpected fault is logged and answered as a plain JSON 500.
"""

from __future__ import annotations

import logging
from http import HTTPStatus

from flask import Flask, jsonify
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)


class APIError(Exception):
    """A request the service refuses, with the HTTP status and what the client should fix."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def error_body(status: int, message: str) -> dict:
    """{"error": <HTTP reason>, "message": <what to fix>}, the shape every failure uses."""
    return {"error": HTTPStatus(status).phrase, "message": message}


def error_response(status: int, message: str, headers: dict[str, str] | None = None):
    """The JSON error response every failure uses."""
    response = jsonify(error_body(status, message))
    response.status_code = status
    response.headers.update(headers or {})
    return response


def register_error_handlers(app: Flask) -> None:
    """Route API errors, HTTP errors and unexpected exceptions to the JSON error body."""

    @app.errorhandler(APIError)
    def _api_error(error: APIError):
        return error_response(error.status, error.message, error.headers)

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        response = error_response(error.code or 500, _MESSAGES.get(error.code, error.description))
        if error.code == 405 and error.valid_methods:
            response.headers["Allow"] = ", ".join(error.valid_methods)
        return response

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        log.exception("unhandled error: %s", type(error).__name__)
        return error_response(500, "the service failed on this request; it has been logged")


_MESSAGES = {
    404: "no such endpoint; GET /openapi.json describes the API",
    405: "this endpoint does not take that method; see the Allow header",
    413: "the request body is larger than the service accepts (MAX_BODY_BYTES)",
}
