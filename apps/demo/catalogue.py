"""The skill and role catalogue of the demo: skill categories and skills, job families, roles
with their requirements, and the transitions between roles.

Each step reads what exists by natural key (skill name, role title, ...) and bulk-inserts only
what is missing; rows that exist are left as they are (HR may have edited them).
"""

from __future__ import annotations

from collections import Counter

from django.db import transaction
from django.db.models.functions import Lower

from apps.demo import data
from apps.roles.models import JobFamily, Role, RoleRequirement, RoleTransition
from apps.skills.models import Skill, SkillCategory


def role_titles() -> list[str]:
    return [spec.title for spec in data.ROLES]


@transaction.atomic
def catalogue_seed() -> Counter[str]:
    """Create whatever part of the skill and role catalogue is missing; returns what was new."""
    created: Counter[str] = Counter()
    categories = _categories_ensure(created)
    skills = _skills_ensure(categories, created)
    roles = _roles_ensure(_families_ensure(created), created)
    _requirements_ensure(roles, skills, created)
    _transitions_ensure(roles, created)
    return created


def _categories_ensure(created: Counter[str]) -> dict[str, SkillCategory]:
    categories: dict[str, SkillCategory] = {}
    for spec in data.SKILL_CATEGORIES:  # parents come first
        parent = categories[spec.parent] if spec.parent else None
        categories[spec.name], new = SkillCategory.objects.get_or_create(
            name=spec.name, defaults={"parent": parent, "description": spec.description}
        )
        created["skill categories"] += new
    return categories


def _families_ensure(created: Counter[str]) -> dict[str, JobFamily]:
    families: dict[str, JobFamily] = {}
    for name, description in data.JOB_FAMILIES.items():
        families[name], new = JobFamily.objects.get_or_create(
            name=name, defaults={"description": description}
        )
        created["job families"] += new
    return families


def _skills_ensure(categories: dict[str, SkillCategory], created: Counter[str]) -> dict[str, Skill]:
    names = [spec.name.lower() for spec in data.SKILLS]
    existing = Skill.objects.annotate(key=Lower("name")).filter(key__in=names)
    known: dict[str, Skill] = {skill.name.lower(): skill for skill in existing}
    new = [
        Skill(name=spec.name, category=categories[spec.category], description=spec.description,
              synonyms=list(spec.synonyms))
        for spec in data.SKILLS
        if spec.name.lower() not in known
    ]  # fmt: skip
    Skill.objects.bulk_create(new)
    created["skills"] += len(new)
    known |= {skill.name.lower(): skill for skill in new}
    return {spec.name: known[spec.name.lower()] for spec in data.SKILLS}


def _roles_ensure(families: dict[str, JobFamily], created: Counter[str]) -> dict[str, Role]:
    titles = [spec.title.lower() for spec in data.ROLES]
    existing = Role.objects.annotate(key=Lower("title")).filter(key__in=titles)
    known: dict[str, Role] = {role.title.lower(): role for role in existing}
    new = [_role(spec, families) for spec in data.ROLES if spec.title.lower() not in known]
    Role.objects.bulk_create(new)
    created["roles"] += len(new)
    known |= {role.title.lower(): role for role in new}
    return {spec.title: known[spec.title.lower()] for spec in data.ROLES}


def _role(spec: data.RoleSpec, families: dict[str, JobFamily]) -> Role:
    return Role(
        title=spec.title,
        family=families[spec.family],
        level=spec.level,
        track=spec.track,
        summary=spec.summary,
        responsibilities="\n".join(spec.responsibilities),
        is_key_position=spec.is_key_position,
    )


def _requirements_ensure(
    roles: dict[str, Role], skills: dict[str, Skill], created: Counter[str]
) -> None:
    have = set(
        RoleRequirement.objects.filter(role__in=roles.values()).values_list("role_id", "skill_id")
    )
    new = [
        RoleRequirement(role=roles[spec.title], skill=skills[req.skill],
                        required_level=req.level, importance=req.importance, weight=req.weight)
        for spec in data.ROLES
        for req in spec.requirements
        if (roles[spec.title].pk, skills[req.skill].pk) not in have
    ]  # fmt: skip
    RoleRequirement.objects.bulk_create(new)
    created["role requirements"] += len(new)


def _transitions_ensure(roles: dict[str, Role], created: Counter[str]) -> None:
    have = set(
        RoleTransition.objects.filter(from_role__in=roles.values()).values_list(
            "from_role_id", "to_role_id"
        )
    )
    new = [
        RoleTransition(from_role=roles[spec.from_role], to_role=roles[spec.to_role],
                       kind=spec.kind, typical_months=spec.typical_months)
        for spec in data.TRANSITIONS
        if (roles[spec.from_role].pk, roles[spec.to_role].pk) not in have
    ]  # fmt: skip
    RoleTransition.objects.bulk_create(new)
    created["role transitions"] += len(new)
