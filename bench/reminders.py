"""`python -m bench.reminders`: the periodic reminder run against 20,000 employees.

Times the selection of who is due (keyset-paged SQL batches) and the enqueueing of the sends
(one ``notifications.send_batch`` message per 100 people), and measures peak Python memory
with tracemalloc, for a small and a large share of the organisation being due at once, to show
that memory does not grow with the organisation.

Works on its own copy of the bench organisation, ``careermap_bench_reminders`` (cloned from
``careermap_bench`` when nobody is connected to it, else built with ``seed_demo``), because it
gives every employee an account, a map and a time zone. Publishes to Redis (REDIS_URL, on a
queue of its own that it empties afterwards) when one answers, else to Celery's in-memory
broker. Prints the figures; the README quotes them.
"""

from __future__ import annotations

import os
import socket
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DB = "careermap_bench"
BENCH_DB = "careermap_bench_reminders"
EMPLOYEES = int(os.environ.get("BENCH_EMPLOYEES", "20000"))
RUNS = 3
QUEUE = "bench-reminders"
# 09:00 UTC on a Monday: morning (08:00-11:59) in all four zones below.
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
MORNING_ZONES = ("Europe/London", "Europe/Lisbon", "Europe/Paris", "Europe/Helsinki")
SMALL_ZONE = "Europe/Lisbon"  # one person in ten: the "small share due" case


def _database_url(name: str) -> str:
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path=f"/{name}"))


def _admin_connection() -> Any:
    import psycopg

    url = _database_url("postgres")
    return psycopg.connect(url, autocommit=True)


def _ensure_database() -> bool:
    """Create the bench copy; True when it still needs the organisation seeding."""
    with _admin_connection() as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB]).fetchone():
            return False
        try:
            conn.execute(f"CREATE DATABASE {BENCH_DB} TEMPLATE {SOURCE_DB}")
            return False
        except Exception:  # the source is missing or in use: build from scratch
            conn.execute(f"CREATE DATABASE {BENCH_DB}")
            return True


def _setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = _database_url(BENCH_DB)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careermap.settings")
    os.environ["DEBUG"] = "false"  # no query log growing in memory
    import django

    django.setup()


def _prepare(seed: bool) -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if seed:
        call_command("seed_demo", employees=EMPLOYEES, verbosity=0)
    _everyone_has_an_account_and_a_map()


