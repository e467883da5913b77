"""`make bench`: time the hot paths against a large organisation.

Builds (once) a database ``careermap_bench`` beside the one in DATABASE_URL with
``seed_demo --employees 20000``, then times each scenario several times and prints the median
next to its budget. Results are also written to bench/results/latest.json. Never part of the
test run: speed is measured here, not asserted in tests.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "careermap_bench"
EMPLOYEES = int(os.environ.get("BENCH_EMPLOYEES", "20000"))
RUNS = 7


def _point_at_bench_database() -> None:
    parts = urlsplit(os.environ["DATABASE_URL"])
    os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{BENCH_DB}"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careermap.settings")


def _ensure_database() -> None:
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
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB]).fetchone():
            conn.execute(f"CREATE DATABASE {BENCH_DB}")


def _prepare() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("seed_demo", employees=EMPLOYEES, verbosity=0)


def _time(fn: Callable[[], object]) -> tuple[float, int]:
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


def _scenarios() -> dict[str, tuple[Callable[[], object], float]]:
    from django.test import Client

    from apps.accounts.models import User
    from apps.employees.gaps import people_fits_for_role, role_fits_for_employee, skill_gaps
    from apps.employees.models import Employee
    from apps.roles.models import Role
    from bench.imports import check_scenario

    ceo = Employee.objects.get(manager__isnull=True)
    maya = Employee.objects.select_related("current_role").get(
        work_email="employee@demo.careermap.test"
    )
    role = Role.objects.get(title="Product Support Specialist")
    hr = Client()
    hr.force_login(User.objects.get(email="hr@demo.careermap.test"))
    director = Client()
    director.force_login(User.objects.get(email="director@demo.careermap.test"))
    return {
        "sub-tree of the CEO (count)": (lambda: Employee.objects.in_subtree(ceo).count(), 100.0),
        "one person x all roles (gap engine)": (lambda: role_fits_for_employee(maya), 50.0),
        "one person x one role, per skill": (lambda: skill_gaps(maya, role), 20.0),
        "whole organisation x one role (gap engine)": (
            lambda: people_fits_for_role(role, Employee.objects.all()),
            1000.0,
        ),
        "HR people directory page": (lambda: hr.get("/people/"), 300.0),
        "HR directory search (htmx)": (
            lambda: hr.get("/people/?q=person00012", headers={"HX-Request": "true"}),
            300.0,
        ),
        "director's reporting tree page": (lambda: director.get("/people/tree/"), 300.0),
        "employee import: check of 1,000 rows": (check_scenario(1000), 1000.0),
        "a profile page": (lambda: hr.get(f"/people/{maya.public_id}/"), 300.0),
    }


def main() -> int:
    sys.path.insert(0, str(ROOT))
    _point_at_bench_database()
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    _ensure_database()
    _prepare()
    from apps.employees.models import Employee

    print(f"careermap bench: {Employee.objects.count()} employees, median of {RUNS} runs\n")
    print(f"{'scenario':<45}{'median ms':>10}{'budget':>9}{'queries':>9}  verdict")
    results, failed = [], False
    for name, (fn, budget) in _scenarios().items():
        ms, queries = _time(fn)
        ok = ms <= budget
        failed |= not ok
        results.append(
            {
                "scenario": name,
                "median_ms": round(ms, 2),
                "budget_ms": budget,
                "queries": queries,
                "ok": ok,
            }
        )
        print(f"{name:<45}{ms:>10.1f}{budget:>9.0f}{queries:>9}  {'ok' if ok else 'OVER'}")
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "latest.json").write_text(json.dumps(results, indent=2))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
