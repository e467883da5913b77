"""The demo's learning catalogue (resources and the skills they build) and a few mentors; each
added only when missing."""

from __future__ import annotations

from django.db import transaction

from apps.demo import data
from apps.employees.models import Employee
from apps.learning.models import LearningResource, ResourceSkill
from apps.mentoring.models import MentorOffer
from apps.skills.models import Skill


@transaction.atomic
def resources_seed() -> int:
    added = 0
    skills = {skill.name: skill for skill in Skill.objects.all()}
    for title, provider, kind, hours, cost, url, builds in data.RESOURCES:
        resource, created = LearningResource.objects.get_or_create(
            title=title,
            defaults={"provider": provider, "kind": kind, "hours": hours, "cost": cost, "url": url},
        )
        added += created
        for name, level in builds.items():
            if name in skills:
                ResourceSkill.objects.get_or_create(
                    resource=resource, skill=skills[name], defaults={"level": level}
                )
    return added


@transaction.atomic
def mentors_seed() -> int:
    added = 0
    for email, skill_names in data.MENTORS:
        employee = Employee.objects.filter(work_email=email).first()
        if employee is None or MentorOffer.objects.filter(employee=employee).exists():
            continue
        offer = MentorOffer.objects.create(
            employee=employee, note="Happy to help people moving into product support."
        )
        offer.skills.set(Skill.objects.filter(name__in=skill_names))
        added += 1
    return added
