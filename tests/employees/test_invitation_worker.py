"""The job path end to end: a real Redis broker and a real Celery worker process."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

from apps.employees.models import Employee, Invitation
from careermap.celery import app as celery_app
from tests.conftest import Org, client_for

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]


def _test_database_url() -> str:
    db = connection.settings_dict
    host, port = db["HOST"] or "localhost", db["PORT"] or "5432"
    auth = f"{db['USER']}:{db['PASSWORD']}@" if db["USER"] else ""
    if host.startswith("/"):
        return f"postgresql://{auth}/{db['NAME']}?host={host}"
    return f"postgresql://{auth}{host}:{port}/{db['NAME']}"


@pytest.fixture
def worker(redis_url: str, tmp_path: Path):
    """A Celery worker on its own queue, reading the test database, writing mail to files."""
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = dict(
        os.environ,
        DATABASE_URL=_test_database_url(),
        CELERY_BROKER_URL=redis_url,
        CELERY_QUEUE=queue,
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(tmp_path / "mail"),
    )
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "careermap",
            "worker",
            "--pool",
            "solo",
            "--queues",
            queue,
            "--loglevel",
            "WARNING",
            "--without-heartbeat",
            "--without-gossip",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    # This process publishes to the same broker and queue. Cached broker connections are
    # dropped so the new URL takes effect.
    saved = celery_app.conf.broker_url, celery_app.conf.task_default_queue
    celery_app.conf.update(broker_url=redis_url, task_default_queue=queue)
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    yield tmp_path / "mail"
    celery_app.conf.update(broker_url=saved[0], task_default_queue=saved[1])
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    process.terminate()
    output = process.communicate(timeout=20)[0].decode()
    print(output)


def _wait_for(predicate, seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_an_invitation_travels_through_redis_to_a_worker_and_out_as_email(org: Org, worker: Path):
    invitee = Employee.objects.create(
        full_name="Wen Worker", work_email="wen@example.com", manager=org.manager, path="/"
    )
    response = client_for(org.hr_user).post(reverse("employees:invite", args=[invitee.public_id]))
    assert response.status_code == 302
    invitation = Invitation.objects.get(employee=invitee)
    assert _wait_for(lambda: worker.exists() and any(worker.iterdir())), "no email was written"
    (message_file,) = worker.iterdir()
    text = message_file.read_text()
    assert "To: wen@example.com" in text
    assert f"/people/join/{invitation.token}/" in text
    invitation.refresh_from_db()
    assert invitation.sent_at is not None
