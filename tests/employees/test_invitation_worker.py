"""The job path end to end: a real Redis broker and a real Celery worker process."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from django.urls import reverse

from apps.employees.models import Employee, Invitation, token_digest
from tests.celery_worker import running_worker, whole_messages
from tests.conftest import Org, client_for

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def worker(redis_url: str, tmp_path: Path):
    """A Celery worker on its own queue, reading the test database, writing mail to files."""
    with running_worker(redis_url, tmp_path / "mail") as mail_dir:
        yield mail_dir


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
    assert _wait_for(lambda: whole_messages(worker)), "no email was written"
    (text,) = whole_messages(worker)
    assert "To: wen@example.com" in text
    invitation.refresh_from_db()
    # The link holds the secret; the database only its digest.
    (secret,) = re.findall(r"/people/join/([^/\s]+)/", text)[:1]
    assert token_digest(secret) == invitation.token
    assert secret not in invitation.token
    assert invitation.sent_at is not None
