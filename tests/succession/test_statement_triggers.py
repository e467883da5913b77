"""The report tables' statement triggers (succession migrations 0014 and 0015) count each
statement as a whole: one statement that writes many rows, several of them of one person
(bulk_create, a queryset update, Django's cascade, raw SQL), must leave SkillLevelCount and
ReadyPoints exactly as a full recount leaves them.
"""

from __future__ import annotations

import random

import pytest
from django.db import connection
from django.db.models import F

from apps.employees.models import Employee, EmploymentStatus, SkillRating, SkillRatingHistory
from apps.roles.models import Role
from apps.skills.models import Skill
from apps.succession.models import ReadyPoints, SkillLevelCount
from tests.factories import make_employee
from tests.succession.test_ready_points import _assert_recount_agrees as _points_agree
from tests.succession.test_skill_level_count import _assert_recount_agrees as _counts_agree
from tests.succession.test_skill_level_count import _organisation

pytestmark = pytest.mark.django_db


def _both_agree() -> None:
    _counts_agree()
    _points_agree()


@pytest.fixture
def org() -> tuple[list[Role], list[Skill]]:
    roles, skills, _departments = _organisation(random.Random(7))
    _both_agree()
    return roles, skills


def test_one_insert_of_many_ratings_of_the_same_people(org: tuple[list[Role], list[Skill]]) -> None:
    roles, skills = org
    people = [make_employee(name=f"Bulk{n}", current_role=roles[n % 3]) for n in range(3)]
    SkillRating.objects.bulk_create(
        [
            SkillRating(
                employee=person, skill=skill, self_level=(n % 5) + 1, manager_level=n % 4 or None
            )
            for person in people
            for n, skill in enumerate(skills)
        ]
    )
    assert ReadyPoints.objects.filter(employee_id__in=[p.pk for p in people]).exists()
    _both_agree()


def test_one_update_of_many_ratings_some_unchanged(org: tuple[list[Role], list[Skill]]) -> None:
    _roles, skills = org
    rated = Employee.objects.filter(ratings__isnull=False).distinct().order_by("pk")[:6]
    mine = SkillRating.objects.filter(employee__in=list(rated))
    mine.filter(skill=skills[0]).update(manager_level=3)
    mine.update(manager_level=3)  # the rows already at 3 are unchanged
    _both_agree()
    counted = list(SkillLevelCount.objects.order_by("pk").values_list("pk", "n"))
    points = set(ReadyPoints.objects.values_list("role_id", "employee_id", "points"))
    SkillRating.objects.update(note="seen")  # a column the reports do not count
    assert list(SkillLevelCount.objects.order_by("pk").values_list("pk", "n")) == counted
    assert set(ReadyPoints.objects.values_list("role_id", "employee_id", "points")) == points
    SkillRating.objects.update(self_level=F("manager_level"), manager_level=F("self_level"))
    _both_agree()


def test_one_statement_moving_all_of_a_persons_ratings(
    org: tuple[list[Role], list[Skill]],
) -> None:
    roles, _skills = org
    person = Employee.objects.filter(ratings__isnull=False).distinct().order_by("pk").first()
    assert person is not None
    other = make_employee(name="Heir", current_role=roles[1])
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE employees_skillrating SET employee_id = %s WHERE employee_id = %s",
            [other.pk, person.pk],
        )
    _both_agree()


def test_people_changed_added_and_deleted_in_bulk(org: tuple[list[Role], list[Skill]]) -> None:
    roles, _skills = org
    everyone = Employee.objects.order_by("pk")
    ids = list(everyone.values_list("pk", flat=True))
    Employee.objects.filter(pk__in=ids[::2]).update(current_role=roles[0])
    Employee.objects.filter(pk__in=ids[1::3]).update(status=EmploymentStatus.LEFT)
    Employee.objects.filter(pk__in=ids[:10]).update(status=F("status"))  # nothing counted moves
    _counts_agree()
    Employee.objects.bulk_create(
        [
            Employee(full_name=f"Hire{n}", work_email=f"hire{n}@example.test", current_role=role)
            for n, role in enumerate(roles)
        ]
    )
    _counts_agree()
    gone = ids[3:12]
    assert SkillRatingHistory.objects.filter(employee_id__in=gone).exists()
    Employee.objects.filter(pk__in=gone).delete()  # ratings and history go first (cascade)
    _both_agree()
