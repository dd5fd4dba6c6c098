"""GET /metrics: Prometheus text with request, latency, sentence and label counts, and the model."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests
from prometheus_client.parser import text_string_to_metric_families

from tests.live_servers import ROOT, running_gunicorn


def samples(text: str) -> dict[tuple[str, tuple], float]:
    """{(sample name, sorted label pairs): value} of an exposition text."""
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(snapshot: dict, metric: str, **labels) -> float:
    return snapshot.get((metric, tuple(sorted(labels.items()))), 0.0)


def scrape(get) -> dict:
    response = get("/metrics")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/plain; version=")
    return samples(response.text)


def test_scoring_is_counted_by_endpoint_status_sentences_and_labels(client):
    before = scrape(client.get)
    report = client.post("/score", json={"text": "Polisi menyatakan jalan ditutup. Warga kecewa. Ya."}).get_json()
    batch = client.post("/score/batch", json={"articles": [{"text": "Satu. Dua."}, {"text": 5}]}).get_json()
    client.post("/score", json={"text": " "})
    client.get("/no/such/path/123")
    after = scrape(client.get)

    def delta(name, **labels):
        return value(after, name, **labels) - value(before, name, **labels)

    assert delta("sumber_http_requests_total", endpoint="/score", method="POST", status="200") == 1
    assert delta("sumber_http_requests_total", endpoint="/score", method="POST", status="422") == 1
    assert delta("sumber_http_requests_total", endpoint="/score/batch", method="POST", status="200") == 1
    assert delta("sumber_http_requests_total", endpoint="unmatched", method="GET", status="404") == 1
    assert delta("sumber_http_request_duration_seconds_count", endpoint="/score", method="POST", status="200") == 1
    assert delta("sumber_http_request_duration_seconds_sum", endpoint="/score", method="POST", status="200") > 0
    scored_reports = [report, batch["results"][0]["report"]]
    assert delta("sumber_articles_scored_total") == 2
    assert delta("sumber_sentences_scored_total") == sum(len(r["sentences"]) for r in scored_reports)
    for label in report["summary"]["label_counts"]:
        expected = sum(r["summary"]["label_counts"][label] for r in scored_reports)
        assert delta("sumber_sentence_labels_total", label=label) == expected
    assert not any(name == "sumber_http_requests_total" and ("endpoint", "/no/such/path/123") in labels
                   for name, labels in after)


def test_model_identity_is_an_info_metric(client, tiny_model):
    assert value(scrape(client.get), "sumber_model_info", **tiny_model.identity) == 1


def _worker_pids(metrics_dir: Path) -> list[int]:
    """Processes that wrote samples and whose parent did too: the workers, not the master."""
    writers = {int(path.stem.rsplit("_", 1)[1]) for path in metrics_dir.glob("*.db")}
    workers = []
    for pid in writers:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except FileNotFoundError:
            continue
        parent = int(next(line.split()[1] for line in status.splitlines() if line.startswith("PPid:")))
        if parent in writers:
            workers.append(pid)
    return workers


def test_metrics_add_up_across_gunicorn_workers(tmp_path, seed, real_model):
    """Two workers: any scrape shows all of them, a run starts from zero, a dead worker's counts stay."""
    metrics_dir = tmp_path / "metrics"
    metrics_dir.mkdir()
    # A previous run's samples in the operator's directory must not leak into this one.
    stale_run = "from service.metrics import REQUESTS; REQUESTS.labels('/score', 'POST', '200').inc(1000)"
    subprocess.run([sys.executable, "-c", stale_run],
                   cwd=ROOT, env={**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir)}, check=True)
    assert list(metrics_dir.glob("counter_*.db"))
    with running_gunicorn({"PROMETHEUS_MULTIPROC_DIR": str(metrics_dir)}, tmp_path / "server.log") as base:
        session = requests.Session()
        sentences = 0
        for _ in range(12):
            response = session.post(f"{base}/score", json=seed, timeout=10)
            assert response.status_code == 200
            sentences += len(response.json()["sentences"])

        def get(path):
            # A fresh connection each time, so that scrapes land on either worker.
            return requests.get(f"{base}{path}", timeout=10, headers={"Connection": "close"})

        for _ in range(6):
            snapshot = scrape(get)
            assert value(snapshot, "sumber_http_requests_total", endpoint="/score", method="POST", status="200") == 12
            assert value(snapshot, "sumber_sentences_scored_total") == sentences
            assert value(snapshot, "sumber_model_info", **real_model.identity) == 1

        workers = _worker_pids(metrics_dir)
        assert len(workers) >= 1
        os.kill(workers[0], signal.SIGTERM)
        deadline = time.monotonic() + 20
        while Path(f"/proc/{workers[0]}").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        snapshot = scrape(get)
        assert value(snapshot, "sumber_http_requests_total", endpoint="/score", method="POST", status="200") == 12


def test_gunicorn_removes_the_metrics_directory_it_made(tmp_path):
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {"TMPDIR": str(temp)}
    with running_gunicorn(env, tmp_path / "server.log") as base:
        assert [path.name[:15] for path in temp.iterdir()] == ["sumber-metrics-"]
        assert "sumber_model_info" in requests.get(f"{base}/metrics", timeout=10).text
    assert list(temp.iterdir()) == []
