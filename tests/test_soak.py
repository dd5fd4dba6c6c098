"""The soak of benchmarks/soak.py for 30 seconds, with its checks; and the checks shown to fail."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.loopback import Dropped, Reply, parse_reply, request_bytes
from benchmarks.soak import MAX_GROWTH, MemorySamples, Probe, SoakResult, Tally, growth, judge, request_mix, soak
from service.config import Config

SOAK_SECONDS = 30


@pytest.fixture(scope="module")
def soak_log(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("soak") / "gunicorn.log"


@pytest.fixture(scope="module")
def soaked(corpus_articles, soak_log) -> SoakResult:
    # Thirty seconds is shorter than a recycled worker lives at this speed: every worker is
    # kept for the whole run, to be judged over all of it (make soak runs the deployed recycling).
    return soak(corpus_articles[:200], duration=SOAK_SECONDS, concurrency=16, log=soak_log, recycle=False)


def log_tail(log: Path) -> str:
    return log.read_text(errors="replace")[-3000:]


def test_the_soak_sent_every_kind_of_request(soaked):
    articles = [{"id": "a", "text": "Kata mereka."}] * 4
    kinds = {probes[0].kind for _, probes in request_mix(articles, Config.from_env())}
    assert set(soaked.tally.sent) == kinds
    assert sum(soaked.tally.sent.values()) > 10 * len(kinds)
    assert soaked.seconds >= SOAK_SECONDS


def test_the_soak_got_no_5xx(soaked, soak_log):
    assert soaked.tally.server_errors() == 0, (soaked.tally.examples, log_tail(soak_log))


def test_the_soak_dropped_no_connection(soaked, soak_log):
    assert not soaked.tally.dropped, (soaked.tally.examples, log_tail(soak_log))


def test_every_answer_of_the_soak_was_the_expected_one(soaked):
    assert not soaked.tally.unexpected, soaked.tally.examples


def test_worker_memory_stayed_flat_through_the_soak(soaked):
    first, last, grown = growth(soaked.memory.fleet())
    assert grown < MAX_GROWTH, f"largest worker RSS {first:.1f} MB in the first window, {last:.1f} MB in the last"
    lives = soaked.memory.judged_lives()
    assert lives, "no worker lived long enough to be judged on its own"
    for pid, life in lives.items():
        first, last, grown = growth(life)
        assert grown < MAX_GROWTH, f"worker {pid}: {first:.1f} MB in its first fifth, {last:.1f} MB in its last"
    assert soaked.failures() == []


def reply(status: int, body: object, content_type: str = "application/json") -> Reply:
    return Reply(status, {"content-type": content_type}, body if isinstance(body, bytes) else json.dumps(body).encode())


SCORE = Probe("score", b"", 200)
REFUSED = Probe("malformed JSON", b"", 400)
BATCH = Probe("score/batch", b"", 200, batch_size=2)


@pytest.mark.parametrize("probe,answer,problem", [
    (SCORE, reply(200, {"credibility": {}}), None),
    (SCORE, reply(500, {"error": "Internal Server Error", "message": "logged"}), "status 500, expected 200"),
    (REFUSED, reply(400, {"error": "Bad Request", "message": "fix it"}), None),
    (REFUSED, reply(422, {"error": "Unprocessable Content", "message": "fix it"}), "status 422, expected 400"),
    (REFUSED, reply(400, b"<html>Bad Request</html>", "text/html"), "content type 'text/html', not JSON"),
    (REFUSED, reply(400, {"error": "Bad Request"}), "not a JSON error body"),
    (REFUSED, reply(400, b"{", "application/json"), "body is not JSON"),
    (BATCH, reply(200, {"scored": 2, "failed": 0}), None),
    (BATCH, reply(200, {"scored": 1, "failed": 1}), "batch scored 1 of 2 articles"),
])
def test_judge_names_what_is_wrong_with_an_answer(probe, answer, problem):
    assert judge(probe, answer) == problem


def test_a_reply_cut_short_is_a_dropped_connection():
    whole = b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789"
    assert parse_reply(whole) == Reply(200, {"content-length": "10"}, b"0123456789")
    for cut in (whole[:-1], whole[:20], b""):
        with pytest.raises(Dropped):
            parse_reply(cut)


def test_request_bytes_carry_the_body_and_its_length():
    raw = request_bytes("POST", "/score", "application/json", b'{"text": "x"}')
    assert raw.startswith(b"POST /score HTTP/1.1\r\n")
    assert b"Content-Length: 13\r\n" in raw and b"Content-Type: application/json\r\n" in raw
    assert raw.endswith(b'\r\n\r\n{"text": "x"}')


def test_growth_compares_the_largest_figures_of_the_first_and_last_fifth():
    samples = [(0.0, 100.0), (1.0, 110.0), (2.0, 104.0), (3.0, 104.0), (9.0, 108.0), (10.0, 121.0)]
    assert growth(samples) == (110.0, 121.0, pytest.approx(0.1))


def test_failures_name_5xx_drops_unexpected_answers_and_memory_growth():
    tally = Tally()
    tally.record(SCORE, reply(500, {"error": "Internal Server Error", "message": "logged"}), "status 500, expected 200")
    tally.record(SCORE, None, "dropped: ConnectionResetError")
    # Worker 1 lives the whole run and leaks; worker 2 replaces worker 3, each too briefly to be judged alone.
    workers = [(float(t), 1, 100.0 + t) for t in range(0, 41, 2)]
    workers += [(float(t), 3, 100.0) for t in range(0, 20, 2)] + [(float(t), 2, 100.0) for t in range(22, 41, 2)]
    memory = MemorySamples(workers=sorted(workers), master=[(0.0, 140.0), (40.0, 140.0)])
    result = SoakResult(concurrency=1, seconds=40, tally=tally, memory=memory, recycled=0)
    assert list(memory.judged_lives()) == [1]
    assert result.failures() == [
        "1 5xx answers", "1 dropped connections", "1 unexpected answers",
        "the largest worker RSS grew 29.6% from the first window to the last (108.0 -> 140.0 MB)",
        "worker 1 grew 29.6% over its life (108.0 -> 140.0 MB)",
    ]
