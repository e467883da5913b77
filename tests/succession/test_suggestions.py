"""Suggested successors: everyone ranked by readiness, potential, path and target, in one query.

The organisation below is built by hand so every score can be worked out on paper. The role
requires Analysis at 4 (essential, weight 1 -> effective 2) and Writing at 2 (desirable, weight
1 -> effective 1), so readiness = 100 x (2 x min(A, 4) + 1 x min(W, 2)) / (2 x 4 + 1 x 2).
"""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from apps.careermaps.models import CareerMap
from apps.employees.models import Employee, EmploymentStatus
from apps.roles.models import Importance, RoleTransition
from apps.succession.models import AuditLog, Readiness, SuccessorCandidate
from apps.succession.suggestions import initial_readiness, suggest_successors
from tests.conftest import Org, client_for
from tests.factories import RoleFactory, SkillFactory, make_employee
from tests.succession.builders import plan_for, rate, require, review, slate, talent

pytestmark = pytest.mark.django_db


def _step(from_role, to_role) -> None:
    RoleTransition.objects.create(from_role=from_role, to_role=to_role, kind="promotion")


@pytest.fixture
def world() -> dict:
    analysis, writing = SkillFactory(name="Analysis"), SkillFactory(name="Writing")
    key = RoleFactory(title="Head of Insight")
    require(key, analysis, 4)
    require(key, writing, 2, Importance.DESIRABLE)
    feeder, q2, q1, q0, elsewhere = (RoleFactory(title=t) for t in ("Lead", "Q2", "Q1", "Q0", "X"))
    _step(feeder, key)  # Lead -> key: 1 move
    _step(q2, feeder)
    _step(q1, q2)  # Q1 -> Q2 -> Lead -> key: 3 moves
    _step(q0, q1)  # Q0: 4 moves, too far

    def person(name: str, role, **fields) -> Employee:
        return make_employee(name=name, current_role=role, **fields)

    people = {
        "ana": person("Ana", elsewhere),
        "ben": person("Ben", feeder),
        "cai": person("Cai", elsewhere),
        "dee": person("Dee", q1),
        "eve": person("Eve", elsewhere, status=EmploymentStatus.LEFT),
        "fay": person("Fay", elsewhere),
        "gus": person("Gus", elsewhere),
        "hal": person("Hal", key),
        "ivy": person("Ivy", q0),
    }
    rate(people["ana"], analysis, manager=4, own=2)  # manager's rating counts: 4
    rate(people["ana"], writing, own=3)  # above the required 2: counts as 2
    rate(people["ben"], analysis, own=3)
    rate(people["ben"], writing, own=2)
    rate(people["cai"], analysis, own=2)
    rate(people["cai"], writing, own=1)
    for name in ("eve", "fay", "gus", "hal"):
        rate(people[name], analysis, own=5)
        rate(people[name], writing, own=5)
    old = review("2025 review", date(2025, 1, 1), date(2025, 2, 1))
    latest = review("2026 review", date(2026, 1, 1), date(2026, 2, 1))
    talent(people["ben"], latest, potential=3)
    talent(people["cai"], latest, potential=1, calibrated=2)  # calibration wins: moderate
    talent(people["dee"], old, potential=3)  # only in an older cycle: not counted
    CareerMap.objects.create(employee=people["cai"], target_role=key)
    plan = plan_for(key, incumbent=people["fay"])
    slate(plan, (people["gus"], Readiness.READY_NOW))
    return {"plan": plan, "people": people, "key": key}


def test_it_ranks_everyone_by_the_published_formula(world: dict) -> None:
    people = world["people"]
    found = suggest_successors(world["plan"])
    names = {p.pk: p.full_name for p in people.values()}
    ranked = [(names[s.employee_id], s.score) for s in found]
    # Ben: 100 x (2x3 + 2)/10 = 80, + 10 x (3-1) = 20, + 10 on path = 110.
    # Ana: 100 x (2x4 + 2)/10 = 100; not rated, not on a path, no map = 100.
    # Cai: 100 x (2x2 + 1)/10 = 50, + 10 x (2-1) = 10, + 10 target = 70.
    # Dee: no ratings = 0, + 10 on path (3 moves); the old cycle's potential does not count.
    # Ivy: 4 moves away, nothing else: 0.
    assert ranked == [("Ben", 110.0), ("Ana", 100.0), ("Cai", 70.0), ("Dee", 10.0), ("Ivy", 0.0)]


