"""`python -m bench.succession`: successor suggestions and HR's reports over the bench org.

Uses the database of ``python -m bench`` (20,000 people, built once). Adds, once, what the
succession pages read: a key position and a planned demand for "Head of Customer Support", a
talent review rating every fourth person, and career maps targeting the role for every tenth.
Then times each scenario (median of several runs) against its budget; the suggestion query
must come back in well under a second. Results go to bench/results/succession.json.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import date

from bench.database import ROOT, ensure_database, point_at_bench_database, prepare, time_in_process

KEY_ROLE = "Head of Customer Support"
REVIEW = "Bench succession review"


def _seed() -> None:
    from apps.careermaps.models import CareerMap
    from apps.employees.models import Employee
    from apps.roles.models import Role
    from apps.succession.models import DemandPlan, SuccessionPlan, TalentRating, TalentReview

    role = Role.objects.get(title=KEY_ROLE)
    SuccessionPlan.objects.get_or_create(role=role, incumbent=None)
    DemandPlan.objects.get_or_create(
        role=role, defaults={"headcount": 3, "needed_by": date(2027, 6, 30)}
    )
    review, created = TalentReview.objects.get_or_create(
        name=REVIEW, defaults={"opens_on": date(2026, 1, 1), "closes_on": date(2026, 3, 31)}
    )
    ids = list(Employee.objects.order_by("pk").values_list("pk", flat=True))
    if created:
        TalentRating.objects.bulk_create(
            TalentRating(review=review, employee_id=pk, performance=1 + pk % 3,
                         potential=1 + (pk // 3) % 3)
            for pk in ids[::4]
        )  # fmt: skip
    have_map = set(CareerMap.objects.values_list("employee_id", flat=True))
    CareerMap.objects.bulk_create(
        CareerMap(employee_id=pk, target_role=role) for pk in ids[::10] if pk not in have_map
    )


def _scenarios() -> dict[str, tuple[Callable[[], object], float]]:
    from django.test import Client

    from apps.accounts.models import User
    from apps.roles.models import Role
    from apps.succession import reports
    from apps.succession.models import SuccessionPlan
    from apps.succession.suggestions import suggest_successors

    plan = SuccessionPlan.objects.get(role=Role.objects.get(title=KEY_ROLE), incumbent=None)
    hr = Client()
    hr.force_login(User.objects.get(email="hr@demo.careermap.test"))
    base = "/succession/"
    return {
        "successor suggestions (one query, top 25)": (lambda: suggest_successors(plan), 500.0),
        "suggested successors page": (
            lambda: hr.get(f"{base}key-positions/{plan.public_id}/suggestions/"),
            800.0,
        ),
        "succession report page": (lambda: hr.get(f"{base}reports/"), 500.0),
        "skill supply and demand (computation)": (lambda: reports.skill_supply(), 3000.0),
        "future needs (computation)": (lambda: reports.future_needs(), 2000.0),
        "equity of opportunity (computation)": (
            lambda: reports.equity(date.today()),
            2000.0,
        ),
    }


def main() -> int:
    sys.path.insert(0, str(ROOT))
    point_at_bench_database()
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    # Pages link static files by name; no collectstatic manifest is needed to time them.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    ensure_database()
    prepare()
    _seed()
    from apps.employees.models import Employee

    print(f"succession bench: {Employee.objects.count()} employees\n")
    print(f"{'scenario':<45}{'median ms':>10}{'budget':>9}{'queries':>9}  verdict")
    results, failed = [], False
    for name, (fn, budget) in _scenarios().items():
        ms, queries = time_in_process(fn)
        ok = ms <= budget
        failed |= not ok
        results.append(
            {"scenario": name, "median_ms": round(ms, 2), "budget_ms": budget,
             "queries": queries, "ok": ok}
        )  # fmt: skip
        print(f"{name:<45}{ms:>10.1f}{budget:>9.0f}{queries:>9}  {'ok' if ok else 'OVER'}")
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "succession.json").write_text(json.dumps(results, indent=2))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
