"""The deployed gunicorn on a loopback port, its workers as /proc shows them, and raw HTTP to it.

Shared by the HTTP benchmark, the soak and the fault tests, so that they start the server,
find its workers and judge its replies the same way. Every request goes on a connection of
its own (the sync workers close each one after the response anyway), and a reply is judged
by the bytes that arrived, however the connection ended: a server may answer 413 and
close before reading a body it refuses, and that answer still counts.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GUNICORN = Path(sys.executable).parent / "gunicorn"
HOST = "127.0.0.1"
WORKERS = 2


def deployed_args(app: str = "service:create_app()") -> tuple[str, ...]:
    """The deployed command's arguments (the README's and the Dockerfile's) for ``app``."""
    return ("-c", "gunicorn.conf.py", app)


SERVICE_ARGS = deployed_args()


class DidNotStart(RuntimeError):
    """gunicorn exited, or did not answer /health with its workers up, within 60 s."""


@contextmanager
def gunicorn(args: Sequence[str] = SERVICE_ARGS, env: dict[str, str] | None = None,
             log: Path | None = None) -> Iterator[tuple[int, subprocess.Popen]]:
    """Run ``gunicorn <args>`` on a free loopback port with 2 workers (unless ``env`` sets
    WEB_CONCURRENCY); yield (port, master process).

    Its output goes to ``log`` (an anonymous file without one), whose tail is the message
    of DidNotStart. Leaving the block sends SIGTERM, then SIGKILL if the master is still
    running 40 s later; the master's exit code is then in ``process.returncode``.
    """
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "HOST": HOST, "PORT": str(port), "WEB_CONCURRENCY": str(WORKERS), "LOG_LEVEL": "WARNING",
           **(env or {})}
    with open(log, "w+b") if log else tempfile.TemporaryFile() as output:
        process = subprocess.Popen([str(GUNICORN), *args], cwd=ROOT, env=env,
                                   stdout=output, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 60
            workers = int(env["WEB_CONCURRENCY"])
            while len(worker_pids(process.pid)) < workers or not answers_health(port):
                if process.poll() is not None or time.monotonic() > deadline:
                    output.seek(0)
                    raise DidNotStart(f"gunicorn did not start: {output.read().decode(errors='replace')[-2000:]}")
                time.sleep(0.2)
            yield port, process
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def answers_health(port: int) -> bool:
    """Whether a server on loopback ``port`` answers GET /health with a 200 now."""
    try:
        with socket.create_connection((HOST, port), timeout=1) as connection:
            connection.sendall(b"GET /health HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n")
            return connection.recv(12).startswith(b"HTTP/1.1 200")
    except OSError:
        return False


def worker_pids(master: int) -> list[int]:
    """The gunicorn master's child processes."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == master:
            children.append(int(stat.parent.name))
    return sorted(children)


def memory_mb(pid: int) -> tuple[float, float]:
    """(RSS, PSS) of a process in MB, from /proc/<pid>/smaps_rollup."""
    values = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name in ("Rss", "Pss"):
            values[name] = int(rest.split()[0]) / 1024
    return values["Rss"], values["Pss"]


class Dropped(Exception):
    """The connection failed, or closed before a whole reply arrived."""


@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict[str, str]  # names in lower case
    body: bytes


def request_bytes(method: str, path: str, content_type: str | None = None, body: bytes = b"") -> bytes:
    """One HTTP/1.1 request that asks the server to close the connection after its reply."""
    head = f"{method} {path} HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\nContent-Length: {len(body)}\r\n"
    if content_type:
        head += f"Content-Type: {content_type}\r\n"
    return head.encode("ascii") + b"\r\n" + body


def parse_reply(received: bytes) -> Reply:
    """The reply in everything a connection received; raise Dropped if it is not all there."""
    head, separator, body = received.partition(b"\r\n\r\n")
    if not separator:
        raise Dropped(f"no complete reply head in {len(received)} bytes")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {name.strip().lower(): value.strip() for name, _, value in (line.partition(":") for line in lines)}
    length = int(headers.get("content-length", len(body)))
    if len(body) < length:
        raise Dropped(f"reply cut short: {len(body)} of {length} body bytes")
    return Reply(int(status_line.split(" ", 2)[1]), headers, body[:length])


async def exchange(port: int, request: bytes, timeout: float = 60.0) -> Reply:
    """Send ``request`` on a new loopback connection and return the reply; raise Dropped if none came."""
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(timeout):
            transport, receiver = await loop.create_connection(_Receiver, HOST, port)
            transport.write(request)
            try:
                await receiver.closed
            finally:
                transport.abort()
    except (OSError, TimeoutError) as error:
        raise Dropped(f"{type(error).__name__}: {error}") from None
    return parse_reply(bytes(receiver.received))


class _Receiver(asyncio.Protocol):
    """Keeps every byte a connection receives until it closes, by either side and however."""

    def __init__(self):
        self.received = bytearray()
        self.closed = asyncio.get_running_loop().create_future()

    def data_received(self, data: bytes) -> None:
        self.received += data

    def connection_lost(self, error: Exception | None) -> None:
        if not self.closed.done():  # after a timeout, the waiter has gone
            self.closed.set_result(None)
