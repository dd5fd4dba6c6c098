"""schemathesis against the live app: generated requests, valid and invalid, for every operation.

Runs with API keys configured, so the 401 path and the ignored-auth check are exercised
too. Each operation and generation mode is one test, bounded by max_examples, so the
whole file stays well inside a minute on this machine. (schemathesis's own
``from_fixture`` integration does not run under pytest 9, so the strategies are driven
with hypothesis directly.)
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from service import create_app
from service.config import Config
from service.openapi import openapi_document

KEY = "kunci-schemathesis-0001"
CONFIG = Config(model_dir=Path("unused"), max_body_bytes=60_000, max_sentences=80,
                api_keys=(KEY,), max_batch_articles=5)


@pytest.fixture(scope="module")
def api_schema(tiny_model):
    app = create_app({"TESTING": True, "MODEL": tiny_model, "SERVICE_CONFIG": CONFIG})
    # Valid credentials for both declared schemes, so schemathesis knows them for explicit and
    # probes requests without them and with wrong ones, expecting 401s.
    # 413 is how this API refuses a batch over maxItems (as it refuses a body or an article
    # over its limits), so it counts as rejecting schema-violating data.
    config = schemathesis.Config.from_dict({
        "auth": {"openapi": {"bearerKey": {"bearer": KEY}, "headerKey": {"api_key": KEY}}},
        "checks": {"negative_data_rejection": {"expected-statuses": [
            400, 401, 403, 404, 405, 406, 409, 413, 415, 422, 428, 429]}},
    })
    return schemathesis.openapi.from_wsgi("/openapi.json", app, config=config)


# Negative cases need something to break: only operations with a request body have one.
CASES = [(path, method, mode) for path, operations in openapi_document(CONFIG)["paths"].items()
         for method, operation in operations.items()
         for mode in (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE)
         if mode == schemathesis.GenerationMode.POSITIVE or "requestBody" in operation]


@pytest.mark.parametrize("path,method,mode", CASES)
def test_api_conforms_to_its_document(api_schema, path, method, mode):
    operation = api_schema[path][method]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=int(os.environ.get("SCHEMATHESIS_EXAMPLES", "40")), deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def check(case):
        case.call_and_validate()

    check()
