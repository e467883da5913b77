"""The bench organisation: everything the pages read, at the size of a large employer.

``seed_demo --employees 20000`` gives the people (six to eight levels) and ~400,000 skill
ratings. On top of that, once (later runs find it and add nothing):

- a career map for everyone, with goals, milestones and reflections (bench.dashboard's mix);
- a closed talent review rating everyone, calibrated for one in ten;
- 500 key positions: the seats of 500 managers, each with a slate of two or three of their
  direct reports;
- planned demand for twenty roles (the future-needs report).
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from bench.dashboard import _batched, _seed_chunk

CLOSED_REVIEW = "Bench closed review 2026"
KEY_POSITIONS = 500
DEMAND_ROLES = 20


def build(log: Any = print) -> None:
    """Add what is missing; a database that already has it is left as it is."""
    from django.db import transaction

    with transaction.atomic():
        _maps_for_everyone(log)
        _closed_review(log)
        _key_positions(log)
        _demand(log)


def _maps_for_everyone(log: Any) -> None:
    from apps.employees.models import Employee

    people = list(Employee.objects.filter(career_map__isnull=True).order_by("pk"))
    if not people:
        return
    log(f"bench org: career maps for {len(people)} people ...")
    rng = random.Random(11)  # noqa: S311 - bench data, not secrets
    for chunk in _batched(people):
        _seed_chunk(chunk, rng)


def _closed_review(log: Any) -> None:
    from apps.employees.models import Employee
    from apps.succession.models import ReviewStatus, TalentRating, TalentReview

    review, created = TalentReview.objects.get_or_create(
        name=CLOSED_REVIEW,
        defaults={
            "opens_on": date(2026, 1, 5),
            "closes_on": date(2026, 3, 31),
            "status": ReviewStatus.CLOSED,
        },
    )
    if not created:
        return
    log("bench org: a closed talent review of everyone ...")
    rng = random.Random(13)  # noqa: S311 - bench data, not secrets
    for chunk in _batched(Employee.objects.order_by("pk").values_list("pk", flat=True)):
        TalentRating.objects.bulk_create(_rating(review, pk, rng) for pk in chunk)


def _rating(review: Any, pk: int, rng: random.Random) -> Any:
    from apps.succession.models import TalentRating

    rating = TalentRating(
        review=review,
        employee_id=pk,
        performance=rng.choice([1, 2, 2, 2, 3]),
        potential=rng.choice([1, 1, 2, 2, 3]),
    )
    if rng.random() < 0.1:
        rating.calibrated_performance = min(3, rating.performance + 1)
        rating.calibrated_potential = rating.potential
    return rating


def _key_positions(log: Any) -> None:
    from django.db.models import Count

    from apps.employees.models import Employee
    from apps.roles.models import Role
    from apps.succession.models import SuccessionPlan

    missing = KEY_POSITIONS - SuccessionPlan.objects.filter(incumbent__isnull=False).count()
    if missing <= 0:
        return
    log(f"bench org: {missing} key positions with slates ...")
    seats = list(
        Employee.objects.filter(current_role__isnull=False, seats__isnull=True)
        .annotate(reports_count=Count("reports"))
        .filter(reports_count__gte=2)
        .order_by("depth", "pk")[:missing]
    )
    Role.objects.filter(pk__in={seat.current_role_id for seat in seats}).update(
        is_key_position=True
    )
    plans = SuccessionPlan.objects.bulk_create(
        SuccessionPlan(role_id=seat.current_role_id, incumbent=seat) for seat in seats
    )
    _slates(plans, rng=random.Random(17))  # noqa: S311 - bench data, not secrets


def _slates(plans: list[Any], rng: random.Random) -> None:
    from apps.employees.models import Employee
    from apps.succession.models import Readiness, SuccessorCandidate

    reports: dict[int, list[int]] = {}
    incumbents = [plan.incumbent_id for plan in plans]
    for manager_id, pk in Employee.objects.filter(manager_id__in=incumbents).values_list(
        "manager_id", "pk"
    ):
        reports.setdefault(manager_id, []).append(pk)
    readiness = [Readiness.READY_NOW, Readiness.ONE_TWO_YEARS, Readiness.THREE_FIVE_YEARS]
    SuccessorCandidate.objects.bulk_create(
        SuccessorCandidate(plan=plan, employee_id=pk, readiness=rng.choice(readiness), rank=rank)
        for plan in plans
        for rank, pk in enumerate(
            rng.sample(reports[plan.incumbent_id], min(3, len(reports[plan.incumbent_id]))),
            start=1,
        )
    )


def _demand(log: Any) -> None:
    from apps.roles.models import Role
    from apps.succession.models import DemandPlan

    have = set(DemandPlan.objects.values_list("role_id", flat=True))
    roles = list(Role.objects.order_by("pk").values_list("pk", flat=True)[:DEMAND_ROLES])
    wanted = [pk for pk in roles if pk not in have]
    if not wanted:
        return
    log(f"bench org: planned demand for {len(wanted)} roles ...")
    DemandPlan.objects.bulk_create(
        DemandPlan(role_id=pk, headcount=1 + pk % 4, needed_by=date(2027, 6, 30) + timedelta(pk))
        for pk in wanted
    )
