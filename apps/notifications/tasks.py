"""``notifications.send_batch``: one message for many recipients of a reminder task.

A periodic run that finds 20,000 people due used to publish 20,000 messages, one round trip to
Redis each (97 s on the 2-core machine, against a 15 s budget). It now publishes one message
per ``BATCH_SIZE`` recipients. The worker runs each recipient's send (the body of that
recipient's own task) in turn; one that fails goes on as a task of its own, so it gets that
task's retries and backoff while the rest of the batch carries on. Every send checks the
reminder log first, so a batch redelivered after a killed worker sends only what had not gone.
"""

from __future__ import annotations

import logging
from typing import Any

from celery import current_app, shared_task
from celery.exceptions import SoftTimeLimitExceeded

log = logging.getLogger(__name__)

BATCH_SIZE = 100
# A batch is bounded like any task (settings.CELERY_TASK_TIME_LIMIT): out of time, it hands
# the rest on as a batch of their own rather than being killed halfway.
BATCH_OPTIONS: dict[str, Any] = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "time_limit": 300,
    "soft_time_limit": 240,
}
# A recipient whose send failed in the batch waits this long before its own task tries again.
RETRY_ALONE_AFTER_SECONDS = 30


@shared_task(name="notifications.send_batch", **BATCH_OPTIONS)
def send_batch(task_name: str, batch: list[list[Any]]) -> int:
    """Send ``task_name`` to each recipient's arguments in ``batch``; returns how many sent."""
    task: Any = current_app.tasks[task_name]  # a @shared_task: ``__wrapped__`` is its body
    sent = 0
    for index, args in enumerate(batch):
        try:
            # The task's own body, without its retry wrapper: a failure is handled below.
            sent += bool(task.__wrapped__(*args))
        except SoftTimeLimitExceeded:
            send_batch.apply_async(args=(task_name, batch[index:]))
            break
        except Exception:  # this recipient only: their own task retries with backoff
            log.warning("%s%s failed in a batch; retrying it alone", task_name, args, exc_info=True)
            task.apply_async(args=args, countdown=RETRY_ALONE_AFTER_SECONDS)
    return sent
