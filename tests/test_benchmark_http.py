"""benchmarks/http.py's pieces that its figures rest on (the benchmark itself is run by hand)."""

from __future__ import annotations

import json

import pytest

from benchmarks.http import corpus_bodies, trivial_app


@pytest.mark.parametrize("size", [200, 2000, 7614])
def test_trivial_endpoint_returns_the_requested_body_size(monkeypatch, size):
    monkeypatch.setenv("TRIVIAL_BODY_BYTES", str(size))
    response = trivial_app().test_client().post("/score", json={"text": "x"})
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert len(response.get_data()) == size


def test_corpus_bodies_are_json_articles():
    bodies = corpus_bodies(5)
    assert len(bodies) == 5
    assert all(set(json.loads(body)) == {"id", "title", "text"} for body in bodies)
