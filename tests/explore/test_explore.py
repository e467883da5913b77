"""Explore roles: the catalogue, a role's page, setting a target, the career-path map and
comparing roles.

The catalogue used here (typical months in brackets)::

    Representative ──promotion (18)──> Senior Rep ──promotion (24)──> Team Lead
         │                                                              │ promotion (36)
         └──cross_family (12)──> Product Support Specialist           Head of Support
                                                                        │ promotion (36)
                                                                      Chief (4 moves away)

The employee holds Representative and is rated: Communication self 3, manager 4 (counts 4);
CRM self 2; Troubleshooting self 1. Readiness (essential skills weigh 2, desirable 1):

    Representative  Communication 3 ess.                 2x3 / 2x3               = 100.0
    Senior Rep      Communication 4 ess., CRM 3 des.     (2x4 + 1x2) / (2x4 + 1x3) = 10/11 = 90.9
    Product Support Communication 3 ess., Troubl. 4 ess. (2x3 + 2x1) / (2x3 + 2x4) = 8/14 = 57.1
    Team Lead       Coaching 3 ess.                      0 / 6                   = 0.0
    Head, Chief     no skills listed                     no readiness
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.careermaps.models import CareerMap
from apps.careermaps.services.maps import map_create
from apps.employees.models import Employee, RatingSource
from apps.employees.services import rating_set
from apps.explore.graph import COLUMN_GAP, MARGIN, NODE_WIDTH
from apps.roles.models import Importance, JobFamily, Role, RoleRequirement, RoleTransition, Track
from apps.skills.models import Skill
from tests.conftest import Org, client_for
from tests.factories import (
    JobFamilyFactory,
    RoleFactory,
    RoleRequirementFactory,
    RoleTransitionFactory,
    SkillFactory,
)

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@dataclass
class World:
    rep: Role
    senior: Role
    pss: Role
    lead: Role
    head: Role
    chief: Role
    communication: Skill
    crm: Skill
    troubleshooting: Skill


@pytest.fixture
def world(org: Org) -> World:
    support = JobFamilyFactory(name="Customer Support")
    product = JobFamilyFactory(name="Product & Engineering")
    manager = Track.MANAGER
    rep = RoleFactory(
        title="Representative",
        family=support,
        level=1,
        summary="Answers customers.",
        responsibilities="Handle inquiries\nKeep records",
    )
    senior = RoleFactory(title="Senior Rep", family=support, level=2)
    pss = RoleFactory(
        title="Product Support Specialist",
        family=product,
        level=2,
        summary="Supports the product.",
        responsibilities="- Troubleshoot product issues\n- Write knowledge articles",
    )
    lead = RoleFactory(title="Team Lead", family=support, level=3, track=manager)
    head = RoleFactory(title="Head of Support", family=support, level=5, track=manager)
    chief = RoleFactory(title="Chief", family=support, level=8, track=manager)
    communication, crm = SkillFactory(name="Communication"), SkillFactory(name="CRM")
    troubleshooting, coaching = SkillFactory(name="Troubleshooting"), SkillFactory(name="Coaching")
    for role, skill, level, importance in (
        (rep, communication, 3, Importance.ESSENTIAL),
        (senior, communication, 4, Importance.ESSENTIAL),
        (senior, crm, 3, Importance.DESIRABLE),
        (pss, communication, 3, Importance.ESSENTIAL),
        (pss, troubleshooting, 4, Importance.ESSENTIAL),
        (lead, coaching, 3, Importance.ESSENTIAL),
    ):
        RoleRequirementFactory(role=role, skill=skill, required_level=level, importance=importance)
    for start, end, kind, months in (
        (rep, senior, "promotion", 18),
        (senior, lead, "promotion", 24),
        (rep, pss, "cross_family", 12),
        (lead, head, "promotion", 36),
        (head, chief, "promotion", 36),
    ):
        RoleTransitionFactory(from_role=start, to_role=end, kind=kind, typical_months=months)
    Employee.objects.filter(pk=org.employee.pk).update(current_role=rep)
    me = org.employee
    for skill, source, level in (
        (communication, RatingSource.SELF, 3),
        (communication, RatingSource.MANAGER, 4),
        (crm, RatingSource.SELF, 2),
        (troubleshooting, RatingSource.SELF, 1),
    ):
        rating_set(employee=me, skill=skill, level=level, source=source, rated_by=None)
    return World(rep, senior, pss, lead, head, chief, communication, crm, troubleshooting)


def employee_client(org: Org) -> Client:
    return client_for(org.employee.user)


def hr_client(org: Org) -> Client:
    """HR with no employee record of their own."""
    return client_for(org.hr_user)


def queries_for(client: Client, url: str, **params: Any) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured)


def grow_catalogue(to: int, hub: Role) -> None:
    """Bulk-add roles until there are ``to``: each needs two skills, the hub leads to every
    new role and each new role to the next, so the paths page has plenty to draw.
    """
    family = JobFamily.objects.create(name=f"Filler {to}")
    skills = list(Skill.objects.all()[:2])
    roles = Role.objects.bulk_create(
        Role(title=f"Filler role {to}-{i}", family=family, level=1 + i % 12)
        for i in range(to - Role.objects.count())
    )
    RoleRequirement.objects.bulk_create(
        RoleRequirement(role=role, skill=skill, required_level=2)
        for role in roles
        for skill in skills
    )
    RoleTransition.objects.bulk_create(
        [RoleTransition(from_role=hub, to_role=role, kind="lateral") for role in roles]
        + [
            RoleTransition(from_role=a, to_role=b, kind="promotion")
            for a, b in itertools.pairwise(roles)
        ]
    )


# --- the catalogue ----------------------------------------------------------------------------


def test_the_catalogue_lists_roles_with_my_readiness(org: Org, world: World) -> None:
    response = employee_client(org).get(reverse("explore:catalogue"))

    rows = {row.role.title: row for row in response.context["rows"]}
    assert set(rows) == {
        "Representative",
        "Senior Rep",
        "Product Support Specialist",
        "Team Lead",
        "Head of Support",
        "Chief",
    }
    assert {title: row.fit.readiness for title, row in rows.items()} == {
        "Representative": 100.0,
        "Senior Rep": 90.9,
        "Product Support Specialist": 57.1,
        "Team Lead": 0.0,
        "Head of Support": None,
        "Chief": None,
    }
    html = response.content.decode()
    assert "Customer Support" in html
    assert "People manager" in html
    assert "91%" in html
    assert "1 of 2 skills met" in html


def test_the_catalogue_orders_by_my_readiness_on_request(org: Org, world: World) -> None:
    response = employee_client(org).get(reverse("explore:catalogue"), {"sort": "readiness"})

    titles = [row.role.title for row in response.context["rows"]]
    # best first; roles without readiness last, by title
    assert titles == [
        "Representative",
        "Senior Rep",
        "Product Support Specialist",
        "Team Lead",
        "Chief",
        "Head of Support",
    ]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "senior"}, {"Senior Rep"}),  # title
        ({"q": "product &"}, {"Product Support Specialist"}),  # family
        ({"q": "troublesh"}, {"Product Support Specialist"}),  # skill name
        ({"q": "communication"}, {"Representative", "Senior Rep", "Product Support Specialist"}),
        ({"level": "2"}, {"Senior Rep", "Product Support Specialist"}),
        ({"track": "manager", "level": "3"}, {"Team Lead"}),
    ],
)
def test_the_catalogue_searches_and_filters(
    org: Org, world: World, params: dict[str, str], expected: set[str]
) -> None:
    response = employee_client(org).get(reverse("explore:catalogue"), params)

    assert {row.role.title for row in response.context["rows"]} == expected


def test_the_catalogue_filters_by_family(org: Org, world: World) -> None:
    family = world.pss.family
    response = employee_client(org).get(reverse("explore:catalogue"), {"family": family.pk})

    assert [row.role.title for row in response.context["rows"]] == ["Product Support Specialist"]


def test_htmx_gets_only_the_results_with_real_links(org: Org, world: World) -> None:
    response = employee_client(org).get(reverse("explore:catalogue"), {"q": "rep"}, headers=HTMX)

    html = response.content.decode()
    assert "<html" not in html
    assert "<form" not in html
    assert f'href="{reverse("explore:role", args=[world.senior.public_id])}"' in html
    page = employee_client(org).get(reverse("explore:catalogue"))
    assert 'hx-get="/explore/"' in page.content.decode()
    assert 'action="/explore/"' in page.content.decode()


def test_the_catalogue_pages_keep_the_filters(org: Org, world: World) -> None:
    grow_catalogue(30, world.rep)

    response = employee_client(org).get(reverse("explore:catalogue"), {"q": "filler", "page": 2})

    assert response.context["page"].number == 2
    assert len(response.context["rows"]) == 4  # 24 fillers, 20 a page
    assert "q=filler&amp;page=1" in response.content.decode()


def test_a_bad_filter_is_explained_beside_the_field(org: Org, world: World) -> None:
    response = employee_client(org).get(reverse("explore:catalogue"), {"level": "99"})

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert len(response.context["rows"]) == 6  # unfiltered


def test_hr_without_a_record_explores_without_personal_readiness(org: Org, world: World) -> None:
    response = hr_client(org).get(reverse("explore:catalogue"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "My readiness" not in html
    assert "sort" not in response.context["form"].fields
    assert all(row.fit is None for row in response.context["rows"])


def test_the_catalogue_takes_the_same_queries_for_20_and_400_roles(org: Org, world: World) -> None:
    client, url = employee_client(org), reverse("explore:catalogue")
    grow_catalogue(20, world.rep)
    small = [queries_for(client, url), queries_for(client, url, sort="readiness", q="e")]
    grow_catalogue(400, world.rep)
    large = [queries_for(client, url), queries_for(client, url, sort="readiness", q="e")]

    assert small == large
    assert queries_for(hr_client(org), url) <= small[0]


# --- a role's page ----------------------------------------------------------------------------


def test_a_role_page_shows_requirements_and_my_gap(org: Org, world: World) -> None:
    response = employee_client(org).get(reverse("explore:role", args=[world.pss.public_id]))

    html = response.content.decode()
    assert "Supports the product." in html
    assert "<li>Troubleshoot product issues</li>" in html
    needs = {need.skill_name: need for need in response.context["needs"]}
    assert needs["Troubleshooting"].required_label == "4 · Advanced"
    assert (needs["Troubleshooting"].gap.current_level, needs["Troubleshooting"].gap.gap) == (1, 3)
    assert (needs["Communication"].gap.current_level, needs["Communication"].gap.gap) == (4, 0)
    assert "manager 4, self 3" in html
    # (2 x 3 + 2 x 1) / (2 x 3 + 2 x 4) = 8 / 14
    assert "How this is computed" in html
    assert "8.00 ÷ 14.00 = 57.1%" in html
    assert response.context["skills_met"] == 1


def test_a_role_page_shows_the_paths_into_and_out_of_it(org: Org, world: World) -> None:
    response = employee_client(org).get(reverse("explore:role", args=[world.senior.public_id]))

    assert [(r.title, m.kind, m.typical_months) for r, m in response.context["paths_in"]] == [
        ("Representative", "promotion", 18)
    ]
    assert [(r.title, m.kind) for r, m in response.context["paths_out"]] == [
        ("Team Lead", "promotion")
    ]
    assert "typically 24 months" in response.content.decode()


def _holders_seen_by(client: Client, role: Role) -> list[str]:
    response = client.get(reverse("explore:role", args=[role.public_id]))
    return [person.full_name for person in response.context["holders"]]


def test_holders_are_shown_only_as_access_allows(org: Org, world: World) -> None:
    holders = [org.employee, org.teammate, org.other_employee]
    Employee.objects.filter(pk__in=[p.pk for p in holders]).update(current_role=world.rep)

    assert _holders_seen_by(employee_client(org), world.rep) == ["Employee"]
    assert _holders_seen_by(client_for(org.manager.user), world.rep) == ["Employee", "Teammate"]
    assert _holders_seen_by(client_for(org.other_employee.user), world.rep) == ["Other Employee"]
    assert _holders_seen_by(hr_client(org), world.rep) == ["Employee", "Other Employee", "Teammate"]
    page = employee_client(org).get(reverse("explore:role", args=[world.rep.public_id]))
    assert "Teammate" not in page.content.decode()
    assert "Other Employee" not in page.content.decode()


def test_hr_without_a_record_sees_requirements_but_no_gap(org: Org, world: World) -> None:
    response = hr_client(org).get(reverse("explore:role", args=[world.senior.public_id]))

    html = response.content.decode()
    assert "My readiness" not in html
    assert "Set as my target" not in html
    assert [(n.skill_name, n.required_level, n.importance) for n in response.context["needs"]] == [
        ("Communication", 4, "essential"),
        ("CRM", 3, "desirable"),
    ]


def test_an_unknown_role_is_not_found(org: Org, world: World) -> None:
    url = reverse("explore:role", args=["00000000-0000-0000-0000-000000000000"])
    assert employee_client(org).get(url).status_code == 404


def test_a_role_page_takes_the_same_queries_for_few_and_many_holders(
    org: Org, world: World
) -> None:
    from tests.factories import make_employee

    client, url = hr_client(org), reverse("explore:role", args=[world.rep.public_id])
    for _ in range(5):
        make_employee(current_role=world.rep)
    few = queries_for(client, url)
    for _ in range(45):
        make_employee(current_role=world.rep)
    assert queries_for(client, url) == few


# --- set as my target -------------------------------------------------------------------------


def test_setting_a_target_starts_my_map_and_shows_the_gap(org: Org, world: World) -> None:
    client = employee_client(org)
    response = client.post(reverse("explore:target", args=[world.pss.public_id]))

    career_map = CareerMap.objects.get(employee=org.employee)
    assert career_map.target_role == world.pss
    assert response["Location"] == (
        reverse("careermaps:overview", args=[career_map.public_id]) + "#target"
    )
    overview = client.get(response["Location"]).content.decode()
    assert "Product Support Specialist is now your target role" in overview
    assert "Troubleshooting" in overview  # the gap table


def test_setting_a_target_updates_my_existing_map(org: Org, world: World) -> None:
    career_map = map_create(employee=org.employee)

    employee_client(org).post(reverse("explore:target", args=[world.senior.public_id]))

    career_map.refresh_from_db()
    assert career_map.target_role == world.senior
    assert CareerMap.objects.count() == 1


def test_my_current_role_cannot_be_my_target_and_no_map_is_left_behind(
    org: Org, world: World
) -> None:
    client = employee_client(org)
    response = client.post(reverse("explore:target", args=[world.rep.public_id]), follow=True)

    assert "That is your current role" in response.content.decode()
    assert not CareerMap.objects.exists()  # the map started for it was rolled back
    htmx = client.post(reverse("explore:target", args=[world.rep.public_id]), headers=HTMX)
    assert 'role="alert"' in htmx.content.decode()


def test_htmx_swaps_in_a_confirmation(org: Org, world: World) -> None:
    response = employee_client(org).post(
        reverse("explore:target", args=[world.lead.public_id]), headers=HTMX
    )

    html = response.content.decode()
    career_map = CareerMap.objects.get(employee=org.employee)
    assert "<html" not in html
    assert "Team Lead is now your target" in html
    assert reverse("careermaps:overview", args=[career_map.public_id]) in html


def test_a_new_target_gives_the_old_one_its_button_back_and_the_map_refetches(
    org: Org, world: World
) -> None:
    """Issue 15: nothing on the paths page keeps marking the previous target."""
    career_map = map_create(employee=org.employee)
    CareerMap.objects.filter(pk=career_map.pk).update(target_role=world.pss)
    client = employee_client(org)
    page = client.get(reverse("explore:paths")).content.decode()
    old_slot = f'id="target-{world.pss.public_id}"'
    assert page.split(old_slot)[1].split("</div>")[0].count("Your target") == 1
    assert 'hx-trigger="target-changed from:body"' in page

    response = client.post(reverse("explore:target", args=[world.senior.public_id]), headers=HTMX)
    html = response.content.decode()
    assert response["HX-Trigger"] == "target-changed"
    assert "Senior Rep is now your target" in html
    back = html.split(f'{old_slot} hx-swap-oob="true"')[1].split("</div>")[0]
    assert "Set as my target" in back
    assert reverse("explore:target", args=[world.pss.public_id]) in back

    refetched = client.get(reverse("explore:paths"), {"part": "map"}, headers=HTMX)
    fragment = refetched.content.decode()
    assert fragment.lstrip().startswith("<section")
    assert 'id="path-map-card"' in fragment
    assert "Best-fit next roles" not in fragment
    targets = [n.role.title for n in refetched.context["path_map"].nodes if n.is_target]
    assert targets == ["Senior Rep"]
    again = client.post(reverse("explore:target", args=[world.senior.public_id]), headers=HTMX)
    assert "hx-swap-oob" not in again.content.decode()  # the same target: nothing to give back


def test_setting_a_target_is_post_only(org: Org, world: World) -> None:
    url = reverse("explore:target", args=[world.lead.public_id])
    assert employee_client(org).get(url).status_code == 405
    unknown = reverse("explore:target", args=["00000000-0000-0000-0000-000000000000"])
    assert employee_client(org).post(unknown).status_code == 404


# --- where can I go from here -----------------------------------------------------------------


def test_the_paths_page_ranks_my_next_roles_and_shows_the_formula(org: Org, world: World) -> None:
    response = employee_client(org).get(reverse("explore:paths"))

    best = response.context["best"]
    # Senior Rep 90.9 (1 step), PSS 57.1 (1 step), Team Lead 0 - 10 = -10 (2 steps);
    # Head of Support (3 steps) has no skills listed, so no score.
    assert [(d.role.title, d.readiness, d.score) for d in best] == [
        ("Senior Rep", 90.9, 90.9),
        ("Product Support Specialist", 57.1, 57.1),
        ("Team Lead", 0.0, -10.0),
    ]
    html = response.content.decode()
    assert "score = readiness − 10 × (steps − 1)" in html  # noqa: RUF001
    assert "Readiness 0.0% − 10 × (2 − 1) = <strong>score -10.0</strong>" in html  # noqa: RUF001
    assert html.count("Set as my target") == 3


def test_the_map_draws_roles_within_three_steps_in_columns(org: Org, world: World) -> None:
    response = employee_client(org).get(reverse("explore:paths"))

    path_map = response.context["path_map"]
    columns = {node.role.title: node.x for node in path_map.nodes}
    step = NODE_WIDTH + COLUMN_GAP
    assert columns == {
        "Representative": MARGIN,
        "Senior Rep": MARGIN + step,
        "Product Support Specialist": MARGIN + step,
        "Team Lead": MARGIN + 2 * step,
        "Head of Support": MARGIN + 3 * step,  # Chief is a fourth move: not drawn
    }
    assert [(e.kind, e.label.split(":")[0]) for e in path_map.edges] == [
        ("promotion", "Representative to Senior Rep"),
        ("promotion", "Senior Rep to Team Lead"),
        ("cross_family", "Representative to Product Support Specialist"),
        ("promotion", "Team Lead to Head of Support"),
    ]
    html = response.content.decode()
    assert "path-node--start" in html
    assert "You are here" in html
    assert "91% ready · 1 step" in html
    assert 'class="path-edge path-edge--cross_family"' in html
    assert f'href="{reverse("explore:role", args=[world.lead.public_id])}"' in html
    assert "Chief" not in html


def test_the_map_is_laid_out_deterministically(org: Org, world: World) -> None:
    client = employee_client(org)
    first = client.get(reverse("explore:paths")).context["path_map"]
    second = client.get(reverse("explore:paths")).context["path_map"]

    assert [(n.role.pk, n.x, n.y) for n in first.nodes] == [
        (n.role.pk, n.x, n.y) for n in second.nodes
    ]
    # one column of two under a start column of one: the start is centred between them
    by_title = {node.role.title: node for node in first.nodes}
    # in a column, roles sit under the role they come from, then by title
    assert by_title["Product Support Specialist"].y < by_title["Representative"].y
    assert by_title["Representative"].y < by_title["Senior Rep"].y


def test_the_table_lists_the_same_roles_with_their_shortest_paths(org: Org, world: World) -> None:
    response = employee_client(org).get(reverse("explore:paths"))

    table = [
        (d.role.title, d.reach.steps, d.reach.months, [h.role.title for h in d.hops])
        for d in response.context["table"]
    ]
    assert table == [
        ("Product Support Specialist", 1, 12, ["Product Support Specialist"]),
        ("Senior Rep", 1, 18, ["Senior Rep"]),
        ("Team Lead", 2, 42, ["Senior Rep", "Team Lead"]),
        ("Head of Support", 3, 78, ["Senior Rep", "Team Lead", "Head of Support"]),
    ]
    assert "Cross-family move" in response.content.decode()


def test_my_target_is_marked_on_the_map(org: Org, world: World) -> None:
    career_map = map_create(employee=org.employee)
    CareerMap.objects.filter(pk=career_map.pk).update(target_role=world.pss)

    response = employee_client(org).get(reverse("explore:paths"))

    targets = [n.role.title for n in response.context["path_map"].nodes if n.is_target]
    assert targets == ["Product Support Specialist"]
    assert "★ Target · 57% ready" in response.content.decode()


def test_the_paths_from_another_role(org: Org, world: World) -> None:
    client = employee_client(org)
    response = client.get(reverse("explore:paths"), {"from": world.senior.public_id})

    assert [d.role.title for d in response.context["table"]] == [
        "Team Lead",
        "Head of Support",
        "Chief",
    ]
    assert not response.context["is_mine"]
    assert client.get(reverse("explore:paths"), {"from": "nope"}).status_code == 404
    unknown = "00000000-0000-0000-0000-000000000000"
    assert client.get(reverse("explore:paths"), {"from": unknown}).status_code == 404


def test_without_a_current_role_there_is_nowhere_to_start(org: Org, world: World) -> None:
    response = client_for(org.teammate.user).get(reverse("explore:paths"))

    assert response.status_code == 200
    assert "No current role recorded" in response.content.decode()
    assert hr_client(org).get(reverse("explore:paths")).status_code == 200


def test_hr_sees_paths_without_readiness(org: Org, world: World) -> None:
    response = hr_client(org).get(reverse("explore:paths"), {"from": world.rep.public_id})

    html = response.content.decode()
    assert [d.role.title for d in response.context["table"]] == [
        "Product Support Specialist",
        "Senior Rep",
        "Team Lead",
        "Head of Support",
    ]
    assert "Best-fit next roles" not in html
    assert "% ready" not in html


def test_the_paths_page_takes_the_same_queries_for_20_and_400_roles(org: Org, world: World) -> None:
    client, url = employee_client(org), reverse("explore:paths")
    grow_catalogue(20, world.rep)
    small = queries_for(client, url)
    grow_catalogue(400, world.rep)
    large_response = client.get(url)
    large = queries_for(client, url)

    assert small == large
    # 394 new roles one move away: the map draws the best 8 per column, the table has all.
    path_map = large_response.context["path_map"]
    assert max(sum(1 for n in path_map.nodes if n.steps == s) for s in (1, 2, 3)) == 8
    assert path_map.hidden > 0
    assert len(large_response.context["table"]) == 400 - 2  # all but the start and Chief


# --- compare two roles ------------------------------------------------------------------------


def test_compare_shows_both_requirements_and_my_gaps_side_by_side(org: Org, world: World) -> None:
    response = employee_client(org).get(
        reverse("explore:compare"), {"a": world.senior.public_id, "b": world.pss.public_id}
    )

    rows = [
        (
            row.skill_name,
            row.a and (row.a.required_level, row.a.gap.gap),
            row.b and (row.b.required_level, row.b.gap.gap),
        )
        for row in response.context["rows"]
    ]
    # shared skills first, then by name; my Communication counts 4 (manager rating)
    assert rows == [
        ("Communication", (4, 0), (3, 0)),
        ("CRM", (3, 1), None),
        ("Troubleshooting", None, (4, 3)),
    ]
    readiness = [side.explanation["readiness"] for side in response.context["sides"]]
    assert readiness == [90.9, 57.1]
    assert "Not required" in response.content.decode()


def test_compare_asks_for_two_different_roles(org: Org, world: World) -> None:
    client = employee_client(org)
    start = client.get(reverse("explore:compare"), {"a": world.senior.public_id})
    assert start.status_code == 200
    assert "sides" not in start.context
    assert "field--error" not in start.content.decode()

    same = client.get(
        reverse("explore:compare"), {"a": world.senior.public_id, "b": world.senior.public_id}
    )
    assert "Choose a different role to compare with." in same.content.decode()
    assert "sides" not in same.context

    unknown = client.get(
        reverse("explore:compare"), {"a": world.senior.public_id, "b": "not-a-role"}
    )
    assert unknown.status_code == 404


def test_hr_compares_requirements_without_gaps(org: Org, world: World) -> None:
    response = hr_client(org).get(
        reverse("explore:compare"), {"a": world.senior.public_id, "b": world.pss.public_id}
    )

    assert [side.explanation for side in response.context["sides"]] == [None, None]
    assert all(row.gap is None for row in response.context["rows"])
    assert "My gap" not in response.content.decode()


def test_the_nav_leads_to_explore_for_employees_and_hr(org: Org, world: World) -> None:
    def nav(client: Client) -> list[str]:
        html = client.get(reverse("explore:catalogue")).content.decode()
        return re.findall(r'class="site-nav__link" href="[^"]*"[^>]*>([^<]+)<', html)

    mine = nav(employee_client(org))
    assert mine[mine.index("My map") + 1] == "Explore roles"
    assert "Explore roles" in nav(hr_client(org))


def test_every_explore_page_keeps_to_the_strict_csp(org: Org, world: World) -> None:
    client = employee_client(org)
    pages = [
        reverse("explore:catalogue"),
        reverse("explore:paths"),
        reverse("explore:role", args=[world.pss.public_id]),
        f"{reverse('explore:compare')}?a={world.senior.public_id}&b={world.pss.public_id}",
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert " style=" not in html, url
        assert "<style" not in html, url
        assert "<script>" not in html, url
