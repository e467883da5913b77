"""The skill-gap heatmap and the team gap summary, against gaps computed by hand.

See tests/dashboards/conftest.py for the team and the arithmetic.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.urls import reverse

from apps.careermaps.models import CareerMap
from apps.dashboards.queries import GapFilter, Lens, Sort, gap_summary, heatmap
from apps.employees.models import Department, Employee
from tests.conftest import Org, client_for
from tests.dashboards.conftest import Catalogue, rate
from tests.factories import make_employee

pytestmark = pytest.mark.django_db
HX = {"HX-Request": "true"}


def _grid(team: Org, **filters: Any) -> dict[str, tuple[int, dict[str, int]]]:
    """name -> (total gap, {skill: gap}) for the manager's direct reports."""
    people = Employee.objects.direct_reports_of(team.manager)
    read_all = filters.pop("read_all_maps", False)
    shown = heatmap(people, GapFilter(**filters), read_all_maps=read_all)
    names = {c.id: c.name for c in shown.columns}
    return {
        row.full_name: (row.total_gap, {names[s]: cell.gap for s, cell in row.cells.items()})
        for row in shown.rows
    }


def test_it_computes_each_cell_as_required_minus_current_never_below_zero(team: Org) -> None:
    assert _grid(team) == {
        "Employee": (3, {"Communication": 1, "CRM": 0, "Troubleshooting": 2}),
        "Teammate": (5, {"Communication": 2, "CRM": 3, "Troubleshooting": 0}),
    }


def test_the_manager_rating_wins_over_the_self_rating_and_the_cell_keeps_both(team: Org) -> None:
    shown = heatmap(Employee.objects.direct_reports_of(team.manager), GapFilter(),
                    read_all_maps=False)  # fmt: skip
    employee = next(row for row in shown.rows if row.full_name == "Employee")
    communication = next(c for c in shown.columns if c.name == "Communication")
    cell = employee.cells[communication.id]
    assert (cell.self_level, cell.manager_level, cell.current_level, cell.required_level) == (
        4, 2, 2, 3,
    )  # fmt: skip


def test_the_target_lens_uses_the_target_role_only_on_maps_the_viewer_may_read(
    team: Org,
) -> None:
    assert _grid(team, lens=Lens.TARGET) == {
        "Employee": (7, {"Troubleshooting": 4, "Product knowledge": 3}),
        "Teammate": (0, {}),  # her map is kept from managers
    }
    assert _grid(team, lens=Lens.TARGET, read_all_maps=True)["Teammate"] == (
        4,
        {"Troubleshooting": 1, "Product knowledge": 3},
    )


def test_it_sorts_by_name_or_by_the_largest_total_gap(team: Org) -> None:
    assert list(_grid(team, sort=Sort.NAME)) == ["Employee", "Teammate"]
    assert list(_grid(team, sort=Sort.GAP)) == ["Teammate", "Employee"]


def test_a_skill_category_filter_includes_its_sub_categories(
    team: Org, catalogue: Catalogue
) -> None:
    tools = (catalogue.tools.pk, *catalogue.tools.children.values_list("pk", flat=True))
    assert _grid(team, category_ids=tools) == {
        "Employee": (2, {"CRM": 0, "Troubleshooting": 2}),
        "Teammate": (3, {"CRM": 3, "Troubleshooting": 0}),
    }


def test_the_summary_lists_where_the_team_falls_shortest(team: Org) -> None:
    people = Employee.objects.direct_reports_of(team.manager)
    rows = [
        (s.skill_name, s.needed_by, s.below, s.shortfall, s.largest_gap)
        for s in gap_summary(people, GapFilter(), read_all_maps=False)
    ]
    assert rows == [
        ("Communication", 2, 2, 3, 2),
        ("CRM", 2, 1, 3, 3),
        ("Troubleshooting", 2, 1, 2, 2),
    ]


def _summed_cells(people: Any, gap_filter: GapFilter, read_all_maps: bool) -> list[tuple]:
    """The summary worked out from the heatmap's own cells (every page), skill by skill."""
    grid = heatmap(people, gap_filter, read_all_maps=read_all_maps, per_page=None)
    names = {column.id: column.name for column in grid.columns}
    found: dict[int, list[Any]] = {}
    for row in grid.rows:
        for skill_id, cell in row.cells.items():
            found.setdefault(skill_id, []).append(cell)
    rows = [
        (skill_id, names[skill_id], len(cells), sum(c.gap > 0 for c in cells),
         sum(c.gap for c in cells), max(c.gap for c in cells),
         max(c.required_level for c in cells))
        for skill_id, cells in found.items()
        if any(c.gap for c in cells)
    ]  # fmt: skip
    return sorted(rows, key=lambda r: (-r[4], -r[3], r[1], r[0]))


@pytest.mark.parametrize(("lens", "read_all_maps"), [(Lens.CURRENT, False), (Lens.TARGET, False),
                                                     (Lens.TARGET, True)])  # fmt: skip
