"""A real Celery worker process for the job-path tests: Redis broker, the test database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import connection

from careermap.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[1]


def test_database_url() -> str:
    """DATABASE_URL of the database this test is using, for the worker process."""
    db = connection.settings_dict
    host, port = db["HOST"] or "localhost", db["PORT"] or "5432"
    auth = f"{db['USER']}:{db['PASSWORD']}@" if db["USER"] else ""
    if host.startswith("/"):
        return f"postgresql://{auth}/{db['NAME']}?host={host}"
    return f"postgresql://{auth}{host}:{port}/{db['NAME']}"


def _reset_broker(broker_url: str, queue: str) -> None:
    celery_app.conf.update(broker_url=broker_url, task_default_queue=queue)
    # Cached broker connections are dropped so the new URL takes effect.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def new_queue() -> str:
    return f"test-{uuid.uuid4().hex[:8]}"


@contextmanager
def publishing_to(redis_url: str, queue: str) -> Iterator[None]:
    """This process publishes to ``queue`` on ``redis_url`` meanwhile."""
    saved = celery_app.conf.broker_url, celery_app.conf.task_default_queue
    _reset_broker(redis_url, queue)
    try:
        yield
    finally:
        _reset_broker(*saved)


@contextmanager
def worker_process(
    redis_url: str, mail_dir: Path, queue: str, *, pool: str = "solo", **env: str
) -> Iterator[subprocess.Popen[bytes]]:
    """A worker on ``queue`` writing mail as files into ``mail_dir``. It leads a process group
    of its own (``os.killpg(process.pid, ...)`` reaches its pool children, and only them)."""
    environment = dict(
        os.environ,
        DATABASE_URL=test_database_url(),
        CELERY_BROKER_URL=redis_url,
        CELERY_QUEUE=queue,
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(mail_dir),
        **env,
    )
    pool_args = ["--pool", pool] + (["--concurrency", "1"] if pool == "prefork" else [])
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "careermap",
            "worker",
            *pool_args,
            "--queues",
            queue,
            "--loglevel",
            "WARNING",
            "--without-heartbeat",
            "--without-gossip",
        ],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        yield process
    finally:
        process.terminate()
        try:
            output = process.communicate(timeout=20)[0]
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            output = process.communicate()[0]
        print(output.decode())


def whole_messages(mail_dir: Path) -> list[str]:
    """Messages the file backend has finished writing into ``mail_dir``. It creates the file,
    then writes it, and ends each message with a line of 79 dashes: count only those."""
    if not mail_dir.exists():
        return []
    texts = (path.read_text() for path in sorted(mail_dir.iterdir()))
    return [text for text in texts if text.rstrip().endswith("-" * 79)]


@contextmanager
def running_worker(redis_url: str, mail_dir: Path, **env: str) -> Iterator[Path]:
    """A worker on its own queue writing mail as files into ``mail_dir``; this process
    publishes to the same broker and queue meanwhile."""
    queue = new_queue()
    with publishing_to(redis_url, queue), worker_process(redis_url, mail_dir, queue, **env):
        yield mail_dir
