"""service.client against the real service under gunicorn, and against a scripted stand-in
for the failures a real one will not produce on demand (503, 502 pages, dropped connections)."""

from __future__ import annotations

import time

import pytest

from service.client import (MAX_RETRY_AFTER_SECONDS, AuthenticationError, CredibilityClient, RequestRejected,
                            ServiceError, ServiceUnavailable, retry_after_seconds)
from tests.live_servers import TEST_API_KEY, ScriptedServer, free_port

UNAVAILABLE = {"error": "Service Unavailable", "message": "the model is reloading"}


@pytest.fixture()
def waits(monkeypatch) -> list[float]:
    """The client's sleeps between retries, recorded instead of slept."""
    recorded: list[float] = []
    monkeypatch.setattr(time, "sleep", recorded.append)
    return recorded


def test_score_matches_the_service_in_process(keyed_server, real_client, seed):
    with CredibilityClient(keyed_server, api_key=TEST_API_KEY) as client:
        report = client.score(seed["text"], title=seed["title"], id="seed")
    assert report["id"] == "seed" and report["model"]["version"]
    assert report == real_client.post("/score", json={"id": "seed", **seed}).get_json()


def test_score_many_splits_to_the_server_limit_and_keeps_order(keyed_server, real_client, seed):
    articles = [{"id": f"a-{n}", "title": seed["title"], "text": f"Polisi menyatakan jalan {n} ditutup. Warga kecewa."}
                for n in range(7)]
    articles[4] = {"id": "blank", "text": "  "}
    articles[5] = {"id": "huge", "text": "kata " * 220_000}  # over MAX_BODY_BYTES even alone
    client = CredibilityClient(keyed_server, api_key=TEST_API_KEY)
    results = client.score_many(articles)
    assert client.batch_size <= 3  # the server takes at most 3 per batch
    assert [(r["index"], r["id"]) for r in results] == [(n, a["id"]) for n, a in enumerate(articles)]
    assert [r["status"] for r in results] == [200, 200, 200, 200, 422, 413, 200]
    assert results[4]["message"] == '"text" is blank; send the article body'
    assert results[5]["error"] == "Request Entity Too Large"
    for article, result in zip(articles, results):
        if result["status"] == 200:
            assert result["report"] == real_client.post("/score", json=article).get_json()


@pytest.mark.parametrize("api_key,message", [
    ("not-the-key-0123456789", "the API key is not valid"),
    (None, "send an API key: Authorization: Bearer <key> or X-API-Key: <key>"),
])
def test_a_bad_or_missing_key_is_an_authentication_error(keyed_server, api_key, message):
    client = CredibilityClient(keyed_server, api_key=api_key)
    for call in (lambda: client.score("Ada berita."), lambda: client.score_many([{"text": "Ada berita."}])):
        with pytest.raises(AuthenticationError) as raised:
            call()
        assert raised.value.status == 401
        assert raised.value.body == {"error": "Unauthorized", "message": message}


@pytest.mark.parametrize("kwargs,status,message", [
    ({"text": " "}, 422, '"text" is blank; send the article body'),
    ({"text": "Ya. " * 2001}, 413, "the text has 2001 sentences; the limit is 2000; split the article or raise MAX_SENTENCES"),
])
def test_a_refused_article_is_a_request_rejected_with_the_api_body(keyed_server, kwargs, status, message):
    with pytest.raises(RequestRejected) as raised:
        CredibilityClient(keyed_server, api_key=TEST_API_KEY).score(**kwargs)
    assert (raised.value.status, raised.value.body["message"]) == (status, message)
    assert message in str(raised.value)


