"""python -m service.batch: every id scored exactly once, through kill -9, a torn line, a full
disk, a model change and bad input; in worker processes and through a live gunicorn."""

from __future__ import annotations

import errno
import gzip
import io
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from service import batch
from service.batch_output import DurableLines, OutputError
from service.batch_scoring import scored_line
from service.config import default_model_dir
from service.report import build_report
from tests.live_servers import ROOT, TEST_API_KEY, ScriptedServer, free_port

MODEL_VERSION = json.loads((default_model_dir() / "manifest.json").read_text())["version"]


def articles_of(corpus_articles, count: int, start: int = 0) -> list[dict]:
    return corpus_articles[start:start + count]


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def output_lines(path: Path) -> list[dict]:
    """Every line of an output file, asserting that each is whole JSON."""
    data = path.read_bytes()
    assert data == b"" or data.endswith(b"\n"), "the last line is torn"
    return [json.loads(line) for line in data.splitlines()]


def run_local(tmp_path, *extra: str, input_path: Path | None = None, output: Path | None = None) -> int:
    return batch.main(["--input", str(input_path or tmp_path / "in.jsonl"),
                       "--output", str(output or tmp_path / "out.jsonl"), "--local", "--workers", "2", *extra])


def assert_each_id_once(path: Path, ids: list[str]) -> list[dict]:
    lines = output_lines(path)
    assert sorted(line["id"] for line in lines) == sorted(ids)
    return lines


def test_scores_each_article_as_the_service_does_and_a_rerun_skips_them(tmp_path, corpus_articles, real_model, capsys):
    articles = articles_of(corpus_articles, 10)
    write_jsonl(tmp_path / "in.jsonl", articles)
    assert run_local(tmp_path) == 0
    lines = assert_each_id_once(tmp_path / "out.jsonl", [a["id"] for a in articles])
    by_id = {line["id"]: line for line in lines}
    for article in articles:
        report = build_report(real_model, article["text"], title=article["title"], article_id=article["id"])
        assert by_id[article["id"]] == scored_line(report, full=False)
        assert by_id[article["id"]]["model_version"] == MODEL_VERSION
    assert not (tmp_path / "out.jsonl.errors.jsonl").exists()
    summary = capsys.readouterr().err
    assert "10 scored, 0 already scored (skipped), 0 failed" in summary
    assert "grades: " in summary and "sentence labels: official " in summary

    before = (tmp_path / "out.jsonl").read_bytes()
    assert run_local(tmp_path) == 0
    assert (tmp_path / "out.jsonl").read_bytes() == before
    assert "0 scored, 10 already scored (skipped), 0 failed" in capsys.readouterr().err


def test_full_writes_the_report_the_api_returns(tmp_path, corpus_articles, real_client):
    articles = articles_of(corpus_articles, 3)
    write_jsonl(tmp_path / "in.jsonl", articles)
    assert run_local(tmp_path, "--full") == 0
    for line in output_lines(tmp_path / "out.jsonl"):
        article = next(a for a in articles if a["id"] == line["id"])
        api = {"id": article["id"], "title": article["title"], "text": article["text"]}
        assert line["report"] == real_client.post("/score", json=api).get_json()


@pytest.mark.parametrize("form", ["gzip", "stdin", "gzip on stdin"])
def test_reads_gzip_and_stdin(tmp_path, corpus_articles, monkeypatch, form):
    articles = articles_of(corpus_articles, 3)
    data = "".join(json.dumps(a) + "\n" for a in articles).encode()
    if "gzip" in form:
        data = gzip.compress(data)
    if "stdin" in form:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(data))))
        input_path = "-"
    else:
        input_path = tmp_path / "in.jsonl.gz"
        input_path.write_bytes(data)
    assert batch.main(["--input", str(input_path), "--output", str(tmp_path / "out.jsonl"),
                       "--local", "--workers", "1"]) == 0
    assert_each_id_once(tmp_path / "out.jsonl", [a["id"] for a in articles])


