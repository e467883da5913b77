"""The career-path graph: shortest paths out of a role, and the next roles ranked for a person.

The graph used by most tests (typical months in brackets)::

    a ──promotion (12)──> b ──promotion (24)──> c ──promotion (12)──> f ──promotion (12)──> g
    a ──lateral (6)─────> d ──lateral (6)─────> c
                          d ──cross_family (18)> e ──lateral (6)──> b
    c ──promotion (12)──> a          (a cycle back to the start)

From a, within 3 steps: d (1 step, 6 months), b (1, 12), c (2, 12 via d: the two-step path
through b takes 36), e (2, 24), f (3, 24). g is 4 steps away; a itself is never "reached".
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.employees.gaps import role_fits_for_employee
from apps.employees.models import Employee, RatingSource
from apps.employees.services import rating_set
from apps.explore.paths import (
    HOW_RANKING_IS_COMPUTED,
    STEP_PENALTY,
    Reach,
    ranked_next_roles,
    ranked_roles_from,
    reachable_roles,
)
from apps.roles.models import Importance, JobFamily, Role, RoleRequirement, RoleTransition
from apps.skills.models import Skill
from tests.factories import (
    RoleFactory,
    RoleRequirementFactory,
    RoleTransitionFactory,
    SkillFactory,
    make_employee,
)

pytestmark = pytest.mark.django_db

PROMOTION, LATERAL, CROSS = "promotion", "lateral", "cross_family"


class Graph:
    def __init__(self) -> None:
        self.role = {name: RoleFactory(title=f"Role {name.upper()}") for name in "abcdefg"}
        for start, end, kind, months in (
            ("a", "b", PROMOTION, 12),
            ("b", "c", PROMOTION, 24),
            ("c", "f", PROMOTION, 12),
            ("f", "g", PROMOTION, 12),
            ("a", "d", LATERAL, 6),
            ("d", "c", LATERAL, 6),
            ("d", "e", CROSS, 18),
            ("e", "b", LATERAL, 6),
            ("c", "a", PROMOTION, 12),
        ):
            RoleTransitionFactory(
                from_role=self.role[start],
                to_role=self.role[end],
                kind=kind,
                typical_months=months,
            )

    def ids(self, names: str) -> tuple[int, ...]:
        return tuple(self.role[name].pk for name in names)

    def name_of(self, role_id: int) -> str:
        return next(name for name, role in self.role.items() if role.pk == role_id)


@pytest.fixture
def graph() -> Graph:
    return Graph()


def names(graph: Graph, reaches: list) -> list[str]:
    return [graph.name_of(item.role_id) for item in reaches]


# --- reachable_roles: shortest paths, no cycles, a step limit ---------------------------------


def test_it_finds_every_role_within_three_steps_nearest_first(graph: Graph) -> None:
    reaches = reachable_roles(graph.role["a"].pk)

    # steps, then months, then id: d (1, 6), b (1, 12), c (2, 12), e (2, 24), f (3, 24)
    assert names(graph, reaches) == ["d", "b", "c", "e", "f"]
    assert reaches[0] == Reach(graph.role["d"].pk, 1, (LATERAL,), 6, graph.ids("ad"))


def test_it_keeps_the_shortest_path_to_each_role(graph: Graph) -> None:
    by_name = {graph.name_of(r.role_id): r for r in reachable_roles(graph.role["a"].pk)}

    # c: a->d->c (6 + 6 = 12 months) beats a->b->c (12 + 24 = 36), both two steps.
    assert by_name["c"] == Reach(graph.role["c"].pk, 2, (LATERAL, LATERAL), 12, graph.ids("adc"))
    # b: one step direct, although a->d->e->b is also a path.
    assert by_name["b"].steps == 1
    assert by_name["b"].path == graph.ids("ab")
    assert by_name["e"] == Reach(graph.role["e"].pk, 2, (LATERAL, CROSS), 24, graph.ids("ade"))
    # f: three steps through the quicker c, 6 + 6 + 12 months.
    assert by_name["f"].path == graph.ids("adcf")
    assert (by_name["f"].steps, by_name["f"].months) == (3, 24)
    assert by_name["f"].previous_role_id == graph.role["c"].pk


def test_it_never_walks_a_cycle_back_to_the_start(graph: Graph) -> None:
    reached = {r.role_id for r in reachable_roles(graph.role["a"].pk, max_steps=6)}

    assert graph.role["a"].pk not in reached  # c -> a is a cycle
    assert reached == set(graph.ids("bcdefg"))


def test_it_stops_at_the_step_limit(graph: Graph) -> None:
    a = graph.role["a"].pk

    assert names(graph, reachable_roles(a, max_steps=1)) == ["d", "b"]
    assert names(graph, reachable_roles(a, max_steps=2)) == ["d", "b", "c", "e"]
    assert "g" not in names(graph, reachable_roles(a, max_steps=3))
    assert names(graph, reachable_roles(a, max_steps=4))[-1] == "g"  # 4 steps, 36 months
    assert reachable_roles(a, max_steps=0) == []


def test_a_role_with_no_transitions_leads_nowhere(graph: Graph) -> None:
    assert reachable_roles(graph.role["g"].pk) == []


# --- ranked_next_roles: readiness and path length ---------------------------------------------


def need(role: Role, skill: Skill, level: int, importance: str = Importance.ESSENTIAL) -> None:
    RoleRequirementFactory(
        role=role, skill=skill, required_level=level, importance=importance, weight=Decimal(1)
    )


def rate(employee: Employee, skill: Skill, level: int, source: str = RatingSource.SELF) -> None:
    rating_set(employee=employee, skill=skill, level=level, source=source, rated_by=None)


@pytest.fixture
def person(graph: Graph) -> Employee:
    """Someone in role a, with skills rated so each reachable role has a known readiness."""
    x, y, z = SkillFactory(name="X"), SkillFactory(name="Y"), SkillFactory(name="Z")
    need(graph.role["b"], x, 4)  # 100 x (2 x 3) / (2 x 4) = 75.0
    need(graph.role["d"], x, 2)  # (2 x 2 + 1 x 0) / (2 x 2 + 1 x 2) = 4 / 6 = 66.7
    need(graph.role["d"], y, 2, Importance.DESIRABLE)
    need(graph.role["c"], x, 3)  # 100.0
    need(graph.role["e"], z, 5)  # manager rating 5 beats the self rating 1: 100.0
    # f lists no skills: no readiness.
    employee = make_employee(current_role=graph.role["a"])
    rate(employee, x, 3)
    rate(employee, z, 1)
    rate(employee, z, 5, RatingSource.MANAGER)
    return employee


def test_it_ranks_by_readiness_less_ten_points_per_extra_step(
    graph: Graph, person: Employee
) -> None:
    ranked = ranked_next_roles(person)

    # c: 100 - 10 = 90 (12 months); e: 100 - 10 = 90 (24 months); b: 75; d: 66.7; f: no score.
    assert names(graph, ranked) == ["c", "e", "b", "d", "f"]
    assert [(r.readiness, r.score) for r in ranked] == [
        (100.0, 90.0),
        (100.0, 90.0),
        (75.0, 75.0),
        (66.7, 66.7),
        (None, None),
    ]
    assert [r.steps for r in ranked] == [2, 2, 1, 1, 3]
    assert STEP_PENALTY == 10
    assert "minus 10 points for every step beyond the first" in HOW_RANKING_IS_COMPUTED


def test_it_breaks_equal_scores_by_typical_months(graph: Graph, person: Employee) -> None:
    c, e = ranked_next_roles(person)[:2]

    assert c.score == e.score
    assert (graph.name_of(c.role_id), c.months) == ("c", 12)
    assert (graph.name_of(e.role_id), e.months) == ("e", 24)


def test_it_reports_the_same_figures_as_the_gap_engine(graph: Graph, person: Employee) -> None:
    ranked = {r.role_id: r for r in ranked_next_roles(person)}
    fits = role_fits_for_employee(person, Role.objects.filter(pk__in=ranked))

    for fit in fits:
        mine = ranked[fit.role_id]
        assert (mine.readiness, mine.requirement_count, mine.skills_met) == (
            fit.readiness,
            fit.requirement_count,
            fit.skills_met,
        )
        assert (mine.total_gap, mine.essential_gaps) == (fit.total_gap, fit.essential_gaps)
    assert ranked[graph.role["d"].pk].total_gap == 2  # Y: required 2, not rated


def test_it_ranks_from_any_role_and_respects_the_step_limit(graph: Graph, person: Employee) -> None:
    assert names(graph, ranked_roles_from(person, graph.role["d"].pk, max_steps=1)) == ["c", "e"]
    assert names(graph, ranked_next_roles(person, max_steps=1)) == ["b", "d"]


def test_someone_without_a_current_role_has_no_next_roles(django_assert_num_queries) -> None:
    nowhere = make_employee()
    with django_assert_num_queries(0):
        assert ranked_next_roles(nowhere) == []


# --- a fixed number of queries, whatever the size of the catalogue ----------------------------


def build_catalogue(size: int) -> Role:
    """``size`` roles in a tree where every role leads to the next three; returns the root."""
    family = JobFamily.objects.create(name=f"Family of {size}")
    roles = Role.objects.bulk_create(
        Role(title=f"Catalogue role {i}", family=family, level=1 + i % 12) for i in range(size)
    )
    skills = [SkillFactory() for _ in range(5)]
    RoleRequirement.objects.bulk_create(
        RoleRequirement(role=role, skill=skills[(i + k) % 5], required_level=3)
        for i, role in enumerate(roles)
        for k in range(2)
    )
    RoleTransition.objects.bulk_create(
        RoleTransition(from_role=roles[i], to_role=roles[j], kind=PROMOTION, typical_months=12)
        for i in range(size)
        for j in range(3 * i + 1, min(3 * i + 4, size))
    )
    return roles[0]


@pytest.mark.parametrize("size", [20, 400])
def test_the_ranking_is_one_query_whatever_the_catalogue_size(size: int) -> None:
    root = build_catalogue(size)
    employee = make_employee(current_role=root)
    rate(employee, Skill.objects.first(), 3)

    with CaptureQueriesContext(connection) as queries:
        ranked = ranked_next_roles(employee)

    assert len(queries) == 1
    # within three steps of the root: 3 + 9 + 27 roles when there are that many
    assert len(ranked) == min(size - 1, 3 + 9 + 27)
    with CaptureQueriesContext(connection) as queries:
        reachable_roles(root.pk)
    assert len(queries) == 1


def test_role_url_filter_is_the_reversed_url() -> None:
    """``{{ role|role_url }}`` (one reversal per URL configuration) writes what
    ``{% url 'explore:role' role.public_id %}`` does, under a script prefix too."""
    from uuid import uuid4

    from django.urls import reverse, set_script_prefix

    from apps.explore.templatetags.explore_urls import role_url

    roles = [Role(public_id=uuid4()) for _ in range(3)]
    try:
        for prefix in ("/", "/careermap/"):
            set_script_prefix(prefix)
            for role in roles:
                assert role_url(role) == reverse("explore:role", args=[role.public_id])
            assert role_url(roles[0]).startswith(prefix)
    finally:
        set_script_prefix("/")