def test_the_summary_adds_up_the_cells_of_every_page_rated_or_not(
    team: Org, catalogue: Catalogue, lens: str, read_all_maps: bool
) -> None:
    # Someone who rated nothing, someone with one rating, someone with no role at all.
    unrated = make_employee(manager=team.manager, name="Unrated", current_role=catalogue.role)
    CareerMap.objects.create(
        employee=unrated, target_role=catalogue.target, visible_to_manager=True
    )
    once = make_employee(manager=team.manager, name="Once", current_role=catalogue.target)
    rate(once, catalogue.product, 2)
    make_employee(manager=team.manager, name="No role")
    people = Employee.objects.direct_reports_of(team.manager)
    gap_filter = GapFilter(lens=lens)
    shortfalls = gap_summary(people, gap_filter, read_all_maps=read_all_maps, limit=100)
    assert [
        (s.skill_id, s.skill_name, s.needed_by, s.below, s.shortfall, s.largest_gap,
         s.highest_required)
        for s in shortfalls
    ] == _summed_cells(people, gap_filter, read_all_maps)  # fmt: skip
    assert shortfalls


def test_the_heatmap_pages_fifty_people_at_a_time(org: Org, catalogue: Catalogue) -> None:
    for n in range(55):
        make_employee(manager=org.manager, name=f"Report {n:02d}", current_role=catalogue.role)
    people = Employee.objects.direct_reports_of(org.manager)
    first = heatmap(people, GapFilter(), read_all_maps=False)
    assert (len(first.rows), first.total, first.pages) == (50, 57, 2)
    second = heatmap(people, GapFilter(), read_all_maps=False, page=2)
    assert [row.full_name for row in second.rows] == [
        *(f"Report {n}" for n in range(49, 55)), "Teammate",
    ]  # fmt: skip
    past_the_end = heatmap(people, GapFilter(), read_all_maps=False, page=9)
    assert past_the_end.page == 2


def test_the_page_shows_coloured_cells_that_carry_their_value(team: Org) -> None:
    page = client_for(team.manager.user).get(reverse("dashboards:team")).content.decode()
    assert (
        '<td class="heat--3" title="Has 1, needs 4 (manager&#x27;s rating)">3'
        '<span class="visually-hidden"> levels short (has 1, needs 4)</span></td>'
    ) in page


def test_filters_answer_with_the_heatmap_and_the_summary_out_of_band(team: Org) -> None:
    Employee.objects.filter(pk=team.teammate.pk).update(
        department=Department.objects.create(name="Elsewhere")
    )
    client = client_for(team.manager.user)
    dept = team.employee.department_id
    response = client.get(
        reverse("dashboards:heatmap"), {"department": dept, "sort": "gap"}, headers=HX
    )
    body = response.content.decode()
    assert "Teammate" not in body
    assert "Employee" in body
    assert 'id="gap-summary"' in body
    assert 'hx-swap-oob="true"' in body
    assert response["HX-Push-Url"] == f"/team/?department={dept}&sort=gap"


def test_a_fragment_without_htmx_is_the_page(team: Org) -> None:
    response = client_for(team.manager.user).get(reverse("dashboards:heatmap"), {"sort": "gap"})
    assert response.status_code == 302
    assert response["Location"] == "/team/?sort=gap"


def _csv(response: Any) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_the_csv_is_exactly_the_table_on_screen(team: Org) -> None:
    client = client_for(team.manager.user)
    rows = _csv(client.get(reverse("dashboards:heatmap-csv"), {"sort": "gap"}))
    assert rows == [
        ["Person", "Current role", "Total gap", "Communication", "CRM", "Troubleshooting"],
        ["Teammate", "Support Specialist", "5", "2", "3", "0"],
        ["Employee", "Support Specialist", "3", "1", "0", "2"],
    ]
    target = _csv(client.get(reverse("dashboards:heatmap-csv"), {"lens": "target"}))
    assert target == [
        ["Person", "Target role", "Total gap", "Product knowledge", "Troubleshooting"],
        ["Employee", "Product Support", "7", "3", "4"],
        ["Teammate", "", "0", "", ""],
    ]


def test_the_csv_of_all_pages_keeps_the_filters(team: Org, catalogue: Catalogue) -> None:
    client = client_for(team.manager.user)
    rows = _csv(
        client.get(reverse("dashboards:heatmap-csv"), {"all": "1", "category": catalogue.core.pk})
    )
    assert rows == [
        ["Person", "Current role", "Total gap", "Communication"],
        ["Employee", "Support Specialist", "1", "1"],
        ["Teammate", "Support Specialist", "2", "2"],
    ]


def test_a_name_a_spreadsheet_would_run_is_quoted(team: Org) -> None:
    Employee.objects.filter(pk=team.employee.pk).update(full_name="=HYPERLINK(1)")
    rows = _csv(client_for(team.manager.user).get(reverse("dashboards:heatmap-csv")))
    assert ["'=HYPERLINK(1)", "Support Specialist", "3", "1", "0", "2"] in rows


def test_bad_filter_values_fall_back_to_the_defaults_with_a_message(team: Org) -> None:
    response = client_for(team.manager.user).get(
        reverse("dashboards:team"), {"department": "nope", "lens": "sideways", "page": "-3"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Select a valid choice" in body
    assert "against their <strong>current role</strong>" in body
