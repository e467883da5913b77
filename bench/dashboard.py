"""`python -m bench.dashboard`: time My team on the 20,000-person bench organisation.

Uses the bench database of ``python -m bench`` (``careermap_bench``, built by ``seed_demo
--employees 20000`` if missing). Picks a generated director with about 2,000 people in their
sub-tree and gives that sub-tree career maps, goals, milestones, reflections, mentorships, a
talent review and a successor slate (once; later runs reuse them). Then times the dashboard and
each fragment for that director (signed in as themselves) and for the CEO's whole organisation
(opened by HR), and prints the median and the query count of each. Results also go to
bench/results/dashboard.json. Speed is measured here, never asserted in tests.

    DATABASE_URL=... .venv/bin/python -m bench.dashboard
"""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Callable
from datetime import timedelta
from itertools import islice
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
WANTED_SUBTREE = 2000
BENCH_USER = "dashboard-bench-director@large.careermap.test"
REVIEW = "Bench dashboard review"
BATCH = 5000
HX = {"HX-Request": "true"}


def _setup() -> None:
    sys.path.insert(0, str(ROOT))
    from bench.database import point_at_bench_database

    point_at_bench_database()
    import django

    django.setup()
    from django.conf import settings

    from bench.database import ensure_database, prepare

    settings.ALLOWED_HOSTS = ["*"]
    # Like the tests: static URLs without collectstatic's manifest (new files may not be in it).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    ensure_database()
    prepare()


def _director() -> tuple[Any, int]:
    """The manager whose sub-tree is the smallest one of at least WANTED_SUBTREE people."""
    from bench.personas import manager_near

    return manager_near(WANTED_SUBTREE, depths=(1, 3))


def _batched(items: Any) -> Any:
    iterator = iter(items)
    while chunk := list(islice(iterator, BATCH)):
        yield chunk


def _seed(director: Any) -> None:
    """Development data for everyone under the director who has no career map yet."""
    from django.db import transaction

    from apps.careermaps.models import CareerMap
    from apps.employees.models import Employee

    people = list(
        Employee.objects.in_subtree(director, include_root=False).filter(career_map__isnull=True)
    )
    if not people:
        return
    print(f"Seeding development data for {len(people)} people under {director} ...")
    rng = random.Random(5)  # noqa: S311 - bench data, not secrets
    with transaction.atomic():
        for chunk in _batched(people):
            _seed_chunk(chunk, rng)
        _seed_talent(director)
    assert CareerMap.objects.filter(employee__in=people).count() == len(people)


def _seed_chunk(people: list[Any], rng: random.Random) -> None:
    from django.utils import timezone

    from apps.careermaps.models import (
        CareerMap,
        Goal,
        GoalStatus,
        Milestone,
        Reflection,
    )
    from apps.roles.models import Role

    now, today = timezone.now(), timezone.localdate()
    roles = list(Role.objects.values_list("pk", flat=True))
    maps = CareerMap.objects.bulk_create(
        CareerMap(
            employee=person,
            target_role_id=rng.choice([*roles, None]),
            visible_to_manager=rng.random() > 0.1,
            created_at=now - timedelta(days=rng.randint(10, 400)),
        )
        for person in people
    )
    statuses = [GoalStatus.NOT_STARTED, GoalStatus.IN_PROGRESS, GoalStatus.ACHIEVED]
    goals = Goal.objects.bulk_create(
        Goal(
            career_map=m,
            specific="Bench goal",
            measurable="m",
            achievable="a",
            relevant="r",
            target_date=today + timedelta(days=rng.randint(-60, 200)),
            status=(status := rng.choice(statuses)),
            achieved_at=now - timedelta(days=rng.randint(0, 60))
            if status == GoalStatus.ACHIEVED
            else None,
        )
        for m in maps
        for _ in range(rng.randint(0, 3))
    )
    Milestone.objects.bulk_create(
        Milestone(
            goal=g,
            title="Bench milestone",
            due=today + timedelta(days=rng.randint(-20, 60)),
            done_at=now - timedelta(days=rng.randint(0, 40)) if rng.random() < 0.4 else None,
        )
        for g in goals
        for _ in range(2)
    )
    Reflection.objects.bulk_create(
        Reflection(
            career_map=m,
            progress="Bench reflection",
            confidence=3,
            created_at=now - timedelta(days=rng.randint(0, 120)),
        )
        for m in maps
        if rng.random() < 0.7
    )


