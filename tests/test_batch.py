"""POST /score/batch: several articles, each answered inline, the envelope checked whole."""

from __future__ import annotations

import pytest

GOOD = {"id": "a-1", "title": "Polisi Tutup Jalan", "text": "Polisi menyatakan jalan ditutup. Warga kecewa."}


def test_batch_matches_single_scoring(client, seed):
    articles = [GOOD, {"id": "seed", **seed}, {"text": "Hanya teks."}]
    response = client.post("/score/batch", json={"articles": articles})
    assert response.status_code == 200
    body = response.get_json()
    assert (body["scored"], body["failed"]) == (3, 0)
    for index, (article, result) in enumerate(zip(articles, body["results"])):
        assert (result["index"], result["id"], result["status"]) == (index, article.get("id"), 200)
        assert result["report"] == client.post("/score", json=article).get_json()


BAD_ARTICLES = [
    # (description, article, status the same article gets from POST /score)
    ("not an object", ["text"], 422),
    ("a string", "teks", 422),
    ("null", None, 422),
    ("missing text", {"id": "x", "title": "Judul"}, 422),
    ("text is a number", {"id": "x", "text": 5}, 422),
    ("blank text", {"id": "x", "text": " \n "}, 422),
    ("separators only", {"id": "x", "text": "\x1d\u2028"}, 422),
    ("title is a number", {"id": "x", "text": "Ada berita.", "title": 3}, 422),
    ("id is a number", {"id": 12, "text": "Ada berita."}, 422),
    ("too many sentences", {"id": "x", "text": "Ya. " * 90}, 413),
]


@pytest.mark.parametrize("description,article,status", BAD_ARTICLES, ids=[b[0] for b in BAD_ARTICLES])
def test_a_bad_article_fails_alone(client, description, article, status):
    response = client.post("/score/batch", json={"articles": [GOOD, article, GOOD]})
    assert response.status_code == 200
    body = response.get_json()
    assert (body["scored"], body["failed"]) == (2, 1)
    first, bad, last = body["results"]
    assert first["status"] == last["status"] == 200 and first["report"]["sentences"]
    assert bad["index"] == 1 and bad["status"] == status
    assert bad["id"] == (article.get("id") if isinstance(article, dict) and isinstance(article.get("id"), str) else None)
    assert set(bad) == {"index", "id", "status", "error", "message"} and bad["message"]
    if isinstance(article, dict):  # the same article alone gets the same error
        single = client.post("/score", json=article)
        assert single.status_code == status
        assert single.get_json() == {"error": bad["error"], "message": bad["message"]}


BAD_ENVELOPES = [
    ("invalid JSON", {"data": b'{"articles": [', "content_type": "application/json"}, 400),
    ("invalid UTF-8", {"data": b'{"articles": ["\xff"]}', "content_type": "application/json"}, 400),
    ("deeply nested", {"data": b'{"articles": ' + b"[" * 10_000 + b"]" * 10_000 + b"}",
                       "content_type": "application/json"}, 400),
    ("plain text", {"data": b"Berita.", "content_type": "text/plain"}, 415),
    ("form", {"data": {"articles": "x"}}, 415),
    ("multipart without boundary", {"data": b"x", "content_type": "multipart/form-data"}, 415),
    ("latin-1", {"data": b'{"articles": []}', "content_type": "application/json; charset=latin-1"}, 415),
    ("a list", {"json": [GOOD]}, 422),
    ("null", {"data": b"null", "content_type": "application/json"}, 422),
    ("no articles key", {"json": {"article": [GOOD]}}, 422),
    ("articles is an object", {"json": {"articles": GOOD}}, 422),
    ("articles is null", {"json": {"articles": None}}, 422),
    ("no articles", {"json": {"articles": []}}, 422),
    ("one over the limit", {"json": {"articles": [GOOD] * 4}}, 413),
    ("body over the limit", {"json": {"articles": [{"text": "kata " * 13000}]}}, 413),
]


@pytest.mark.parametrize("description,kwargs,status", BAD_ENVELOPES, ids=[b[0] for b in BAD_ENVELOPES])
def test_a_bad_envelope_fails_the_request(make_app, description, kwargs, status):
    client = make_app(max_batch_articles=3).test_client()
    response = client.post("/score/batch", **kwargs)
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    assert set(response.get_json()) == {"error", "message"}


def test_the_limit_itself_is_accepted(make_app):
    client = make_app(max_batch_articles=3).test_client()
    assert client.post("/score/batch", json={"articles": [GOOD] * 3}).get_json()["scored"] == 3


def test_batch_needs_a_key_when_keys_are_configured(make_app):
    client = make_app(api_keys=("kunci-redaksi-0001",)).test_client()
    assert client.post("/score/batch", json={"articles": [GOOD]}).status_code == 401
    answer = client.post("/score/batch", json={"articles": [GOOD]}, headers={"X-API-Key": "kunci-redaksi-0001"})
    assert answer.status_code == 200


@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_batch_wrong_method(client, method):
    response = getattr(client, method)("/score/batch")
    assert response.status_code == 405 and response.headers["Allow"]