def test_503_is_retried_after_the_wait_the_server_asks_for(waits):
    report = {"id": "x", "credibility": {"score": 70}}
    with ScriptedServer([(503, {"Retry-After": "2"}, UNAVAILABLE), (200, {}, report)]) as server:
        client = CredibilityClient(server.url, api_key="k" * 20, retries=3)
        assert client.score("Ada berita.", id="x") == report
    assert waits == [2.0]
    assert [(method, path) for method, path, _, _ in server.requests] == [("POST", "/score")] * 2
    headers = server.requests[-1][2]
    assert headers["Authorization"] == "Bearer " + "k" * 20 and headers["User-Agent"].startswith("sumber-client/")


@pytest.mark.parametrize("status,headers,body,expected", [
    (503, {}, UNAVAILABLE, UNAVAILABLE),
    (429, {}, {"error": "Too Many Requests", "message": "slow down"}, {"error": "Too Many Requests", "message": "slow down"}),
    (502, {}, b"<html>bad gateway</html>", {"error": "Bad Gateway", "message": "<html>bad gateway</html>"}),
    (504, {"Retry-After": "soon"}, {"error": "x"}, {"error": "Gateway Timeout", "message": '{"error": "x"}'}),
])
def test_retries_back_off_exponentially_then_give_up_with_the_last_answer(waits, status, headers, body, expected):
    with ScriptedServer([(status, headers, body)]) as server:
        with pytest.raises(ServiceUnavailable) as raised:
            CredibilityClient(server.url, retries=3, backoff=0.5).score_many([{"text": "Ada berita."}])
    assert len(server.requests) == 4 and waits == [0.5, 1.0, 2.0]
    assert (raised.value.status, raised.value.body) == (status, expected)
    assert "after 4 tries" in str(raised.value)


def test_a_refused_connection_is_retried_then_unavailable(waits):
    client = CredibilityClient(f"http://127.0.0.1:{free_port()}", retries=2, backoff=0.25)
    with pytest.raises(ServiceUnavailable, match="no answer after 3 tries") as raised:
        client.health()
    assert waits == [0.25, 0.5] and raised.value.status is None


def test_a_server_fault_is_not_retried(waits):
    fault = {"error": "Internal Server Error", "message": "the service failed on this request; it has been logged"}
    with ScriptedServer([(500, {}, fault), (200, {}, {})]) as server:
        with pytest.raises(ServiceError) as raised:
            CredibilityClient(server.url).score("Ada berita.")
    assert len(server.requests) == 1 and waits == []
    assert (raised.value.status, raised.value.body) == (500, fault)


def test_an_answer_that_is_not_the_apis_is_a_service_error():
    with ScriptedServer([(200, {}, ["not", "a", "report"])]) as server:
        with pytest.raises(ServiceError):
            CredibilityClient(server.url).score("Ada berita.")


@pytest.mark.parametrize("value,seconds", [
    ("3", 3.0), (" 0 ", 0.0), ("86400", MAX_RETRY_AFTER_SECONDS),
    ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0),  # a date already past: go now
    ("Fri, 01 Jan 9999 00:00:00 GMT", MAX_RETRY_AFTER_SECONDS),
    (None, None), ("", None), ("soon", None), ("-5", None), ("1.5", None),
    ("Wed, 21 Oct 2015 07:28:00", None),  # a date without a zone is not HTTP's
])
def test_retry_after_values(value, seconds):
    assert retry_after_seconds(value) == seconds


@pytest.mark.parametrize("kwargs", [
    {"base_url": "localhost:8000"}, {"base_url": ""},
    {"base_url": "http://x", "retries": -1}, {"base_url": "http://x", "timeout": 0},
    {"base_url": "http://x", "backoff": -1}, {"base_url": "http://x", "batch_size": 0},
])
def test_bad_settings_are_refused(kwargs):
    with pytest.raises(ValueError):
        CredibilityClient(**kwargs)


def test_the_client_loads_without_the_service_stack():
    """A CMS plugin needs requests, not Flask or scikit-learn."""
    import subprocess
    import sys

    probe = ("import sys, service.client; "
             "print(sorted(m for m in sys.modules if m.split('.')[0] in ('flask', 'sklearn', 'joblib')))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