def test_it_shows_the_evidence_behind_each_score(world: dict) -> None:
    ben, ana, cai, dee, _ivy = suggest_successors(world["plan"])
    assert (ben.readiness, ben.potential, ben.path_steps, ben.targets_role) == (80.0, 3, 1, False)
    assert (ben.readiness_points, ben.potential_points, ben.path_points) == (80.0, 20, 10)
    assert (ana.skills_met, ana.requirement_count, ana.essential_gaps) == (2, 2, 0)
    assert (cai.potential, cai.target_points, cai.essential_gaps, cai.total_gap) == (2, 10, 1, 3)
    assert (dee.path_steps, dee.potential) == (3, None)


def test_it_leaves_out_leavers_the_incumbent_holders_and_the_slate(world: dict) -> None:
    ids = {s.employee_id for s in suggest_successors(world["plan"])}
    for name in ("eve", "fay", "gus", "hal"):
        assert world["people"][name].pk not in ids


def test_it_leaves_out_the_viewer_and_keeps_to_the_limit(world: dict) -> None:
    ben = world["people"]["ben"]
    found = suggest_successors(world["plan"], exclude_ids=(ben.pk,), limit=2)
    assert [s.employee_id for s in found] == [world["people"]["ana"].pk, world["people"]["cai"].pk]


def test_it_is_one_query_whatever_the_size(world: dict, django_assert_num_queries) -> None:
    with django_assert_num_queries(1):
        suggest_successors(world["plan"])
    for n in range(30):
        make_employee(name=f"Extra {n}")
    with django_assert_num_queries(1):
        assert len(suggest_successors(world["plan"])) == 25


def test_unrated_people_whose_role_scores_enough_still_outrank_the_rated(world: dict) -> None:
    # Only the people who can rank are scored: the rated, those with potential or target
    # points, and the roles whose step and path points reach the last place. Here 30 people
    # rated low sit six levels below the role (20 readiness - 20 step = 0), and three
    # unrated people hold a role one level below it on its path (15 + 10 = 25): they lead.
    key, analysis = world["key"], world["key"].requirements.get(required_level=4).skill
    key.level = 8
    key.save(update_fields=["level"])
    near, far = RoleFactory(title="Near", level=7), RoleFactory(title="Far", level=2)
    _step(near, key)
    low = [make_employee(name=f"Low {n:02}", current_role=far) for n in range(30)]
    for person in low:
        rate(person, analysis, own=1)
    near_ones = [make_employee(name=f"Near {n}", current_role=near) for n in range(3)]
    found = suggest_successors(world["plan"], limit=10)
    names = {p.pk: p.full_name for p in [*world["people"].values(), *low, *near_ones]}
    # Ben 80 + 20 + 10 - 20, Ana 100 - 20, Cai 50 + 10 + 10 - 20 (all six levels below now).
    assert [(names[s.employee_id], s.score) for s in found] == [
        ("Ben", 90.0),
        ("Ana", 80.0),
        ("Cai", 50.0),
        *((f"Near {n}", 25.0) for n in range(3)),
        *((f"Low {n:02}", 0.0) for n in range(4)),
    ]
    assert {(s.readiness, s.path_steps, s.step_points) for s in found[3:6]} == {(0.0, 1, 15)}


