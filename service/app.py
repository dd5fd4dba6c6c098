"""The Flask application factory: configuration, the model loaded once, routes, errors."""

from __future__ import annotations

import logging
import sys

from flask import Flask
from flask_cors import CORS

from service.access_log import init_access_log
from service.api import api
from service.config import Config, ConfigError
from service.demo import demo
from service.errors import register_error_handlers
from service.metrics import init_metrics
from service.model import AttributionModel, ModelLoadError
from service.openapi import init_openapi
from service.request_context import init_request_context


class StartupError(SystemExit):
    """The service cannot start; its message is the one line an operator needs.

    A SystemExit, so that gunicorn (or any caller that does not catch it) exits with that
    line on stderr instead of a traceback.
    """


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: defaults, then the environment, then ``test_config``.

    ``test_config`` may hand in ``MODEL`` (a loaded AttributionModel, e.g. a tiny one fitted
    in a test) and ``SERVICE_CONFIG`` (a Config); otherwise both come from the environment.
    A bad setting or an unusable model stops start-up with one line on stderr.
    """
    test_config = test_config or {}
    try:
        config = test_config.get("SERVICE_CONFIG") or Config.from_env()
        model = test_config.get("MODEL") or AttributionModel.load(config.model_dir)
    except (ConfigError, ModelLoadError) as error:
        raise StartupError(f"sumber: cannot start: {error}") from None

    logging.basicConfig(level=config.log_level, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = Flask(__name__)
    app.config.update(
        SERVICE_CONFIG=config,
        MAX_CONTENT_LENGTH=config.max_body_bytes,
    )
    # Keep the report's field order; keep ensure_ascii (Flask's default) so that text with
    # lone surrogates, which JSON input may carry, still serialises: \ud800 stays escaped.
    app.json.sort_keys = False
    app.config.update({k: v for k, v in test_config.items() if k not in ("MODEL", "SERVICE_CONFIG")})
    app.extensions["attribution_model"] = model
    register_error_handlers(app)
    init_request_context(app)
    init_access_log(app)
    app.register_blueprint(api)
    app.register_blueprint(demo)
    init_openapi(app, config)
    init_metrics(app)
    if config.cors_origins:
        # Only the configured CMS origins get CORS headers; a preflight must be able to
        # announce the key headers, and a page may read the request id back.
        CORS(app, origins=list(config.cors_origins),
             allow_headers=["Authorization", "X-API-Key", "Content-Type", "X-Request-ID"],
             expose_headers=["X-Request-ID"], methods=["GET", "POST"], max_age=600)
    return app
