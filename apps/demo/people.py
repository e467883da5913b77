"""The demo's people: departments and their heads, employees (through ``employee_create``, so
reporting paths are right), the demo logins, and everyone's skill ratings, with Maya's written
out in ``data``. Keyed by department name, work email and (employee, skill), so a second run
adds only what is missing."""

from __future__ import annotations

from collections import Counter

from django.contrib.auth.models import Group
from django.db import transaction

from apps.accounts.models import HR_GROUP, User
from apps.demo import data
from apps.demo.catalogue import role_titles
from apps.demo.ratings import Rater, RatingGenerator, ratings_bulk_create
from apps.employees.models import Department, Employee, SkillRating
from apps.employees.services import employee_create
from apps.roles.models import Role
from apps.skills.models import Skill


@transaction.atomic
def demo_people_seed() -> Counter[str]:
    """Create the missing demo people (through ``employee_create``, so paths are right)."""
    created: Counter[str] = Counter()
    departments = _departments_ensure(created)
    roles = {role.title: role for role in Role.objects.filter(title__in=role_titles())}
    people: dict[str, Employee] = {}
    for spec in data.PEOPLE:
        manager = people[spec.manager] if spec.manager else None
        people[spec.name] = _person_ensure(
            spec, manager=manager, role=roles[spec.role],
            department=departments[spec.department], created=created,
        )  # fmt: skip
    for name, department in departments.items():
        head = people[data.DEPARTMENTS[name]]
        Department.objects.filter(pk=department.pk, head=None).update(head=head)
    _hr_ensure(people)
    _admin_ensure(created)
    return created


def _departments_ensure(created: Counter[str]) -> dict[str, Department]:
    departments: dict[str, Department] = {}
    for name in data.DEPARTMENTS:
        departments[name], new = Department.objects.get_or_create(name=name)
        created["departments"] += new
    return departments


def _person_ensure(
    spec: data.PersonSpec,
    *,
    manager: Employee | None,
    role: Role,
    department: Department,
    created: Counter[str],
) -> Employee:
    user = _login_ensure(spec, created) if spec.login else None
    existing = Employee.objects.filter(work_email__iexact=spec.work_email).first()
    if existing is not None:
        if user is not None and existing.user_id is None:
            Employee.objects.filter(pk=existing.pk).update(user=user)
        return existing
    created["employees"] += 1
    return employee_create(
        full_name=spec.name,
        work_email=spec.work_email,
        manager=manager,
        user=user,
        department=department,
        current_role=role,
        hire_date=spec.hired,
        location=spec.location,
        timezone=spec.timezone,
    )


def _login_ensure(spec: data.PersonSpec, created: Counter[str]) -> User:
    if spec.login is None:
        raise ValueError(f"{spec.name} has no demo login.")
    user = User.objects.filter(email__iexact=spec.login).first()
    if user is None:
        user = User.objects.create_user(
            spec.login, data.DEMO_PASSWORD, name=spec.name, timezone=spec.timezone
        )
        created["logins"] += 1
    return user


def _hr_ensure(people: dict[str, Employee]) -> None:
    hr_person = next(spec for spec in data.PEOPLE if spec.login == data.HR_LOGIN)
    user = people[hr_person.name].user or User.objects.get(email__iexact=data.HR_LOGIN)
    user.groups.add(Group.objects.get_or_create(name=HR_GROUP)[0])


def _admin_ensure(created: Counter[str]) -> None:
    if not User.objects.filter(email__iexact=data.ADMIN_LOGIN).exists():
        User.objects.create_superuser(data.ADMIN_LOGIN, data.DEMO_PASSWORD, name="Demo Admin")
        created["logins"] += 1


# ---------------------------------------------------------------------------------------------
# Skill ratings: generated near each role's required levels; Maya's as written in ``data``.


@transaction.atomic
def demo_ratings_seed() -> int:
    """Rate the demo people's skills, skipping any (employee, skill) already rated."""
    people = Employee.objects.filter(
        work_email__in=[person.work_email for person in data.PEOPLE]
    ).select_related("manager")
    generator = RatingGenerator(per_person=0, extra=2, manager_share=0.75)
    rated = set(
        SkillRating.objects.filter(employee__in=people).values_list("employee_id", "skill_id")
    )
    drafts = [
        draft
        for employee in people
        for draft in generator.drafts(_demo_rater(employee), _worked_example_levels(employee))
        if (draft.employee_id, draft.skill_id) not in rated
    ]
    return ratings_bulk_create(drafts)


def _demo_rater(employee: Employee) -> Rater:
    manager = employee.manager
    return Rater(
        employee_id=employee.pk,
        seed=employee.work_email,
        role_id=employee.current_role_id,
        self_by_id=employee.user_id,
        manager_by_id=manager.user_id if manager else None,
        has_manager=manager is not None,
    )


def _worked_example_levels(employee: Employee) -> dict[int, tuple[int, int | None]] | None:
    """Maya's ratings are written out in data.py; everyone else's are generated."""
    if employee.work_email != data.WORKED_EXAMPLE_EMPLOYEE:
        return None
    ids = dict(Skill.objects.filter(name__in=data.WORKED_EXAMPLE_RATINGS).values_list("name", "pk"))
    return {ids[name]: levels for name, levels in data.WORKED_EXAMPLE_RATINGS.items()}
