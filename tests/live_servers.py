"""Servers tests start on loopback: the deployed gunicorn, and a scripted stand-in for one.

Both are bounded (a start deadline, a stop on leaving the ``with`` block) and listen on
127.0.0.1 only.
"""

from __future__ import annotations

import json
import socket
import threading
from contextlib import ExitStack, contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from benchmarks import loopback

ROOT, GUNICORN = loopback.ROOT, loopback.GUNICORN
GUNICORN_ARGS = list(loopback.SERVICE_ARGS)
TEST_API_KEY = "test-key-0123456789abcdef"


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_gunicorn(env: dict[str, str], log_path: Path, args: list[str] = GUNICORN_ARGS):
    """Start gunicorn (the deployed command, benchmarks.loopback's starter) with its access
    log on; yield its base URL; stop it.

    Fails the test with the server's log if it is not healthy within 60 s, and asserts
    that it shut down cleanly on SIGTERM.
    """
    with ExitStack() as stack:
        try:
            port, process = stack.enter_context(loopback.gunicorn(args, {"LOG_LEVEL": "INFO", **env}, log_path))
        except loopback.DidNotStart as error:
            pytest.fail(str(error))
        yield f"http://{loopback.HOST}:{port}"
    assert process.returncode == 0, log_path.read_text(errors="replace")[-2000:]


class ScriptedServer:
    """A loopback HTTP server that answers request n with the n-th scripted reply (the last repeats).

    A reply is (status, headers, body): a body of bytes is sent as it is (as a proxy's HTML
    page would be), anything else as JSON. ``requests`` records (method, path, headers,
    body) of everything it received.
    """

    def __init__(self, replies: list[tuple[int, dict, object]]):
        self.replies = list(replies)
        self.requests: list[tuple[str, str, dict, bytes]] = []
        self._lock = threading.Lock()
        self._http = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._http.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._http.server_address[1]}"
        self._thread = threading.Thread(target=self._http.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def _reply(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with server._lock:
                    server.requests.append((self.command, self.path, dict(self.headers), body))
                    status, headers, payload = server.replies[min(len(server.requests), len(server.replies)) - 1]
                raw = isinstance(payload, bytes)
                data = payload if raw else json.dumps(payload).encode()
                self.send_response(status)
                content_type = "text/html" if raw else "application/json"
                for name, value in {"Content-Type": content_type, **headers}.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = _reply

            def log_message(self, *args):
                pass

        return Handler

    def __enter__(self) -> "ScriptedServer":
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._http.shutdown()
        self._http.server_close()
        self._thread.join(timeout=5)
