"""``manage.py seed_demo``: every app's demo records, in the order they depend on each other.

The organisation of ``data`` first (the skill and role catalogue, people and logins, ratings),
then the learning catalogue and mentors, then the seed's worked example on the demo employee's
map. Everything is keyed by natural keys, so running it again adds only what is missing; each
phase runs in its own transaction. The large generated organisation is ``large``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from django.db.models import Model

from apps.accounts.models import User
from apps.demo import data, learning, maps, talent
from apps.demo.catalogue import catalogue_seed
from apps.demo.opportunities import opportunities_seed
from apps.demo.people import demo_people_seed, demo_ratings_seed
from apps.employees.models import Department, Employee, SkillRating, SkillRatingHistory
from apps.roles.models import JobFamily, Role, RoleRequirement, RoleTransition
from apps.skills.models import Skill, SkillCategory

Log = Callable[[str], None]
LOGINS = (data.EMPLOYEE_LOGIN, data.MANAGER_LOGIN, data.DIRECTOR_LOGIN, data.HR_LOGIN)


def quiet(message: str) -> None:
    pass


def demo_seed(*, log: Log = quiet) -> None:
    """Load whatever part of the demo is missing, saying what was added."""
    organisation_seed(log=log)
    added = learning.resources_seed() + learning.mentors_seed()
    if added:
        log(f"Learning and mentoring: {added} new resources and mentor offers")
    if maps.worked_example_seed():
        log("Career map: the worked example on the demo employee's map")
    if talent.talent_seed():
        log("Talent: review cycles (one closed and calibrated, one open) and key positions")
    if added_opportunities := opportunities_seed():
        log(f"Opportunities: {added_opportunities} internal opportunities")


def organisation_seed(*, log: Log = quiet) -> bool:
    """Load the demo organisation; returns False (and does nothing) when it is already there."""
    if organisation_is_complete():
        log(f"The demo organisation already exists ({len(data.PEOPLE)} people): nothing to add.")
        return False
    log(f"Catalogue: {_describe(catalogue_seed())}")
    log(f"People: {_describe(demo_people_seed())}")
    log(f"Ratings: {demo_ratings_seed()} new skill ratings")
    return True


def organisation_is_complete() -> bool:
    emails = [person.work_email for person in data.PEOPLE]
    people = Employee.objects.filter(work_email__in=emails)
    return (
        people.count() == len(emails)
        and not people.filter(ratings__isnull=True).exists()
        and User.objects.filter(email__in=[*LOGINS, data.ADMIN_LOGIN]).count() == len(LOGINS) + 1
        and Role.objects.filter(title__in=[r.title for r in data.ROLES]).count() == len(data.ROLES)
        and Skill.objects.filter(name__in=[s.name for s in data.SKILLS]).count() == len(data.SKILLS)
    )


def _describe(created: Counter[str]) -> str:
    return ", ".join(f"{count} {name}" for name, count in created.items()) or "nothing new"


def counts() -> dict[str, int]:
    """How many of each thing the database holds, for the command's summary."""
    models: dict[str, type[Model]] = {
        "departments": Department,
        "employees": Employee,
        "logins": User,
        "job families": JobFamily,
        "roles": Role,
        "role requirements": RoleRequirement,
        "role transitions": RoleTransition,
        "skill categories": SkillCategory,
        "skills": Skill,
        "skill ratings": SkillRating,
        "rating history": SkillRatingHistory,
    }
    return {name: model._default_manager.count() for name, model in models.items()}
