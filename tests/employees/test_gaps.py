"""The gap and readiness engine: person x role fit, computed in one SQL query per call.

Expected values are worked by hand in the comments: effective weight = weight x (2 if
essential else 1); readiness = 100 x sum(ew x min(current, required)) / sum(ew x required).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection

from apps.employees.gaps import (
    HOW_READINESS_IS_COMPUTED,
    PersonFit,
    RoleFit,
    explain,
    people_fits_for_role,
    rated_readiness,
    readiness_for,
    readiness_number,
    role_fits_for_employee,
    role_total_cte,
    skill_gaps,
    skill_gaps_for_roles,
    with_requirement,
)
from apps.employees.models import Employee, RatingSource
from apps.employees.services import rating_set
from apps.roles.models import Importance, Role
from apps.skills.models import Skill
from tests.factories import RoleFactory, RoleRequirementFactory, SkillFactory, make_employee

pytestmark = pytest.mark.django_db

ESSENTIAL, DESIRABLE = Importance.ESSENTIAL, Importance.DESIRABLE


def need(
    role: Role,
    *,
    level: int = 3,
    importance: str = ESSENTIAL,
    weight: str = "1",
    name: str | None = None,
) -> Skill:
    skill = SkillFactory(name=name) if name else SkillFactory()
    RoleRequirementFactory(
        role=role, skill=skill, required_level=level, importance=importance, weight=Decimal(weight)
    )
    return skill


def rate(
    employee: Employee, skill: Skill, *, own: int | None = None, manager: int | None = None
) -> None:
    if own is not None:
        rating_set(
            employee=employee, skill=skill, level=own, source=RatingSource.SELF, rated_by=None
        )
    if manager is not None:
        rating_set(
            employee=employee,
            skill=skill,
            level=manager,
            source=RatingSource.MANAGER,
            rated_by=None,
        )


def only_gap(employee: Employee, role: Role):
    (gap,) = skill_gaps(employee, role)
    return gap


# --- current level: manager rating, else self rating, else 0 -------------------------------


def test_it_counts_a_missing_rating_as_zero():
    person, role = make_employee(), RoleFactory()
    need(role, level=3)

    gap = only_gap(person, role)

    assert (gap.self_level, gap.manager_level) == (None, None)
    assert (gap.current_level, gap.gap) == (0, 3)
    assert readiness_for(person, role) == 0.0  # 100 x (2 x 0) / (2 x 3)


def test_it_lets_the_manager_rating_override_the_self_rating():
    person, role = make_employee(), RoleFactory()
    skill = need(role, level=5)
    rate(person, skill, own=2, manager=4)

    gap = only_gap(person, role)

    assert (gap.self_level, gap.manager_level, gap.current_level, gap.gap) == (2, 4, 4, 1)
    assert gap.uses_manager_rating
    assert readiness_for(person, role) == 80.0  # 100 x (2 x 4) / (2 x 5)


def test_it_lets_a_manager_rating_of_zero_override_a_higher_self_rating():
    person, role = make_employee(), RoleFactory()
    skill = need(role, level=3)
    rate(person, skill, own=3, manager=0)

    assert (only_gap(person, role).current_level, only_gap(person, role).gap) == (0, 3)
    assert readiness_for(person, role) == 0.0


def test_it_uses_the_self_rating_when_the_manager_has_not_rated():
    person, role = make_employee(), RoleFactory()
    skill = need(role, level=4)
    rate(person, skill, own=3)

    gap = only_gap(person, role)

    assert (gap.self_level, gap.manager_level, gap.current_level, gap.gap) == (3, None, 3, 1)
    assert not gap.uses_manager_rating
    assert readiness_for(person, role) == 75.0  # 100 x (2 x 3) / (2 x 4)


def test_it_ignores_other_peoples_ratings():
    person, colleague, role = make_employee(), make_employee(), RoleFactory()
    skill = need(role, level=3)
    rate(colleague, skill, own=5, manager=5)

    assert only_gap(person, role).current_level == 0
    assert readiness_for(person, role) == 0.0
    assert readiness_for(colleague, role) == 100.0


# --- readiness arithmetic -------------------------------------------------------------------


def test_it_caps_an_over_qualified_skill_at_the_required_level():
    person, role = make_employee(), RoleFactory()
    strong, weak = need(role, level=3), need(role, level=3)
    rate(person, strong, own=5)
    rate(person, weak, own=0)

    # 100 x (2 x min(5, 3) + 2 x 0) / (2 x 3 + 2 x 3) = 600 / 12 = 50.0 (uncapped: 83.3)
    assert readiness_for(person, role) == 50.0
    assert [g.gap for g in skill_gaps(person, role)] == [3, 0]


def test_it_weights_essential_skills_twice_as_much_as_desirable_ones():
    role = RoleFactory()
    essential = need(role, level=4, importance=ESSENTIAL)
    desirable = need(role, level=4, importance=DESIRABLE)
    has_essential, has_desirable = make_employee(), make_employee()
    rate(has_essential, essential, own=4)
    rate(has_desirable, desirable, own=4)

    # essential only: 100 x (2 x 4) / (2 x 4 + 1 x 4) = 800 / 12 = 66.67 -> 66.7
    assert readiness_for(has_essential, role) == 66.7
    # desirable only: 100 x (1 x 4) / 12 = 33.33 -> 33.3
    assert readiness_for(has_desirable, role) == 33.3
    assert {g.skill_id: g.effective_weight for g in skill_gaps(has_essential, role)} == {
        essential.pk: Decimal("2.00"),
        desirable.pk: Decimal("1.00"),
    }


def test_it_applies_custom_weights():
    person, role = make_employee(), RoleFactory()
    heavy = need(role, level=5, importance=ESSENTIAL, weight="3")  # ew 6
    light = need(role, level=2, importance=DESIRABLE, weight="0.5")  # ew 0.5
    rate(person, heavy, own=2)
    rate(person, light, own=2)

    # numerator 6 x 2 + 0.5 x 2 = 13; denominator 6 x 5 + 0.5 x 2 = 31; 1300 / 31 = 41.94 -> 41.9
    assert readiness_for(person, role) == 41.9
    assert explain(skill_gaps(person, role)) == {
        "numerator": Decimal("13"),
        "denominator": Decimal("31"),
        "readiness": 41.9,
    }


def test_it_rounds_halves_up_like_postgresql_in_sql_and_in_explain():
    person, role = make_employee(), RoleFactory()
    quarter = need(role, level=4, importance=DESIRABLE, weight="0.25")  # ew 0.25, possible 1
    need(role, level=4, importance=DESIRABLE, weight="0.75")  # ew 0.75, possible 3, unrated
    rate(person, quarter, own=1)

    # 100 x (0.25 x 1) / (1 + 3) = 6.25 exactly -> 6.3 (banker's rounding would give 6.2)
    assert readiness_for(person, role) == 6.3
    assert explain(skill_gaps(person, role))["readiness"] == 6.3


def test_a_role_with_no_requirements_has_no_readiness():
    person, role = make_employee(), RoleFactory()

    assert skill_gaps(person, role) == []
    assert readiness_for(person, role) is None
    assert role_fits_for_employee(person, Role.objects.filter(pk=role.pk)) == [
        RoleFit(role.pk, None, 0, 0, 0, 0)
    ]
    assert people_fits_for_role(role, Employee.objects.filter(pk=person.pk)) == [
        PersonFit(person.pk, None, 0, 0, 0, 0)
    ]
    assert explain([]) == {"numerator": 0, "denominator": 0, "readiness": None}


def test_explain_shows_the_same_figure_as_the_sql():
    person, role = make_employee(), RoleFactory()
    a = need(role, level=5, weight="1.5")  # ew 3
    b = need(role, level=3, importance=DESIRABLE, weight="2")  # ew 2
    need(role, level=2, importance=DESIRABLE)  # ew 1, unrated
    rate(person, a, own=4, manager=3)
    rate(person, b, own=5)

    working = explain(skill_gaps(person, role))

    # numerator 3 x 3 + 2 x 3 + 1 x 0 = 15; denominator 3 x 5 + 2 x 3 + 1 x 2 = 23
    # 1500 / 23 = 65.217 -> 65.2
    assert working == {"numerator": 15, "denominator": 23, "readiness": 65.2}
    assert readiness_for(person, role) == working["readiness"]
    assert "manager" in HOW_READINESS_IS_COMPUTED
    assert "essential" in HOW_READINESS_IS_COMPUTED


# --- skill_gaps rows ------------------------------------------------------------------------


def test_skill_gaps_are_ordered_essential_first_then_biggest_gap_then_name():
    person, role = make_employee(), RoleFactory()
    need(role, level=2, importance=DESIRABLE, name="Zeta desirable")  # gap 2
    need(role, level=5, importance=DESIRABLE, name="Alpha desirable")  # gap 5
    small = need(role, level=3, name="Beta essential")  # gap 3 - 2 = 1
    need(role, level=3, name="Delta essential")  # gap 3
    need(role, level=3, name="Charlie essential")  # gap 3
    rate(person, small, own=2)

    rows = skill_gaps(person, role)

    assert [(g.skill_name, g.gap) for g in rows] == [
        ("Charlie essential", 3),
        ("Delta essential", 3),
        ("Beta essential", 1),
        ("Alpha desirable", 5),
        ("Zeta desirable", 2),
    ]


def test_skill_gap_rows_carry_everything_a_page_shows():
    person, role = make_employee(), RoleFactory()
    skill = need(role, level=4, importance=DESIRABLE, weight="2.5", name="Negotiation")
    rate(person, skill, own=1, manager=2)

    gap = only_gap(person, role)

    assert gap.skill_id == skill.pk
    assert gap.skill_name == "Negotiation"
    assert (gap.required_level, gap.importance, gap.importance.label) == (4, DESIRABLE, "Desirable")
    assert (gap.weight, gap.effective_weight) == (Decimal("2.50"), Decimal("2.50"))
    assert (gap.self_level, gap.manager_level, gap.current_level, gap.gap) == (1, 2, 2, 2)
    assert not gap.is_essential
    assert not gap.is_met
    assert (gap.earned, gap.possible) == (Decimal("5"), Decimal("10"))  # 2.5 x 2, 2.5 x 4


def test_skill_gaps_is_one_query(django_assert_num_queries):
    person, role = make_employee(), RoleFactory()
    for level in (1, 2, 3, 4, 5):
        rate(person, need(role, level=level), own=3)

    with django_assert_num_queries(1):
        rows = skill_gaps(person, role)

    assert len(rows) == 5


def test_skill_gaps_for_two_roles_are_each_roles_own_in_one_query(django_assert_num_queries):
    person, current, target, empty = make_employee(), RoleFactory(), RoleFactory(), RoleFactory()
    shared = need(current, level=2, name="Shared")
    RoleRequirementFactory(role=target, skill=shared, required_level=4)
    need(current, level=3, importance=DESIRABLE, name="Only current")
    need(target, level=5, name="Only target")
    rate(person, shared, own=1, manager=3)

    with django_assert_num_queries(1):
        found = skill_gaps_for_roles(person, [current, target, empty])

    assert found == {
        current.pk: skill_gaps(person, current),
        target.pk: skill_gaps(person, target),
        empty.pk: [],
    }
    assert [g.skill_name for g in found[target.pk]] == ["Only target", "Shared"]


def test_skill_gaps_for_no_roles_run_no_query(django_assert_num_queries):
    person = make_employee()
    with django_assert_num_queries(0):
        assert skill_gaps_for_roles(person, []) == {}


# --- one person against many roles ----------------------------------------------------------


def test_role_fits_rank_roles_by_readiness_with_unscored_roles_last():
    person = make_employee()
    empty = RoleFactory(title="Empty role")
    half, full, none = (RoleFactory(title=t) for t in ("Half", "Full", "None"))
    python = SkillFactory()
    for role in (half, full, none):
        RoleRequirementFactory(role=role, skill=python, required_level=4)
    need(half, level=2)  # unrated
    need(none, level=1, importance=DESIRABLE)  # unrated
    RoleRequirementFactory(role=none, skill=SkillFactory(), required_level=5)  # unrated
    rate(person, python, own=2)
    roles = Role.objects.filter(pk__in=[empty.pk, half.pk, full.pk, none.pk])

    fits = role_fits_for_employee(person, roles)

    assert fits == [
        # 100 x (2 x 2) / (2 x 4) = 50.0; met 0; gaps 4 - 2 = 2, 2 essential short
        RoleFit(full.pk, 50.0, 1, 0, 2, 1),
        # 100 x (2 x 2 + 2 x 0) / (2 x 4 + 2 x 2) = 400 / 12 = 33.3; gaps 2 + 2
        RoleFit(half.pk, 33.3, 2, 0, 4, 2),
        # 100 x (2 x 2) / (2 x 4 + 1 x 1 + 2 x 5) = 400 / 19 = 21.05 -> 21.1; gaps 2 + 1 + 5
        # and only the two essential ones count as essential gaps
        RoleFit(none.pk, 21.1, 3, 0, 8, 2),
        RoleFit(empty.pk, None, 0, 0, 0, 0),
    ]


def test_role_fits_count_skills_met_and_essential_gaps():
    person, role = make_employee(), RoleFactory()
    met = need(role, level=3)
    over = need(role, level=2, importance=DESIRABLE)
    short = need(role, level=4)
    short_desirable = need(role, level=3, importance=DESIRABLE)
    rate(person, met, own=3)
    rate(person, over, own=5)
    rate(person, short, own=1)
    rate(person, short_desirable, manager=2)

    (fit,) = role_fits_for_employee(person, Role.objects.filter(pk=role.pk))

    # numerator 2x3 + 1x2 + 2x1 + 1x2 = 12; denominator 2x3 + 1x2 + 2x4 + 1x3 = 19
    # 1200 / 19 = 63.16 -> 63.2; gaps 0 + 0 + 3 + 1 = 4; met 2; essential gaps 1
    assert fit == RoleFit(role.pk, 63.2, 4, 2, 4, 1)


def test_role_fits_cover_every_role_when_none_are_given():
    person = make_employee()
    roles = [RoleFactory() for _ in range(3)]

    fits = role_fits_for_employee(person)

    assert {fit.role_id for fit in fits} == {role.pk for role in Role.objects.all()}
    assert {role.pk for role in roles} <= {fit.role_id for fit in fits}


def test_role_fits_for_an_empty_queryset_are_empty_without_a_query(django_assert_num_queries):
    person = make_employee()

    with django_assert_num_queries(0):
        assert role_fits_for_employee(person, Role.objects.none()) == []


@pytest.mark.parametrize("role_count", [3, 40])
def test_role_fits_is_one_query_whatever_the_number_of_roles(role_count, django_assert_num_queries):
    person = make_employee()
    skills = [SkillFactory() for _ in range(4)]
    for skill in skills[:2]:
        rate(person, skill, own=3)
    roles = [RoleFactory() for _ in range(role_count)]
    for i, role in enumerate(roles):
        for skill in skills[: 1 + i % 4]:
            RoleRequirementFactory(role=role, skill=skill, required_level=3)

    with django_assert_num_queries(1):
        fits = role_fits_for_employee(person, Role.objects.filter(pk__in=[r.pk for r in roles]))

    assert len(fits) == role_count
    # roles needing only the first skill or two (both rated 3) are fully met
    assert fits[0].readiness == 100.0


# --- many people against one role -----------------------------------------------------------


def test_people_fits_over_a_subtree_only_include_that_subtree(org):
    role = RoleFactory()
    skill = need(role, level=4)
    need(role, level=2, importance=DESIRABLE)  # nobody rated
    rate(org.employee, skill, own=4)
    rate(org.teammate, skill, own=5, manager=2)
    rate(org.other_employee, skill, own=4)  # outside the sub-tree: must not appear

    fits = people_fits_for_role(role, Employee.objects.in_subtree(org.manager))

    assert fits == [
        # denominator 2 x 4 + 1 x 2 = 10 for everyone
        PersonFit(org.employee.pk, 80.0, 2, 1, 2, 0),  # 100 x (2 x 4) / 10; gap 0 + 2
        PersonFit(org.teammate.pk, 40.0, 2, 0, 4, 1),  # manager's 2: 100 x (2 x 2) / 10
        PersonFit(org.manager.pk, 0.0, 2, 0, 6, 1),  # no ratings at all: gaps 4 + 2
    ]


def test_people_fits_use_each_persons_own_ratings():
    role = RoleFactory()
    skill = need(role, level=5)
    people = [make_employee(name=f"Person {level}") for level in range(6)]
    for level, person in enumerate(people):
        rate(person, skill, own=level)

    fits = people_fits_for_role(role, Employee.objects.filter(pk__in=[p.pk for p in people]))

    # 100 x (2 x level) / (2 x 5) = 20 x level, best first
    assert [(f.employee_id, f.readiness) for f in fits] == [
        (people[level].pk, 20.0 * level) for level in (5, 4, 3, 2, 1, 0)
    ]


def test_people_fits_for_an_empty_queryset_are_empty_without_a_query(django_assert_num_queries):
    role = RoleFactory()

    with django_assert_num_queries(0):
        assert people_fits_for_role(role, Employee.objects.none()) == []


@pytest.mark.parametrize("people_count", [3, 60])
def test_people_fits_is_one_query_whatever_the_number_of_people(
    people_count, django_assert_num_queries
):
    boss = make_employee()
    role = RoleFactory()
    skills = [need(role, level=3), need(role, level=4, importance=DESIRABLE)]
    people = [make_employee(manager=boss) for _ in range(people_count)]
    for i, person in enumerate(people[::2]):
        rate(person, skills[i % 2], own=3)
    make_employee()  # someone outside the sub-tree

    with django_assert_num_queries(1):
        fits = people_fits_for_role(role, Employee.objects.in_subtree(boss, include_root=False))

    assert len(fits) == people_count
    assert {fit.employee_id for fit in fits} == {person.pk for person in people}


def test_rated_readiness_over_existing_ratings_equals_readiness_over_every_requirement():
    """The block reports use to read only ratings that exist gives readiness() exactly."""
    role = RoleFactory()
    skills = [
        need(role, level=4, importance=ESSENTIAL),
        need(role, level=3, importance=DESIRABLE, weight="1.5"),
        need(role, level=2, importance=ESSENTIAL),
    ]
    people = [make_employee() for _ in range(4)]
    rate(people[0], skills[0], own=4)  # one of three rated
    rate(people[1], skills[0], own=5, manager=2)  # manager's rating wins
    rate(people[1], skills[1], own=3)
    for skill in skills:
        rate(people[2], skill, own=5)  # capped at each required level
    rate(people[3], SkillFactory(), own=5)  # a skill the role does not need: no group

    head, params = with_requirement()
    sql = (
        head
        + ", "
        + role_total_cte()
        + f"""
        SELECT r.employee_id, {rated_readiness("q", "r", "t")}
          FROM requirement q
          JOIN role_total t ON t.role_id = q.role_id
          JOIN employees_skillrating r ON r.skill_id = q.skill_id
         WHERE q.role_id = %s
         GROUP BY r.employee_id, t.weighted_required
        """
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, role.pk])
        rated = {pk: readiness_number(value) for pk, value in cursor.fetchall()}
    assert rated == {person.pk: readiness_for(person, role) for person in people[:3]}
    assert rated[people[2].pk] == 100.0
    assert readiness_for(people[3], role) == 0.0