def _everyone_has_an_account_and_a_map() -> None:
    """Accounts, maps (started 40 days ago, monthly) and morning time zones for everyone."""
    from django.db import connection

    started = NOW - timedelta(days=40)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO accounts_user (email, name, timezone, is_active, is_staff, is_superuser,
                                       password, date_joined)
            SELECT lower(e.work_email), e.full_name, 'UTC', true, false, false, '!', now()
            FROM employees_employee e
            WHERE e.user_id IS NULL
              AND NOT EXISTS (SELECT 1 FROM accounts_user u
                              WHERE lower(u.email) = lower(e.work_email))
            """
        )
        cursor.execute(
            """
            UPDATE employees_employee e SET user_id = u.id FROM accounts_user u
            WHERE e.user_id IS NULL AND lower(u.email) = lower(e.work_email)
            """
        )
        cursor.execute(
            """
            INSERT INTO careermaps_careermap (public_id, employee_id, aspiration, strengths,
                weaknesses, "values", interests, template, visible_to_manager,
                reflection_cadence, created_at, updated_at)
            SELECT gen_random_uuid(), e.id, '', '', '', '', '', 'blank', true, 'monthly', %s, %s
            FROM employees_employee e
            WHERE NOT EXISTS (SELECT 1 FROM careermaps_careermap m WHERE m.employee_id = e.id)
            """,
            [started, started],
        )
        cursor.execute(
            "UPDATE careermaps_careermap SET reflection_cadence = 'monthly', created_at = %s",
            [started],
        )
        # The bench organisation's reflections are dated around the day it was built, which may
        # be after NOW: put them before the map's last month so everyone is due at once.
        cursor.execute(
            "UPDATE careermaps_reflection SET created_at = %s - (id %% 30) * interval '1 day'",
            [started],
        )
        cursor.execute(
            """
            UPDATE employees_employee SET timezone = CASE
                WHEN id %% 10 = 0 THEN %s
                ELSE (ARRAY[%s, %s, %s])[1 + id %% 3] END
            """,
            [SMALL_ZONE, *[z for z in MORNING_ZONES if z != SMALL_ZONE]],
        )
        cursor.execute("TRUNCATE notifications_reminderlog, notifications_notification")
        cursor.execute("ANALYZE")


def _broker() -> str:
    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379), 1):
            return url
    except OSError:
        return "memory://"


def _use_broker(url: str) -> None:
    from careermap.celery import app

    app.conf.update(
        broker_url=url,
        task_default_queue=QUEUE,
        task_always_eager=False,
        broker_transport_options={},
    )
    app._pool = None
    app.amqp._producer_pool = None


def _purge() -> None:
    from careermap.celery import app

    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge(QUEUE)


def _count(batches: Iterator[list[Any]]) -> int:
    return sum(len(batch) for batch in batches)


def _selection(zones: tuple[str, ...]) -> Callable[[], int]:
    from apps.careermaps.reminders import due_reflections

    return lambda: _count(due_reflections(now=NOW, zones=zones))


def _selection_and_enqueue(zones: tuple[str, ...]) -> Callable[[], int]:
    from apps.careermaps import tasks
    from apps.careermaps.reminders import due_reflections
    from apps.notifications.publishing import enqueue

    def run() -> int:
        outcome = enqueue(tasks.send_reflection_reminder, due_reflections(now=NOW, zones=zones))
        _purge()
        return outcome.published

    return run


def _measure(fn: Callable[[], int]) -> tuple[int, float, float]:
    """(people, median seconds, peak MiB): time without tracing, memory in a traced run."""
    found = fn()  # warm up: connections, plans, caches
    seconds = []
    for _ in range(RUNS):
        started = time.perf_counter()
        fn()
        seconds.append(time.perf_counter() - started)
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return found, statistics.median(seconds), peak / 2**20


def _other_selections() -> list[tuple[str, Callable[[], int]]]:
    from apps.careermaps.digest import due_digests
    from apps.careermaps.reminders import due_follow_ups, due_nudges

    zones = MORNING_ZONES
    return [
        ("goal/milestone nudges: selection", lambda: _count(due_nudges(now=NOW, zones=zones))),
        ("follow-ups: selection", lambda: _count(due_follow_ups(now=NOW, zones=zones))),
        ("manager digests: selection", lambda: _count(due_digests(now=NOW, zones=zones))),
    ]


def main() -> int:
    seed = _ensure_database()
    _setup_django()
    print(f"preparing {BENCH_DB} ({'seeding' if seed else 'from ' + SOURCE_DB})...", flush=True)
    _prepare(seed)
    broker = _broker()
    _use_broker(broker)
    from apps.employees.models import Employee

    total = Employee.objects.count()
    small = (SMALL_ZONE,)
    scenarios = [
        ("reflections: selection, 1 in 10 due", _selection(small)),
        ("reflections: selection, all due", _selection(MORNING_ZONES)),
        ("reflections: selection + enqueue, 1 in 10", _selection_and_enqueue(small)),
        ("reflections: selection + enqueue, all due", _selection_and_enqueue(MORNING_ZONES)),
        *_other_selections(),
    ]
    print(f"\nreminders bench: {total} employees, broker {broker}, median of {RUNS} runs\n")
    print(f"{'scenario':<46}{'people':>8}{'seconds':>10}{'peak MiB':>10}")
    for name, fn in scenarios:
        people, seconds, peak = _measure(fn)
        print(f"{name:<46}{people:>8}{seconds:>10.2f}{peak:>10.2f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