def test_a_nomination_starts_from_skill_readiness() -> None:
    assert initial_readiness(95.0) == Readiness.READY_NOW
    assert initial_readiness(90.0) == Readiness.READY_NOW
    assert initial_readiness(89.9) == Readiness.ONE_TWO_YEARS
    assert initial_readiness(70.0) == Readiness.ONE_TWO_YEARS
    assert initial_readiness(69.9) == Readiness.THREE_FIVE_YEARS
    assert initial_readiness(None) == Readiness.THREE_FIVE_YEARS


def test_hr_sees_the_formula_and_nominates_with_one_click(org: Org, world: dict) -> None:
    plan, ben = world["plan"], world["people"]["ben"]
    client = client_for(org.hr_user)
    page = client.get(reverse("succession:plan-suggestions", args=[plan.public_id]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "score</strong> = readiness + 10 \u00d7 (potential \u2212 1)" in html
    assert "= 80.0 + 20 + 10 + 0" in html  # Ben's arithmetic, term by term
    response = client.post(
        reverse("succession:plan-nominate", args=[plan.public_id]),
        {"employee": str(ben.public_id), "readiness": "1-2"},
    )
    assert response.status_code == 302
    candidate = SuccessorCandidate.objects.get(plan=plan, employee=ben)
    assert (candidate.rank, candidate.readiness) == (2, Readiness.ONE_TWO_YEARS)
    assert AuditLog.objects.filter(action="create", object_id=str(candidate.public_id)).exists()
    again = client.get(reverse("succession:plan-suggestions", args=[plan.public_id]))
    assert f"suggestion-{ben.public_id}" not in again.content.decode()


def test_the_suggestions_page_runs_the_same_queries_at_any_size(org: Org, world: dict) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(org.hr_user)
    url = reverse("succession:plan-suggestions", args=[world["plan"].public_id])
    client.get(url)  # warm the session and the HR check
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for n in range(40):
        make_employee(name=f"Extra {n}", current_role=world["key"] if n % 7 == 0 else None)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(small) == len(large)


@pytest.fixture
def ladder() -> dict:
    """Five people with the same skills, at different levels, for a level-5 role."""
    skill = SkillFactory(name="Planning")
    key = RoleFactory(title="Head of Service", level=5)
    require(key, skill, 3)
    levels = {"ceo": 8, "peer": 5, "next": 4, "two_below": 3, "junior": 1}
    people = {
        name: make_employee(name=name.title(), current_role=RoleFactory(level=level))
        for name, level in levels.items()
    }
    people["none"] = make_employee(name="None", current_role=None)
    for person in people.values():
        rate(person, skill, own=3)  # everyone fully ready: 100
    return {"plan": plan_for(key), "people": people}


def test_the_step_in_role_levels_ranks_people_above_or_far_below_the_role_lower(
    ladder: dict,
) -> None:
    names = {p.pk: p.full_name for p in ladder["people"].values()}
    found = suggest_successors(ladder["plan"])
    ranked = [(names[s.employee_id], s.levels_up, s.step_points, s.score) for s in found]
    # One or two levels up: +15. Same level or no role: 0. Four levels up: 5 x (4 - 2) off.
    # Three levels above the role (the CEO for a head-of role): 20 x 3 off.
    assert ranked == [
        ("Next", 1, 15, 115.0),
        ("Two_Below", 2, 15, 115.0),
        ("None", None, 0, 100.0),
        ("Peer", 0, 0, 100.0),
        ("Junior", 4, -10, 90.0),
        ("Ceo", -3, -60, 40.0),
    ]


def test_the_page_shows_the_step_and_its_points(org: Org, ladder: dict) -> None:
    client = client_for(org.hr_user)
    page = client.get(reverse("succession:plan-suggestions", args=[ladder["plan"].public_id]))
    html = page.content.decode()
    assert "+ 15 if the role is one or 2 levels above theirs" in html
    ceo = ladder["people"]["ceo"]
    row = html[html.index(f"suggestion-{ceo.public_id}") :]
    row = row[: row.index("</tr>")]
    assert "3 levels above the role" in row
    assert "(\u221260)" in row
    assert "= 100.0 + 0 + 0 + 0 \u2212 60" in row
