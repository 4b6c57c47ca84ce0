"""The web side of the benchmarks: gunicorn, a bounded load generator, in-process Django."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Gunicorn", "LoadResult", "free_port", "load", "setup_django"]

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Gunicorn:
    """``gunicorn catalog.wsgi`` with 2 sync workers on 127.0.0.1, for the length of a ``with``."""

    def __init__(self, env: Mapping[str, str], workdir: Path, workers: int = 2) -> None:
        self.port = free_port()
        self.env = dict(env)
        self.log = workdir / "gunicorn.log"
        self.workers = workers
        self.proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Gunicorn:
        command = [
            sys.executable, "-m", "gunicorn", "catalog.wsgi", "--bind", f"127.0.0.1:{self.port}",
            "--workers", str(self.workers), "--log-level", "warning",
            "--error-logfile", str(self.log),
        ]
        self.proc = subprocess.Popen(command, env=self.env, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.log.read_text()[-500:]}")
            try:
                if self.get("/healthz")[0] == 200:
                    return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer /healthz within 60 s")

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()  # our own child, by its handle
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def get(self, target: str) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request("GET", target, headers={"Host": "127.0.0.1"})
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()


@dataclass(frozen=True, slots=True)
class LoadResult:
    requests: int
    errors: int
    seconds: float
    statuses: dict[int, int]

    @property
    def rate(self) -> float:
        return (self.requests - self.errors) / self.seconds if self.seconds else 0.0


def load(server: Gunicorn, target: str, requests: int, seconds: float,
         concurrency: int = 4) -> LoadResult:
    """GET ``target`` ``requests`` times from ``concurrency`` threads, stopping at ``seconds``.

    Bounded twice — a fixed count and a time cap — and aimed at 127.0.0.1 only.
    Sync gunicorn workers close every connection, so each request opens one.
    """
    lock = threading.Lock()
    counters = {"issued": 0, "errors": 0}
    statuses: dict[int, int] = {}
    deadline = time.perf_counter() + seconds

    def worker() -> None:
        while True:
            with lock:
                if counters["issued"] >= requests or time.perf_counter() > deadline:
                    return
                counters["issued"] += 1
            try:
                status, _ = server.get(target)
            except OSError:
                status = 0
            with lock:
                statuses[status] = statuses.get(status, 0) + 1
                if status != 200:
                    counters["errors"] += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return LoadResult(sum(statuses.values()), counters["errors"], elapsed, statuses)


def setup_django(env: Mapping[str, str]) -> None:
    """Point this process's Django at the run's database (once, before first use)."""
    for key in ("DATABASE_URL", "ARCHIVE_DATA_DIR", "DJANGO_SETTINGS_MODULE",
                "DJANGO_SECRET_KEY", "DJANGO_DEBUG"):
        os.environ[key] = env[key]
    import gc

    import django

    django.setup()
    # As catalog/wsgi.py does in production: the start-up objects leave the collector.
    gc.collect()
    gc.freeze()