def _seed_talent(director: Any) -> None:
    from django.utils import timezone

    from apps.employees.models import Employee
    from apps.roles.models import Role
    from apps.succession.models import (
        SuccessionPlan,
        SuccessorCandidate,
        TalentRating,
        TalentReview,
    )

    today = timezone.localdate()
    review, _ = TalentReview.objects.get_or_create(
        name=REVIEW, defaults={"opens_on": today, "closes_on": today + timedelta(days=30)}
    )
    people = Employee.objects.in_subtree(director, include_root=False).exclude(
        talent_ratings__review=review
    )
    rng = random.Random(7)  # noqa: S311 - bench data, not secrets
    TalentRating.objects.bulk_create(
        TalentRating(
            review=review,
            employee_id=pk,
            performance=rng.randint(1, 3),
            potential=rng.choice([1, 2, 2, 3]),
        )
        for pk in people.values_list("pk", flat=True)
    )
    role = Role.objects.filter(is_key_position=True).first() or Role.objects.first()
    plan, _ = SuccessionPlan.objects.get_or_create(role=role, incumbent=None)
    SuccessorCandidate.objects.bulk_create(
        (
            SuccessorCandidate(plan=plan, employee_id=pk, readiness="1-2", rank=rank)
            for rank, pk in enumerate(people.values_list("pk", flat=True)[:40], start=1)
        ),
        ignore_conflicts=True,
    )


def _director_client(director: Any) -> Any:
    """The director signs in as themselves: a bench-only login linked to their record."""
    from django.test import Client

    from apps.accounts.models import User
    from apps.employees.models import Employee

    user = User.objects.filter(email=BENCH_USER).first()
    if user is None:
        user = User.objects.create_user(BENCH_USER, None, name=director.full_name)
    if director.user_id != user.pk:
        Employee.objects.filter(user=user).update(user=None)
        Employee.objects.filter(pk=director.pk).update(user=user)
    client = Client()
    client.force_login(user)
    return client


def _ok(response: Any) -> Any:
    if response.status_code != 200:
        raise SystemExit(f"{response.request['PATH_INFO']} answered {response.status_code}")
    return response


def _scenarios(director: Any, size: int) -> dict[str, tuple[Callable[[], object], float]]:
    from django.test import Client

    from apps.accounts.models import User
    from apps.employees.models import Employee

    ceo = Employee.objects.get(manager__isnull=True)
    mine = _director_client(director)
    hr = Client()
    hr.force_login(User.objects.get(email="hr@demo.careermap.test"))
    sub = "?scope=subtree"
    org = f"?scope=subtree&manager={ceo.public_id}"
    d = f"director ({size} people)"
    return {
        f"{d}: dashboard page": (lambda: _ok(mine.get(f"/team/{sub}")), 1000.0),
        f"{d}: heatmap, target lens, by gap, p.10": (
            lambda: _ok(mine.get(f"/team/heatmap/{sub}&lens=target&sort=gap&page=10", headers=HX)),
            500.0,
        ),
        f"{d}: development health, p.5": (
            lambda: _ok(mine.get(f"/team/health/{sub}&hpage=5", headers=HX)),
            500.0,
        ),
        f"{d}: ratings to review, p.3": (
            lambda: _ok(mine.get(f"/team/reviews/{sub}&rpage=3", headers=HX)),
            500.0,
        ),
        f"{d}: CSV of all pages": (lambda: _ok(mine.get(f"/team/heatmap.csv{sub}&all=1")), 1000.0),
        "HR, CEO's whole organisation: dashboard page": (
            lambda: _ok(hr.get(f"/team/{org}")),
            3000.0,
        ),
        "HR, CEO's whole organisation: heatmap by gap": (
            lambda: _ok(hr.get(f"/team/heatmap/{org}&sort=gap", headers=HX)),
            2000.0,
        ),
    }


def main() -> int:
    _setup()
    from bench.database import RUNS, time_in_process

    director, size = _director()
    _seed(director)
    print(f"My team bench: {director} ({size} people below), median of {RUNS} runs\n")
    print(f"{'scenario':<58}{'median ms':>10}{'budget':>9}{'queries':>9}  verdict")
    results, failed = [], False
    for name, (fn, budget) in _scenarios(director, size).items():
        ms, queries = time_in_process(fn)
        ok = ms <= budget
        failed |= not ok
        results.append(
            {"scenario": name, "median_ms": round(ms, 2), "budget_ms": budget,
             "queries": queries, "ok": ok}
        )  # fmt: skip
        print(f"{name:<58}{ms:>10.1f}{budget:>9.0f}{queries:>9}  {'ok' if ok else 'OVER'}")
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "dashboard.json").write_text(json.dumps(results, indent=2))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
