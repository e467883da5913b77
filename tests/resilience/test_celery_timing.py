"""The broker's visibility timeout and the tasks' time limits fit each other (settings.py).

A message a live worker still holds when the visibility timeout passes is handed to a second
worker and runs twice; a message of a killed worker waits that long. So every task must finish
(hard time limit, plus a retry's countdown) well within it, and it must stay short.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from careermap.celery import app

ROOT = Path(__file__).resolve().parents[2]


def _our_tasks() -> list[object]:
    app.loader.import_default_modules()
    return [task for name, task in app.tasks.items() if not name.startswith("celery.")]


def test_the_default_numbers_keep_the_rule_and_redeliver_within_a_quarter_of_an_hour() -> None:
    visibility = settings.CELERY_VISIBILITY_TIMEOUT
    assert visibility <= 15 * 60
    assert visibility >= settings.CELERY_RETRY_BACKOFF_MAX + 2 * settings.CELERY_TASK_TIME_LIMIT
    assert settings.CELERY_TASK_SOFT_TIME_LIMIT < settings.CELERY_TASK_TIME_LIMIT
    assert settings.CELERY_RESTORE_INTERVAL <= 60


def test_every_task_stays_within_the_limits_the_timeout_was_sized_from() -> None:
    tasks = _our_tasks()
    assert len(tasks) >= 10  # the reminders', the imports' and the invitations' tasks
    for task in tasks:
        limit = getattr(task, "time_limit", None) or settings.CELERY_TASK_TIME_LIMIT
        assert limit <= settings.CELERY_TASK_TIME_LIMIT, task
        if getattr(task, "retry_backoff", False):
            assert task.retry_backoff_max <= settings.CELERY_RETRY_BACKOFF_MAX, task  # type: ignore[attr-defined]
        # No task sets its own default countdown: a retry waits by backoff only.
        assert getattr(task, "default_retry_delay", 180) == 180, task


def test_a_redis_worker_gets_the_timeout_and_a_sweep_that_scans_each_time() -> None:
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(sorted(s.CELERY_BROKER_TRANSPORT_OPTIONS.items()))"
    )
    environment = dict(os.environ, CELERY_BROKER_URL="redis://127.0.0.1:6379/0")
    environment["DJANGO_SETTINGS_MODULE"] = "careermap.settings"
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert "('visibility_timeout', 900)" in out.stdout
    assert "('unacked_restore_interval', 30)" in out.stdout
    assert "('unacked_restore_throttle', 1)" in out.stdout


def test_numbers_that_do_not_fit_stop_the_process_with_the_reason() -> None:
    environment = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="careermap.settings",
        CELERY_VISIBILITY_TIMEOUT="600",
        CELERY_TASK_TIME_LIMIT="300",
    )
    out = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert out.returncode != 0
    assert "ImproperlyConfigured" in out.stderr
    assert "CELERY_VISIBILITY_TIMEOUT (600 s) must be at least" in out.stderr
