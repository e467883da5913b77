"""The bench database (``careermap_bench`` beside the one in DATABASE_URL), built once.

Shared by every bench: ``point_at_bench_database`` before ``django.setup()``, then ``prepare``
(migrate, ``seed_demo --employees N`` and the rest of the bench organisation, each only when
missing). ``time_in_process`` is the in-process timer of the function benches.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
# A worktree of its own can bench its own copy (CREATE DATABASE ... TEMPLATE careermap_bench).
BENCH_DB = os.environ.get("BENCH_DB", "careermap_bench")
EMPLOYEES = int(os.environ.get("BENCH_EMPLOYEES", "20000"))
RUNS = 7


def point_at_bench_database() -> None:
    parts = urlsplit(os.environ["DATABASE_URL"])
    os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{BENCH_DB}"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careermap.settings")


def ensure_database(name: str = BENCH_DB) -> None:
    """Create database ``name`` on the server of DATABASE_URL unless it exists."""
    import psycopg
    from django.conf import settings

    db = settings.DATABASES["default"]
    with psycopg.connect(
        dbname="postgres",
        user=db["USER"] or None,
        host=db["HOST"] or None,
        port=db["PORT"] or None,
        password=db["PASSWORD"] or None,
        autocommit=True,
    ) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def prepare() -> None:
    from django.core.management import call_command
    from django.db import connection

    from bench import org

    call_command("migrate", verbosity=0)
    call_command("seed_demo", employees=EMPLOYEES, verbosity=0)
    org.build()
    with connection.cursor() as cursor:
        # A database in use has statistics (autovacuum); one just bulk-loaded does not yet.
        cursor.execute("ANALYZE")


def time_in_process(fn: Callable[[], object]) -> tuple[float, int]:
    """Median milliseconds of RUNS calls after one warm-up, and the queries of one call."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    fn()  # warm caches, as a running server would have them
    samples = []
    for _ in range(RUNS):
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            fn()
            samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000, len(queries)