BAD_LINES = [
    # (what, the raw line, the reason written to the errors file)
    ("invalid JSON", b'{"id": "a", "text": ', "line 2 is not valid JSON: "),
    ("invalid UTF-8", b'{"id": "a", "text": "\xff"}', "line 2 is not valid UTF-8 (byte 21)"),
    ("a list", b'["a", "text"]', 'line 2 must be a JSON object {"id", "title", "text"}, not list'),
    ("no id", b'{"text": "Ada berita."}', 'line 2: "id" must be a non-empty string, not None'),
    ("numeric id", b'{"id": 7, "text": "Ada berita."}', 'line 2: "id" must be a non-empty string, not 7'),
    ("blank id", b'{"id": " ", "text": "Ada berita."}', 'line 2: "id" must be a non-empty string'),
    ("no text", b'{"id": "a", "title": "Judul"}', 'line 2: "text" is required: the article body as a string'),
    ("blank text", b'{"id": "a", "text": "  "}', 'line 2: "text" is blank; send the article body'),
    ("numeric text", b'{"id": "a", "text": 3}', 'line 2: "text" must be a string, not int'),
    ("numeric title", b'{"id": "a", "text": "Ada.", "title": 3}', 'line 2: "title" must be a string or null, not int'),
    ("deep nesting", b'{"id": "a", "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
     "line 2: the JSON is nested too deeply"),
    ("a repeated id", b'{"id": "first", "text": "Lagi."}',
     "line 2: id 'first' appeared on an earlier line; ids must be unique, so this one is not scored"),
]


@pytest.mark.parametrize("what,raw,reason", BAD_LINES, ids=[b[0] for b in BAD_LINES])
def test_a_bad_record_goes_to_the_errors_file_and_a_rerun_retries_it(tmp_path, capsys, what, raw, reason):
    good = [{"id": "first", "title": None, "text": "Polisi menyatakan jalan ditutup."},
            {"id": "last", "title": "Judul", "text": "Warga kecewa, kata Budi."}]
    (tmp_path / "in.jsonl").write_bytes(b"\n".join([json.dumps(good[0]).encode(), raw, b"", json.dumps(good[1]).encode()])
                                         + b"\n")
    assert run_local(tmp_path) == 1
    assert_each_id_once(tmp_path / "out.jsonl", ["first", "last"])
    [error] = output_lines(tmp_path / "out.jsonl.errors.jsonl")
    assert error["line"] == 2 and error["reason"].startswith(reason)
    err = capsys.readouterr().err
    assert "2 scored, 0 already scored (skipped), 1 failed (see " in err and "Traceback" not in err

    write_jsonl(tmp_path / "in.jsonl", good)  # the input fixed: the rerun clears the failures
    assert run_local(tmp_path) == 0
    assert not (tmp_path / "out.jsonl.errors.jsonl").exists()
    assert_each_id_once(tmp_path / "out.jsonl", ["first", "last"])


@pytest.mark.parametrize("what,content,message", [
    ("missing", None, "stopped: cannot open input {input}: No such file or directory"),
    ("a folder", "folder", "stopped: cannot open input {input}: Is a directory"),
    ("broken gzip", b"\x1f\x8b" + b"not gzip at all", "stopped: cannot read {input} after line 0: "),
])
def test_an_unreadable_input_stops_with_one_line(tmp_path, capsys, what, content, message):
    input_path = tmp_path / "in.jsonl"
    if content == "folder":
        input_path.mkdir()
    elif content is not None:
        input_path.write_bytes(content)
    assert run_local(tmp_path) == 2
    err = capsys.readouterr().err
    assert message.format(input=input_path) in err and "Traceback" not in err


