"""X-Request-ID handling and the one access-log line per request."""

from __future__ import annotations

import logging

import pytest

from service.access_log import format_fields
from service.request_context import MAX_REQUEST_ID_LENGTH, request_id_from

SECRET_TEXT = "Sumber rahasia menyebut menteri akan mundur pekan depan."
SECRET_TITLE = "Judul Belum Terbit"
KEY = "kunci-redaksi-0001"


def access_lines(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "sumber.access"]


@pytest.mark.parametrize("sent,kept", [
    ("abc-123", "abc-123"),
    ("0f8fad5b-d9cb-469f-a165-70867728950e", "0f8fad5b-d9cb-469f-a165-70867728950e"),
    ("trace:01HZX/9+=@.x_y", "trace:01HZX/9+=@.x_y"),
    ("evil\r\nX-Injected: 1", "evilX-Injected:1"),
    ("id with spaces\"and<quotes>", "idwithspacesandquotes"),
    ("ñ-ünicode- id", "-nicode-id"),
    ("a" * 500, "a" * MAX_REQUEST_ID_LENGTH),
])
def test_request_id_is_sanitised_and_bounded(client, sent, kept):
    assert request_id_from(sent) == kept
    if "\n" not in sent and sent.isascii():  # what an HTTP client can send at all
        assert client.get("/health", headers={"X-Request-ID": sent}).headers["X-Request-ID"] == kept


@pytest.mark.parametrize("sent", [None, "", "   ", "\t", "<<>>", "ĉ"])
def test_missing_or_unusable_request_id_is_generated(client, sent):
    headers = {} if sent is None else {"X-Request-ID": sent}
    first = client.get("/health", headers=headers).headers["X-Request-ID"]
    second = client.get("/health", headers=headers).headers["X-Request-ID"]
    assert len(first) == 32 and int(first, 16) >= 0
    assert first != second


@pytest.mark.parametrize("method,path,kwargs,status", [
    ("post", "/score", {"json": {"text": "Ada."}}, 200),
    ("post", "/score", {"data": b"{", "content_type": "application/json"}, 400),
    ("get", "/nowhere", {}, 404),
    ("get", "/score", {}, 405),
])
def test_every_response_echoes_the_request_id(client, method, path, kwargs, status):
    response = getattr(client, method)(path, headers={"X-Request-ID": "req-42"}, **kwargs)
    assert response.status_code == status
    assert response.headers["X-Request-ID"] == "req-42"


def test_one_access_line_with_ids_counts_and_no_text(client, caplog):
    caplog.set_level(logging.INFO, logger="sumber.access")
    response = client.post("/score", json={"id": "art-7", "title": SECRET_TITLE, "text": SECRET_TEXT},
                           headers={"X-Request-ID": "req-7"})
    report = response.get_json()
    [line] = access_lines(caplog)
    assert line.startswith("request_id=req-7 method=POST path=/score status=200 duration_ms=")
    assert f"request_bytes={response.request.content_length}" in line
    assert f"response_bytes={len(response.get_data())}" in line
    assert 'ids=["art-7"]' in line
    assert f"sentences={len(report['sentences'])}" in line
    labels = ",".join(f"{k}:{v}" for k, v in report["summary"]["label_counts"].items() if v)
    assert f"labels={labels}" in line
    assert "rahasia" not in line and "Terbit" not in line


def test_api_keys_are_never_logged(make_app, caplog):
    caplog.set_level(logging.DEBUG)
    client = make_app(api_keys=(KEY,), log_text=True).test_client()
    client.post("/score", json={"text": SECRET_TEXT}, headers={"Authorization": f"Bearer {KEY}"})
    client.post("/score", json={"text": SECRET_TEXT}, headers={"X-API-Key": KEY + "-wrong"})
    assert caplog.records
    assert all(KEY not in record.getMessage() for record in caplog.records)


def test_log_text_puts_the_text_in_the_line(make_app, caplog):
    caplog.set_level(logging.INFO, logger="sumber.access")
    client = make_app(log_text=True).test_client()
    client.post("/score", json={"title": SECRET_TITLE, "text": SECRET_TEXT})
    [line] = access_lines(caplog)
    assert SECRET_TEXT in line and SECRET_TITLE in line


def test_batch_logs_every_scored_article_once(client, caplog):
    caplog.set_level(logging.INFO, logger="sumber.access")
    articles = [{"id": "a", "text": "Satu. Dua."}, {"id": 5, "text": "x"}, {"text": "Tiga."}]
    client.post("/score/batch", json={"articles": articles})
    [line] = access_lines(caplog)
    assert "articles=2" in line and 'ids=["a",null]' in line and "sentences=3" in line


def test_a_hostile_path_or_id_stays_on_one_line(client, caplog):
    caplog.set_level(logging.INFO, logger="sumber.access")
    client.get("/x%0Afake=1")
    client.post("/score", json={"id": "a\nstatus=500", "text": "Ada."})
    lines = access_lines(caplog)
    assert len(lines) == 2 and all("\n" not in line for line in lines)


def test_format_fields_quotes_anything_but_plain_tokens():
    assert format_fields({"a": 1, "b": "x-y", "c": "two words", "d": "", "e": None}) == \
        'a=1 b=x-y c="two words" d="" e=null'
