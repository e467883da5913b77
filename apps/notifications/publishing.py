"""Publishing per-recipient tasks from a periodic run, without letting a broker outage hurt.

Domain apps' periodic tasks select who is due and hand the batches to ``enqueue``. A publish
that fails (Redis down) is logged and the rest of the run is skipped: nothing is lost, because
the selection is state-based (what ReminderLog does not hold yet) and the next run selects the
same people again.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any, Protocol

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from apps.notifications.tasks import BATCH_SIZE, send_batch

log = logging.getLogger(__name__)

# Fail fast when the broker is away: the next periodic run is the retry.
PUBLISH_RETRY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}

# Shared by every reminder task: acknowledged only when done (a worker that dies mid-send
# leaves the message to be redelivered), bounded in time, retried with backoff when mail fails.
# The limits stay within the settings' (whose visibility timeout is sized from them): a send
# gets two minutes, and six retries wait up to CELERY_RETRY_BACKOFF_MAX each (30 s doubling);
# a send that still fails is selected again by the next hourly run, so nothing is lost.
SEND_OPTIONS: dict[str, Any] = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "time_limit": min(120, settings.CELERY_TASK_TIME_LIMIT),
    "soft_time_limit": min(90, settings.CELERY_TASK_SOFT_TIME_LIMIT),
    "retry_backoff": 30,
    "retry_backoff_max": settings.CELERY_RETRY_BACKOFF_MAX,
    "retry_jitter": True,
    "max_retries": 6,
}
# A periodic run takes seconds (17 s for a whole 20,000-person organisation at once): the
# default hard limit of the settings is ample.
PERIODIC_OPTIONS: dict[str, Any] = {
    "acks_late": True,
    "time_limit": settings.CELERY_TASK_TIME_LIMIT,
    "soft_time_limit": settings.CELERY_TASK_SOFT_TIME_LIMIT,
    "expires": 3000,  # a run still queued when the next is due is pointless
}


class Sendable(Protocol):
    name: str
    app: Any

    def apply_async(self, *args: Any, **kwargs: Any) -> Any: ...


class HasArgs(Protocol):
    @property
    def args(self) -> Sequence[object]: ...


@dataclass
class Enqueued:
    task: str
    published: int = 0
    failed: bool = False


def _publish(task: Sendable, batch: Sequence[HasArgs], outcome: Enqueued) -> None:
    if outcome.failed:
        return
    try:
        # One producer (one broker connection) for the whole batch: about twice as fast as
        # taking one from the pool per message.
        with task.app.producer_or_acquire() as producer:
            for start in range(0, len(batch), BATCH_SIZE):
                chunk = [list(due.args) for due in batch[start : start + BATCH_SIZE]]
                send_batch.apply_async(
                    args=[task.name, chunk], producer=producer, retry_policy=PUBLISH_RETRY
                )
                outcome.published += len(chunk)
    except Exception:  # any broker failure: log it, stop, let the next run pick up
        log.exception("Could not enqueue %s; the next periodic run will", task.name)
        outcome.failed = True


def enqueue(task: Sendable, batches: Iterable[Sequence[HasArgs]]) -> Enqueued:
    """Publish ``task`` for every recipient, each selected batch after the surrounding commit,
    as one ``notifications.send_batch`` message per BATCH_SIZE recipients."""
    outcome = Enqueued(task.name)
    for batch in batches:
        if outcome.failed:
            break
        transaction.on_commit(partial(_publish, task, batch, outcome))
    log.info("%s: %s enqueued%s", task.name, outcome.published, " (broker down)" * outcome.failed)
    return outcome


def instant(at: str | None) -> datetime:
    """A periodic task's clock: now, or the ISO instant a manual run or a test passes."""
    return datetime.fromisoformat(at) if at else timezone.now()
