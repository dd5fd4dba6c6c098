"""Shared fixtures: the seed article with its guide labels, a tiny model fitted here, apps."""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

import joblib
import pytest

from service import create_app
from service.config import Config, default_model_dir
from service.model import MODEL_FILE, AttributionModel
from service.segmentation import segment_sentences
from tests.live_servers import TEST_API_KEY, running_gunicorn
from tests.openapi_conformance import SpecCheckedClient
from training.pipeline import build_pipeline

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED_PATH = SHARED / "examples" / "kompas_kim_putin.txt"

# The guide's labels for the seed article (ATTRIBUTION_GUIDE.md, "The seed article, labelled"),
# in the order segment_sentences returns its body sentences.
SEED_HEADLINE_LABEL = "hedged"
SEED_BODY_LABELS = [
    "hedged", "hedged", "hedged", "unattributed", "official", "official", "official", "official",
    "media", "unattributed", "named", "social", "social", "unattributed", "official", "official",
    "official", "official", "other", "other",
]


def read_seed() -> tuple[str, str]:
    """The seed's title (its second line) and body (everything after)."""
    lines = SEED_PATH.read_text(encoding="utf-8").split("\n")
    return lines[1], "\n".join(lines[2:])


@pytest.fixture(scope="session")
def seed():
    title, text = read_seed()
    return {"title": title, "text": text}


@pytest.fixture(scope="session")
def corpus_articles() -> list[dict]:
    """A seeded sample of 400 real corpus documents, the same in every run."""
    with gzip.open(SHARED / "corpus" / "articles.jsonl.gz", "rt", encoding="utf-8") as lines:
        articles = [json.loads(line) for line in lines]
    return random.Random(3).sample(articles, 400)


@pytest.fixture(scope="session")
def tiny_estimator():
    """A pipeline fitted on the seed article alone: small, fast, and real in every step."""
    from service.features import article_records, read_article

    title, text = read_seed()
    sentences = [s.text for s in segment_sentences(text)]
    records = article_records(read_article(sentences), title)
    labels = [SEED_HEADLINE_LABEL] + SEED_BODY_LABELS
    return build_pipeline("sentence_tfidf", ["seed"] * len(labels)).fit(records, labels)


@pytest.fixture(scope="session")
def tiny_model(tiny_estimator) -> AttributionModel:
    return AttributionModel(tiny_estimator, {"name": "tiny", "version": "test", "sha256": "not-a-file"})


@pytest.fixture()
def make_app(tiny_model, tmp_path):
    """An app on the tiny model with the test limits, and any other settings a test needs."""

    def make(**settings):
        config = Config(model_dir=tmp_path, max_body_bytes=60_000, max_sentences=80, **settings)
        app = create_app({"TESTING": True, "MODEL": tiny_model, "SERVICE_CONFIG": config})
        app.test_client_class = SpecCheckedClient
        return app

    return make


@pytest.fixture()
def app(make_app):
    return make_app()


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def real_model() -> AttributionModel:
    """The committed model the service ships with."""
    return AttributionModel.load(default_model_dir())


@pytest.fixture(scope="session")
def real_estimator():
    """The committed model's fitted estimator, as joblib stores it (the service keeps only
    its scorer)."""
    return joblib.load(default_model_dir() / MODEL_FILE)


@pytest.fixture(scope="session")
def real_client(real_model):
    config = Config(model_dir=default_model_dir())
    app = create_app({"TESTING": True, "MODEL": real_model, "SERVICE_CONFIG": config})
    app.test_client_class = SpecCheckedClient
    return app.test_client()


@pytest.fixture(scope="session")
def keyed_server(tmp_path_factory):
    """The real service under gunicorn, requiring TEST_API_KEY and taking batches of at most 3."""
    log_path = tmp_path_factory.mktemp("keyed-gunicorn") / "server.log"
    with running_gunicorn({"API_KEYS": TEST_API_KEY, "MAX_BATCH_ARTICLES": "3"}, log_path) as base:
        yield base
