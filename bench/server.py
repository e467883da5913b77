"""gunicorn serving the bench database: 2 sync workers, DEBUG off, production middleware."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKERS = 2


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def environment() -> dict[str, str]:
    return dict(os.environ, DJANGO_SETTINGS_MODULE="bench.settings", DEBUG="false")


def collect_static() -> None:
    """The manifest the templates need with DEBUG off (a fresh clone has none)."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=environment(),
        check=True,
    )


@contextmanager
def serving() -> Iterator[Server]:
    server = Server(free_port())
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()


class Server:
    def __init__(self, port: int) -> None:
        self.port = port
        self.log = ROOT / ".data" / "bench-gunicorn.log"
        self.log.parent.mkdir(exist_ok=True)
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn", "careermap.wsgi",
                "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS),
                "--worker-class", "sync", "--timeout", "120", "--log-level", "warning",
            ],
            cwd=ROOT,
            env=environment(),
            stdout=self.log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited: see {self.log}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=5):
                    return
            except OSError:
                time.sleep(0.3)
        raise SystemExit(f"gunicorn did not answer in {timeout:.0f} s: see {self.log}")

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def peak_rss_mb(self) -> float:
        """The largest peak resident size (VmHWM) of any worker so far."""
        peaks = []
        for pid in self.worker_pids():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(int(line.split()[1]) / 1024)
        return max(peaks, default=0.0)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
