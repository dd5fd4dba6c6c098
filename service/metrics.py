"""Prometheus metrics at GET /metrics, correct under several gunicorn workers.

Under gunicorn, gunicorn.conf.py puts PROMETHEUS_MULTIPROC_DIR in the environment before
this module is imported, so prometheus_client keeps every worker's samples in files
there and a scrape, whichever worker answers it, adds up all of them (dead workers'
included). Without it (tests, one process) the samples live in this process.
"""

from __future__ import annotations

import os

from flask import Blueprint, Flask, Response, current_app, request
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import InfoMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

from service.request_context import elapsed_seconds, scored

metrics = Blueprint("metrics", __name__)

# Not registered anywhere at import: a scrape builds its own registry (see render_metrics).
REQUESTS = Counter("sumber_http_requests", "HTTP requests answered, by endpoint, method and status",
                   ["endpoint", "method", "status"], registry=None)
LATENCY = Histogram("sumber_http_request_duration_seconds", "Time from request to response, by endpoint, method and status",
                    ["endpoint", "method", "status"], registry=None,
                    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))
ARTICLES = Counter("sumber_articles_scored", "Articles scored (each article of a batch counts)", registry=None)
SENTENCES = Counter("sumber_sentences_scored", "Body sentences scored", registry=None)
LABELS = Counter("sumber_sentence_labels", "Body sentences scored, by the label the model gave them",
                 ["label"], registry=None)
_OWN_METRICS = (REQUESTS, LATENCY, ARTICLES, SENTENCES, LABELS)

# A path that matched no route is counted under this endpoint, not under its own path,
# so that scanners probing random URLs cannot grow the number of series without bound.
UNMATCHED = "unmatched"


@metrics.get("/metrics")
def metrics_text():
    """Every metric in the Prometheus text format."""
    body = render_metrics(current_app.extensions["attribution_model"].identity)
    return Response(body, mimetype="text/plain", content_type=CONTENT_TYPE_LATEST)


def init_metrics(app: Flask) -> None:
    """Count every request after its response is ready, and serve GET /metrics."""
    app.after_request(_observe)
    app.register_blueprint(metrics)


def render_metrics(model_identity: dict) -> bytes:
    """The exposition text: all workers' samples (or this process's) and the model's identity."""
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)
    else:
        for metric in _OWN_METRICS:
            registry.register(metric)
    registry.register(_ModelInfo(model_identity))
    return generate_latest(registry)


class _ModelInfo:
    """sumber_model_info{name, version, sha256} 1, read from the loaded model at scrape time.

    An info metric cannot go through multiprocess files; every worker has loaded the same
    model, so whichever answers the scrape reports it.
    """

    def __init__(self, identity: dict):
        self.identity = {key: str(value) for key, value in identity.items()}

    def collect(self):
        info = InfoMetricFamily("sumber_model", "The attribution model answering requests")
        info.add_metric([], self.identity)
        yield info


def _observe(response):
    endpoint = request.url_rule.rule if request.url_rule is not None else UNMATCHED
    labels = (endpoint, request.method, str(response.status_code))
    REQUESTS.labels(*labels).inc()
    LATENCY.labels(*labels).observe(elapsed_seconds())
    for article in scored():
        ARTICLES.inc()
        SENTENCES.inc(article.sentences)
        for label, count in article.label_counts.items():
            if count:
                LABELS.labels(label).inc(count)
    return response