def test_a_truncated_gzip_keeps_what_it_scored_then_stops(tmp_path, corpus_articles, capsys):
    articles = articles_of(corpus_articles, 20)
    whole = gzip.compress("".join(json.dumps(a) + "\n" for a in articles).encode())
    (tmp_path / "in.jsonl.gz").write_bytes(whole[: len(whole) // 2])
    assert run_local(tmp_path, input_path=tmp_path / "in.jsonl.gz") == 2
    err = capsys.readouterr().err
    assert f"stopped: cannot read {tmp_path / 'in.jsonl.gz'} after line" in err and "Traceback" not in err
    lines = output_lines(tmp_path / "out.jsonl")
    assert 0 < len(lines) < 20 and {line["id"] for line in lines} <= {a["id"] for a in articles}


@pytest.mark.parametrize("arguments,message", [
    (["--input", "in.jsonl", "--output", "out.jsonl"], "one of the arguments --local --url is required"),
    (["--output", "out.jsonl", "--local"], "the following arguments are required: --input"),
    (["--input", "in.jsonl", "--output", "out.jsonl", "--local", "--url", "http://x"], "not allowed with argument"),
    (["--input", "in.jsonl", "--output", "out.jsonl", "--url", "localhost:8000"], "is not a base URL"),
    (["--input", "in.jsonl", "--output", "out.jsonl", "--local", "--workers", "0"], "0 is not between 1 and 256"),
    (["--input", "in.jsonl", "--output", "out.jsonl", "--local", "--workers", "two"], "'two' is not a whole number"),
    (["--input", "out.jsonl", "--output", "out.jsonl", "--local"], "--input and --output are the same file"),
    (["--input", "in.jsonl", "--output", "no/such/out.jsonl", "--local"], "--output: the folder no/such does not exist"),
    (["--input", "in.jsonl", "--output", "out.jsonl", "--url", "http://x", "--model-dir", "m"], "--model-dir goes with --local"),
])
def test_bad_arguments_are_a_usage_error(tmp_path, monkeypatch, capsys, arguments, message):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exited:
        batch.main(arguments)
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert message in err and err.startswith("usage: python -m service.batch")


def test_local_mode_applies_the_services_max_sentences(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("MAX_SENTENCES", "3")
    write_jsonl(tmp_path / "in.jsonl", [{"id": "at-limit", "text": "Satu. Dua. Tiga."},
                                        {"id": "over", "text": "Satu. Dua. Tiga. Empat."}])
    assert run_local(tmp_path) == 1
    assert_each_id_once(tmp_path / "out.jsonl", ["at-limit"])
    assert output_lines(tmp_path / "out.jsonl.errors.jsonl") == [
        {"id": "over", "line": 2, "reason": "413 Request Entity Too Large: the text has 4 sentences; the limit is 3; "
                                            "split the article or raise MAX_SENTENCES"}]

    monkeypatch.setenv("MAX_SENTENCES", "many")
    capsys.readouterr()
    assert run_local(tmp_path) == 2
    assert "sumber batch: stopped: MAX_SENTENCES='many' is not a whole number\n" == capsys.readouterr().err


def test_an_unusable_model_stops_before_any_work(tmp_path, capsys):
    write_jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": "Ada berita."}])
    assert run_local(tmp_path, "--model-dir", str(tmp_path / "nowhere")) == 2
    err = capsys.readouterr().err
    assert f"stopped: no model at {tmp_path / 'nowhere'}" in err and "Traceback" not in err
    assert not (tmp_path / "out.jsonl").exists()


def test_an_output_that_is_not_ours_is_left_alone(tmp_path, capsys):
    write_jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": "Ada berita."}])
    foreign = b'{"id": "a", "model_version": "x"}\nname,score\n{"id": "b", "model_version": "x"}\n'
    (tmp_path / "out.jsonl").write_bytes(foreign)
    assert run_local(tmp_path) == 2
    assert "stopped: line 2 of " in capsys.readouterr().err
    assert (tmp_path / "out.jsonl").read_bytes() == foreign


def test_a_torn_last_line_is_cut_off_and_its_article_scored_again(tmp_path, corpus_articles, capsys):
    articles = articles_of(corpus_articles, 6)
    write_jsonl(tmp_path / "in.jsonl", articles[:5])
    assert run_local(tmp_path) == 0
    whole = (tmp_path / "out.jsonl").read_bytes()
    torn = b'{"id":"' + articles[5]["id"].encode() + b'","model_version":"20'
    (tmp_path / "out.jsonl").write_bytes(whole + torn)
    write_jsonl(tmp_path / "in.jsonl", articles)
    capsys.readouterr()
    assert run_local(tmp_path) == 0
    assert f"cut off a torn last line ({len(torn)} bytes)" in capsys.readouterr().err
    assert (tmp_path / "out.jsonl").read_bytes().startswith(whole)
    assert_each_id_once(tmp_path / "out.jsonl", [a["id"] for a in articles])


@pytest.fixture()
def newer_model(tmp_path) -> Path:
    """The committed model under a newer version: what the archive must be rescored with."""
    folder = tmp_path / "models" / "attribution-2099.01.01"
    shutil.copytree(default_model_dir(), folder)
    manifest = json.loads((folder / "manifest.json").read_text())
    (folder / "manifest.json").write_text(json.dumps({**manifest, "version": "2099.01.01"}))
    return folder


def test_a_new_model_version_rescores_the_old_lines_and_force_rescores_all(tmp_path, corpus_articles,
                                                                             newer_model, capsys):
    articles = articles_of(corpus_articles, 6)
    ids = [a["id"] for a in articles]
    write_jsonl(tmp_path / "in.jsonl", articles[:4])
    assert run_local(tmp_path) == 0
    os.chmod(tmp_path / "out.jsonl", 0o640)
    write_jsonl(tmp_path / "in.jsonl", articles)
    capsys.readouterr()

    assert run_local(tmp_path, "--model-dir", str(newer_model)) == 0
    err = capsys.readouterr().err
    assert "rescoring 4 lines of" in err and "not from model version 2099.01.01" in err
    assert "6 scored, 0 already scored (skipped)" in err
    lines = assert_each_id_once(tmp_path / "out.jsonl", ids)
    assert {line["model_version"] for line in lines} == {"2099.01.01"}
    assert os.stat(tmp_path / "out.jsonl").st_mode & 0o777 == 0o640
    assert not list(tmp_path.glob(".out.jsonl.*"))  # no temporary file left behind

    assert run_local(tmp_path, "--model-dir", str(newer_model)) == 0
    assert "0 scored, 6 already scored (skipped)" in capsys.readouterr().err

    assert run_local(tmp_path, "--model-dir", str(newer_model), "--force") == 0
    err = capsys.readouterr().err
    assert "rescoring 6 lines of" in err and "(--force)" in err and "6 scored, 0 already scored" in err
    assert_each_id_once(tmp_path / "out.jsonl", ids)


def batch_command(input_path: Path, output: Path) -> list[str]:
    return [sys.executable, "-m", "service.batch", "--input", str(input_path), "--output", str(output),
            "--local", "--workers", "2"]


def test_kill_9_mid_run_loses_nothing_and_the_rerun_finishes_exactly_once(tmp_path, corpus_articles):
    articles = articles_of(corpus_articles, 200)
    ids = [a["id"] for a in articles]
    write_jsonl(tmp_path / "in.jsonl", articles)
    output = tmp_path / "out.jsonl"
    # Its own session, so the kill takes the job's worker processes too, as a crash would.
    job = subprocess.Popen(batch_command(tmp_path / "in.jsonl", output), cwd=ROOT, start_new_session=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and (not output.exists() or output.read_bytes().count(b"\n") < 10):
            time.sleep(0.05)
    finally:
        os.killpg(job.pid, signal.SIGKILL)
        job.wait(timeout=30)
    assert job.returncode == -signal.SIGKILL
    written = output.read_bytes()
    whole = written[: written.rfind(b"\n") + 1]
    kept = whole.count(b"\n")
    assert 10 <= kept < len(articles)

    rerun = subprocess.run(batch_command(tmp_path / "in.jsonl", output), cwd=ROOT, capture_output=True,
                           text=True, timeout=180)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{len(articles) - kept} scored, {kept} already scored (skipped)" in rerun.stderr
    assert output.read_bytes().startswith(whole)
    assert_each_id_once(output, ids)


def test_a_second_job_on_the_same_output_stops_at_once_and_touches_nothing(tmp_path, corpus_articles):
    articles = articles_of(corpus_articles, 60)
    output, log = tmp_path / "out.jsonl", tmp_path / "first.log"
    # The first job reads stdin, so it stays mid-run, holding the lock, until the test sends the rest.
    # Its own session, so that a failing test can stop it with its worker processes.
    with open(log, "wb") as first_log:
        first = subprocess.Popen(batch_command(Path("-"), output), cwd=ROOT, stdin=subprocess.PIPE,
                                 stdout=subprocess.DEVNULL, stderr=first_log, start_new_session=True)
    try:
        first.stdin.write("".join(json.dumps(a) + "\n" for a in articles[:40]).encode())
        first.stdin.flush()
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and (not output.exists() or output.read_bytes().count(b"\n") < 8):
            time.sleep(0.05)
        before, inode = output.read_bytes(), output.stat().st_ino
        assert before.count(b"\n") >= 8

        # --force on other articles: unlocked, it would rewrite the output and add its own lines.
        others = articles_of(corpus_articles, 3, start=100)
        write_jsonl(tmp_path / "others.jsonl", others)
        second = subprocess.run([*batch_command(tmp_path / "others.jsonl", output), "--force"], cwd=ROOT,
                                capture_output=True, text=True, timeout=60)
        # It did not wait for the lock: the first job is still held mid-run.
        assert second.returncode == 2 and first.poll() is None
        assert second.stderr.splitlines() == [f"sumber batch: stopped: another job is writing {output} (it holds "
                                              f"{output}.lock); let it finish or stop it, then run this command again"]

        first.stdin.write("".join(json.dumps(a) + "\n" for a in articles[40:]).encode())
        first.stdin.close()
        assert first.wait(timeout=120) == 0, log.read_text()
    finally:
        if first.poll() is None:
            os.killpg(first.pid, signal.SIGKILL)
            first.wait(timeout=30)
        first.stdin.close()
    # The first job only appended: the second neither rewrote the output nor added to it.
    assert output.stat().st_ino == inode and output.read_bytes().startswith(before)
    assert_each_id_once(output, [a["id"] for a in articles])
    assert not (tmp_path / "out.jsonl.errors.jsonl").exists()


def test_a_chunks_lines_are_written_together_with_one_fsync(tmp_path, monkeypatch):
    path = tmp_path / "out.jsonl"
    lines = DurableLines(path)
    synced = []
    monkeypatch.setattr(os, "fsync", lambda fd, sync=os.fsync: synced.append(fd) or sync(fd))
    lines.extend([{"id": "a"}, {"id": "b"}, {"id": "c"}])
    lines.extend([])
    lines.close()
    assert len(synced) == 1
    assert output_lines(path) == [{"id": "a"}, {"id": "b"}, {"id": "c"}]


def test_a_chunk_the_disk_cannot_take_is_cut_off_whole(tmp_path, monkeypatch):
    path = tmp_path / "out.jsonl"
    lines = DurableLines(path)
    lines.append({"id": "a"})
    writes = []

    def write_a_little_then_fail(fd, data, write=os.write):
        if b'"c"' not in data:  # not the chunk's write
            return write(fd, data)
        writes.append(data)
        if len(writes) > 1:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return write(fd, data[:5])

    monkeypatch.setattr(os, "write", write_a_little_then_fail)
    with pytest.raises(OutputError, match="No space left on device; every line before these is kept"):
        lines.extend([{"id": "b"}, {"id": "c"}])
    monkeypatch.undo()
    lines.close()
    assert output_lines(path) == [{"id": "a"}]


def test_a_full_disk_stops_with_a_clear_error_and_a_valid_output(tmp_path, corpus_articles):
    articles = articles_of(corpus_articles, 40)
    write_jsonl(tmp_path / "in.jsonl", articles)
    output = tmp_path / "out.jsonl"
    limit = 3000  # bytes a file may grow to: room for some ten lines

    def limit_file_size():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    full = subprocess.run(batch_command(tmp_path / "in.jsonl", output), cwd=ROOT, capture_output=True, text=True,
                          timeout=180, preexec_fn=limit_file_size)
    assert full.returncode == 2
    assert f"stopped: cannot write {output}: File too large; every line before these is kept" in full.stderr
    assert "Traceback" not in full.stderr
    lines = output_lines(output)
    assert 0 < len(lines) < len(articles) and output.stat().st_size <= limit

    rerun = subprocess.run(batch_command(tmp_path / "in.jsonl", output), cwd=ROOT, capture_output=True,
                           text=True, timeout=180)
    assert rerun.returncode == 0, rerun.stderr
    assert_each_id_once(output, [a["id"] for a in articles])


def test_url_mode_through_gunicorn_writes_what_local_mode_writes(tmp_path, corpus_articles, keyed_server,
                                                                  monkeypatch, capsys):
    articles = articles_of(corpus_articles, 8) + [{"id": "too-long", "title": None, "text": "Ya. " * 2001}]
    write_jsonl(tmp_path / "in.jsonl", articles)
    monkeypatch.setenv("SUMBER_API_KEY", TEST_API_KEY)
    remote = ["--input", str(tmp_path / "in.jsonl"), "--output", str(tmp_path / "remote.jsonl"), "--url", keyed_server]
    assert batch.main(remote + ["--workers", "2"]) == 1
    [error] = output_lines(tmp_path / "remote.jsonl.errors.jsonl")
    assert error == {"id": "too-long", "line": 9, "reason": "413 Request Entity Too Large: the text has 2001 "
                     "sentences; the limit is 2000; split the article or raise MAX_SENTENCES"}
    assert run_local(tmp_path, output=tmp_path / "local.jsonl") == 1  # the same limit, the same refusal
    assert output_lines(tmp_path / "local.jsonl.errors.jsonl") == [error]
    remote_lines = sorted(output_lines(tmp_path / "remote.jsonl"), key=lambda line: line["id"])
    assert len(remote_lines) == 8
    assert remote_lines == sorted(output_lines(tmp_path / "local.jsonl"), key=lambda line: line["id"])

    capsys.readouterr()
    assert batch.main(remote) == 1  # the rerun skips the 8 and tries the long one again
    assert "0 scored, 8 already scored (skipped), 1 failed" in capsys.readouterr().err


def test_url_mode_with_a_bad_key_stops_at_the_first_answer(tmp_path, keyed_server, monkeypatch, capsys):
    write_jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": "Ada berita."}])
    monkeypatch.setenv("SUMBER_API_KEY", "not-the-key-0123456789")
    assert batch.main(["--input", str(tmp_path / "in.jsonl"), "--output", str(tmp_path / "out.jsonl"),
                       "--url", keyed_server]) == 2
    err = capsys.readouterr().err
    assert "stopped: POST " in err and "401 Unauthorized: the API key is not valid" in err and "Traceback" not in err
    assert output_lines(tmp_path / "out.jsonl") == []


def test_url_mode_records_what_failed_after_retries_and_a_rerun_scores_it(tmp_path, keyed_server, monkeypatch,
                                                                          capsys):
    articles = [{"id": f"a-{n}", "title": None, "text": f"Polisi menyatakan jalan {n} ditutup."} for n in range(3)]
    write_jsonl(tmp_path / "in.jsonl", articles)
    arguments = ["--input", str(tmp_path / "in.jsonl"), "--output", str(tmp_path / "out.jsonl"), "--url"]
    health = {"status": "ok", "model": {"name": "attribution", "version": MODEL_VERSION, "sha256": "x"}}
    busy = {"error": "Service Unavailable", "message": "overloaded"}
    with ScriptedServer([(200, {}, health), (503, {"Retry-After": "0"}, busy)]) as server:
        assert batch.main(arguments + [server.url]) == 1
    assert len(server.requests) == 1 + 4  # /health, then the batch tried 4 times
    errors = output_lines(tmp_path / "out.jsonl.errors.jsonl")
    assert [e["id"] for e in errors] == ["a-0", "a-1", "a-2"]
    assert all("503 Service Unavailable: overloaded (after 4 tries)" in e["reason"] for e in errors)

    monkeypatch.setenv("SUMBER_API_KEY", TEST_API_KEY)
    capsys.readouterr()
    assert batch.main(arguments + [keyed_server]) == 0
    assert "3 scored, 0 already scored (skipped), 0 failed" in capsys.readouterr().err
    assert not (tmp_path / "out.jsonl.errors.jsonl").exists()
    assert_each_id_once(tmp_path / "out.jsonl", [a["id"] for a in articles])


def test_url_mode_without_a_service_stops_with_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(time, "sleep", lambda seconds: None)
    write_jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": "Ada berita."}])
    assert batch.main(["--input", str(tmp_path / "in.jsonl"), "--output", str(tmp_path / "out.jsonl"),
                       "--url", f"http://127.0.0.1:{free_port()}"]) == 2
    err = capsys.readouterr().err
    assert "stopped: GET http://127.0.0.1:" in err and "/health: no answer after 4 tries" in err
    assert "Traceback" not in err
