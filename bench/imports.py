"""`python -m bench.imports`: the employee import of 20,000 rows, check and write, timed.

Works in a database of its own beside the one in DATABASE_URL (its name plus ``_bench_imports``,
created and migrated if missing, emptied of people at the start of every run), so nothing else
is touched. It generates the files in memory (a seven-level organisation with departments,
managers by external id, roles from the demo catalogue, locations, time zones, hire dates and
statuses) and runs each through the real services, ``job_create``, ``job_check``,
``job_confirm`` and ``job_write``, exactly as the Celery tasks do:

1. the first import: 20,000 new people (CSV);
2. the same file again: nothing changes, nothing is written;
3. a later file in full sync: a tenth of the people move to a new manager, one in twenty has a
   new role, 400 people are missing (they leave) and 200 are new;
4. that later file again, as an XLSX workbook: reading a workbook, nothing to write.

It prints the seconds of each phase, the rows, the counts the check found and the queries each
phase ran, next to the budget (check plus write under 60 s), then times the check of a
1,000-row file against the 20,000 people (what ``python -m bench`` also times). Results also go
to bench/results/imports.json. Speed is measured here, never asserted in tests.

    DATABASE_URL=... .venv/bin/python -m bench.imports
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "20000"))
BUDGET_SECONDS = 60.0
DOMAIN = "imports.bench.test"
HR_EMAIL = f"hr@{DOMAIN}"
COLUMNS = (
    "external_id",
    "full_name",
    "work_email",
    "department",
    "manager",
    "role",
    "location",
    "hire_date",
    "timezone",
    "status",
)
SEED = 20_000


def _setup() -> None:
    own_database("_bench_imports")


def own_database(suffix: str) -> None:
    """Point Django at a database of its own (DATABASE_URL's name plus ``suffix``), create it
    if need be and migrate it: a bench never touches the database it was pointed at."""
    sys.path.insert(0, str(ROOT))
    parts = urlsplit(os.environ["DATABASE_URL"])
    name = f"{parts.path.lstrip('/')}{suffix}"
    os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careermap.settings")
    import django

    django.setup()
    from bench.database import ensure_database

    ensure_database(name)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _reset() -> Any:
    """No people, departments or imports; the demo role catalogue; an HR user to confirm."""
    from django.db import connection

    from apps.accounts.models import User
    from apps.demo.catalogue import catalogue_seed

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE employees_employee, employees_department, imports_importjob CASCADE"
        )
    catalogue_seed()
    hr, _ = User.objects.get_or_create(email=HR_EMAIL, defaults={"name": "Bench HR"})
    return hr


# --------------------------------------------------------------------------- the files


@dataclass(frozen=True)
class Person:
    index: int
    level: int
    manager: int | None
    department: str
    role: str
    location: str
    hire_date: date
    status: str

    @property
    def external_id(self) -> str:
        return f"E{self.index:06d}"

    def row(self) -> list[str]:
        from apps.demo.data import LOCATIONS

        manager = f"E{self.manager:06d}" if self.manager else ""
        return [
            self.external_id,
            f"Person {self.index:06d}",
            f"p{self.index:06d}@{DOMAIN}",
            self.department,
            manager,
            self.role,
            self.location,
            self.hire_date.isoformat(),
            LOCATIONS[self.location],
            self.status,
        ]


def _organisation(total: int) -> list[Person]:
    """One person at the top, seven levels; each sub-tree two and three levels down is a
    department."""
    from apps.demo.catalogue import role_titles
    from apps.demo.data import LOCATIONS
    from apps.demo.large import large_layout

    rng = random.Random(SEED)  # noqa: S311 - bench data, not secrets
    roles, places, today = role_titles(), list(LOCATIONS), date(2026, 1, 1)
    people: dict[int, Person] = {}
    for level in large_layout(total, top=1):
        for slot in level:
            above = people.get(slot.manager or 0)
            department = (
                "Executive"
                if above is None
                else f"Department {slot.index:03d}"
                if above.level <= 2
                else above.department
            )
            status = "on leave" if rng.random() < 0.03 else "active"
            hired = today - timedelta(days=rng.randint(30, 5000))
            people[slot.index] = Person(
                slot.index,
                slot.level,
                slot.manager,
                department,
                rng.choice(roles),
                rng.choice(places),
                hired,
                status,
            )
    return list(people.values())


def _later(people: list[Person]) -> list[Person]:
    """A month on: moves to another manager one level up, new roles, leavers, newcomers."""
    from apps.demo.catalogue import role_titles

    rng = random.Random(SEED + 1)  # noqa: S311 - bench data, not secrets
    roles = role_titles()
    managers = {p.manager for p in people}
    leaf = [p for p in people if p.index not in managers and p.level > 1]
    leaving = {p.index for p in rng.sample(leaf, len(people) // 50)}
    by_level: dict[int, list[Person]] = {}  # who stays, by level: the new managers
    for person in people:
        if person.index not in leaving:
            by_level.setdefault(person.level, []).append(person)
    later = []
    for person in people:
        if person.index in leaving:
            continue
        if person.level > 2 and rng.random() < 0.1:
            person = replace(person, manager=rng.choice(by_level[person.level - 1]).index)
        if rng.random() < 0.05:
            person = replace(person, role=rng.choice(roles))
        later.append(person)
    top = max(p.index for p in people)
    for n in range(1, len(people) // 100 + 1):
        boss = rng.choice(by_level[3])
        later.append(replace(boss, index=top + n, level=4, manager=boss.index))
    return later


def _csv(people: list[Person]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(p.row() for p in people)
    return out.getvalue().encode()


def _xlsx(people: list[Person]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("People")
    sheet.append(COLUMNS)
    for person in people:
        sheet.append(person.row())
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --------------------------------------------------------------------------- timing


@contextmanager
def _counted() -> Iterator[list[int]]:
    """How many statements ran inside (a wrapper count: no SQL text is kept)."""
    from django.db import connection

    count = [0]

    def wrapper(
        execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        count[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield count


def _phase(fn: Callable[[], Any]) -> tuple[Any, float, int]:
    with _counted() as queries:
        started = time.perf_counter()
        result = fn()
        seconds = time.perf_counter() - started
    return result, seconds, queries[0]


def checked_and_written(run: str, hr: Any, **create: Any) -> tuple[Any, dict[str, Any]]:
    """One import through the pipeline as HR would run it (upload, check, confirm, write),
    timed per step; stops the bench with the reason if the file is not imported."""
    from apps.imports import services
    from apps.imports.models import JobStatus

    job, upload_s, _ = _phase(lambda: services.job_create(actor=hr, enqueue=False, **create))
    job, check_s, check_q = _phase(lambda: services.job_check(job.pk))
    if job.status != JobStatus.READY:
        raise SystemExit(f"{run}: {job.status} {job.message} {list(job.issues.all()[:5])}")
    services.job_confirm(job=job, actor=hr, enqueue=False)
    job, write_s, write_q = _phase(lambda: services.job_write(job.pk))
    if job.status != JobStatus.DONE:
        raise SystemExit(f"{run}: {job.status} {job.message}")
    times = {
        "upload_s": round(upload_s, 2),
        "check_s": round(check_s, 2),
        "check_queries": check_q,
        "write_s": round(write_s, 2),
        "write_queries": write_q,
        "total_s": round(check_s + write_s, 2),
    }
    return job, times


def _import(name: str, file_name: str, data: bytes, hr: Any, *, full_sync: bool) -> dict[str, Any]:
    job, times = checked_and_written(
        name, hr, kind="employees", file_name=file_name, data=data, full_sync=full_sync
    )
    s = job.summary
    return {
        "run": name,
        "rows": s["create"] + s["update"] + s["unchanged"],
        "bytes": len(data),
        "create": s["create"],
        "update": s["update"],
        "unchanged": s["unchanged"],
        "leave": s["leave"],
        **times,
        "ok": times["total_s"] <= BUDGET_SECONDS,
    }


def _print(result: dict[str, Any]) -> None:
    counts = "/".join(str(result[k]) for k in ("create", "update", "unchanged", "leave"))
    print(
        f"{result['run']:<42}{result['rows']:>7}{counts:>26}{result['check_s']:>8.1f}"
        f"{result['check_queries']:>6}{result['write_s']:>8.1f}{result['write_queries']:>6}"
        f"{result['total_s']:>8.1f}  {'ok' if result['ok'] else 'OVER'}"
    )


def check_scenario(rows: int = 1000) -> Callable[[], object]:
    """The check of a ``rows``-row file of people already in CareerMap (one in ten with a new
    location) against the whole organisation: read the file, plan it, write nothing."""
    from apps.employees.models import Employee
    from apps.imports.kinds.base import NoProgress
    from apps.imports.kinds.employees import KIND as employees
    from careermap.tabular import read_table

    people = Employee.objects.order_by("pk").values_list("full_name", "work_email", "location")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["full_name", "work_email", "location"])
    for n, (name, email, location) in enumerate(people[:rows]):
        writer.writerow([name, email, "Lisbon" if n % 10 == 0 else location])
    data = out.getvalue().encode()

    def check() -> object:
        table = read_table(io.BytesIO(data), "people.csv")
        return employees.plan(table, options={}, full_sync=False, progress=NoProgress())

    return check


def _people() -> int:
    from apps.employees.models import Employee

    return Employee.objects.count()


def main() -> int:
    _setup()
    hr = _reset()
    people = _organisation(ROWS)
    later = _later(people)
    runs = [
        (f"first import, {len(people):,} new people (CSV)", "people.csv", _csv(people), False),
        ("the same file again", "people.csv", _csv(people), False),
        ("a later file, full sync (moves, leavers)", "later.csv", _csv(later), True),
        ("the later file again, as XLSX", "later.xlsx", _xlsx(later), True),
    ]
    print(f"employee import bench: {ROWS:,} rows, budget {BUDGET_SECONDS:.0f} s (check + write)\n")
    print(
        f"{'run':<42}{'rows':>7}{'create/update/same/left':>26}{'check s':>8}{'q':>6}"
        f"{'write s':>8}{'q':>6}{'total':>8}  verdict"
    )
    results = []
    for name, file_name, data, full_sync in runs:
        results.append(_import(name, file_name, data, hr, full_sync=full_sync))
        _print(results[-1])
    _, seconds, queries = _phase(check_scenario())
    print(
        f"\ncheck of a 1,000-row file against {_people():,} people: {seconds * 1000:.0f} ms, "
        f"{queries} queries"
    )
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "imports.json").write_text(json.dumps(results, indent=2))
    return 0 if all(r["ok"] for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
