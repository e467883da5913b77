"""HR's reports: bench strength, exports, skill supply, future needs and equity of opportunity.

Every figure is checked against arithmetic done by hand on a small organisation.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from apps.careermaps.models import CareerMap, DevelopmentAction
from apps.employees.models import Department, SkillRatingHistory
from apps.mentoring.models import Mentorship
from apps.succession import reports
from apps.succession.models import AuditLog, DemandPlan
from apps.succession.reports import EquityGroup, protect_small_groups
from tests.conftest import Org, client_for
from tests.factories import RoleFactory, SkillFactory, make_employee
from tests.succession.builders import plan_for, rate, require, review, slate, talent

pytestmark = pytest.mark.django_db


def _count(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


# --------------------------------------------------------------------------- bench strength


@pytest.fixture
def bench_org(org: Org) -> dict:
    """Four key positions:

    P1 high risk / high impact: X ready now, Y ready in 1-2 years
    P2 high risk / medium impact: X only (3-5 years)
    P3 low / low: X only (1-2 years)
    P4 medium risk / high impact: nobody
    """
    support, engineering = (
        Department.objects.get(name="Customer Support"),
        Department.objects.get(name="Engineering"),
    )
    x = make_employee(name="Xena Ready", department=support)
    y = make_employee(name="Yusuf Soon", department=engineering)
    p1 = plan_for(
        RoleFactory(title="P1 Head"), org.director, risk_of_loss="high", impact_of_loss="high"
    )
    p2 = plan_for(
        RoleFactory(title="P2 Lead"),
        org.other_manager,
        risk_of_loss="high",
        impact_of_loss="medium",
    )
    p3 = plan_for(
        RoleFactory(title="P3 Chief"), org.manager, risk_of_loss="low", impact_of_loss="low"
    )
    p4 = plan_for(RoleFactory(title="P4 Boss"), None, risk_of_loss="medium", impact_of_loss="high")
    slate(p1, (x, "now"), (y, "1-2"))
    slate(p2, (x, "3-5"))
    slate(p3, (x, "1-2"))
    return {"plans": [p1, p2, p3, p4], "x": x, "y": y, "support": support}


def test_bench_strength_arithmetic(org: Org, bench_org: dict) -> None:
    bench = reports.bench_strength(reports.report_plans(reports.SuccessionPlan.objects.all()))
    assert (bench.positions, bench.with_ready_now, bench.with_any, bench.slots) == (4, 1, 3, 4)
    assert bench.ready_now_coverage == 25.0  # 1 / 4
    assert bench.any_coverage == 75.0  # 3 / 4
    assert bench.average_successors == 1.0  # 4 places / 4 positions
    assert [str(p.role) for p in bench.no_successor] == ["P4 Boss"]
    [sole] = bench.sole_successors
    assert sole.employee == bench_org["x"]
    assert [p.role.title for p in sole.plans] == ["P2 Lead", "P3 Chief"]
    counts = [[cell.count for cell in row] for row in bench.grid]
    # rows: risk high, medium, low; columns: impact low, medium, high
    assert counts == [[0, 1, 1], [0, 0, 1], [1, 0, 0]]
    severities = [[cell.severity for cell in row] for row in bench.grid]
    assert severities == [
        ["medium", "medium", "high"],
        ["low", "medium", "medium"],
        ["low", "low", "medium"],
    ]


def test_the_print_figures_from_loaded_slates_equal_the_counted_ones(
    org: Org, bench_org: dict
) -> None:
    plans = reports.report_plans(reports.SuccessionPlan.objects.all())
    counted, loaded = (
        reports.bench_strength(plans),
        reports.bench_strength_of(reports.printed_slates(plans)),
    )
    # The same figures; the plans they name are the printed rows, labelled alike.
    assert (loaded.positions, loaded.with_ready_now, loaded.with_any, loaded.slots) == (
        counted.positions,
        counted.with_ready_now,
        counted.with_any,
        counted.slots,
    )
    assert [str(p) for p in loaded.no_successor] == [str(p) for p in counted.no_successor]
    assert [(s.employee, [str(p) for p in s.plans]) for s in loaded.sole_successors] == [
        (s.employee, [str(p) for p in s.plans]) for s in counted.sole_successors
    ]
    assert [[(c.risk, c.impact, c.count) for c in row] for row in loaded.grid] == [
        [(c.risk, c.impact, c.count) for c in row] for row in counted.grid
    ]


def test_a_grid_cell_names_only_the_listed_plans_and_counts_them_all(
    org: Org, bench_org: dict
) -> None:
    plan_for(RoleFactory(title="P0 Top"), None, risk_of_loss="high", impact_of_loss="high")
    plans = reports.report_plans(reports.SuccessionPlan.objects.all())
    with CaptureQueriesContext(connection) as queries:
        bench = reports.bench_strength(plans, listed=1)
    assert len(queries) <= 3  # the counts, the plans it names, the sole successors
    high_high = bench.grid[0][2]
    assert (high_high.count, [p.role.title for p in high_high.plans]) == (2, ["P0 Top"])
    assert [str(p.role) for p in bench.no_successor] == ["P0 Top", "P4 Boss"]


def test_the_department_filter_keeps_its_seats(org: Org, bench_org: dict) -> None:
    support = bench_org["support"]
    holder = make_employee(
        name="Holder", department=support, current_role=bench_org["plans"][3].role
    )
    assert holder.department == support
    plans = reports.plans_for_report(reports.SuccessionPlan.objects.all(), support)
    # P1 (the director's seat) and P3 (the manager's) are in Customer Support; P4 is role-wide
    # and someone there holds the role. P2 belongs to Engineering.
    assert [p.role.title for p in plans] == ["P1 Head", "P3 Chief", "P4 Boss"]


def test_the_report_shows_figures_with_their_formulas(org: Org, bench_org: dict) -> None:
    html = client_for(org.hr_user).get(reverse("succession:report-succession")).content.decode()
    assert "25.0%" in html
    assert "75.0%" in html
    assert "1 of 4 positions have a ready-now successor" in html
    assert "Ready-now coverage = key positions with at least one successor ready now" in html
    assert "<strong>Xena Ready</strong>: P2 Lead (Other Manager); P3 Chief (Manager)" in html
    assert "High urgency" in html


def test_the_report_runs_the_same_queries_for_4_or_40_positions(org: Org, bench_org: dict) -> None:
    client = client_for(org.hr_user)
    support = bench_org["support"]
    urls = [
        reverse("succession:report-succession"),
        reverse("succession:report-succession") + f"?department={support.pk}",
        reverse("succession:report-succession-print"),
    ]
    small = [_count(client, url) for url in urls]
    for n in range(36):
        incumbent = make_employee(name=f"Inc {n}", department=support)
        plan = plan_for(RoleFactory(), incumbent, risk_of_loss="high")
        slate(plan, (make_employee(name=f"S{n}"), "now"), (bench_org["y"], "3-5"))
    assert [_count(client, url) for url in urls] == small


def test_the_report_pages_its_table_and_keeps_the_figures_for_every_position(
    org: Org, bench_org: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    from apps.succession.views import reports as views

    monkeypatch.setattr(views, "REPORT_PAGE_SIZE", 3)
    monkeypatch.setattr(views, "LISTED_IN_SUMMARY", 1)
    # P5 shares P1's grid cell (high, high) and, like P4, has no successor.
    plan_for(RoleFactory(title="P5 Top"), None, risk_of_loss="high", impact_of_loss="high")
    client = client_for(org.hr_user)
    url = reverse("succession:report-succession")
    first, second = client.get(url), client.get(url + "?page=2")

    titles = [p.role.title for p in first.context["page"]]
    assert titles == ["P1 Head", "P2 Lead", "P3 Chief"]
    assert [p.role.title for p in second.context["page"]] == ["P4 Boss", "P5 Top"]
    for response in (first, second):  # the figures are over all five, whatever the page
        assert "1 of 5 positions have a ready-now successor" in response.content.decode()
    html = first.content.decode()
    assert "Showing 1\N{EN DASH}3 of 5" in html
    none_list = html[html.index('id="none-title"') : html.index('id="sole-title"')]
    assert none_list.count("<li>") == 1
    assert "and 1 more: every one is in the table below" in none_list
    grid = html[html.index('class="risk-grid"') :]
    grid = grid[: grid.index("</table>")]
    assert grid.count("<li>") == 4  # one name in each of the four occupied cells
    assert grid.count("and 1 more") == 1  # the high-high cell holds two


# --------------------------------------------------------------------------- exports


def test_the_csv_export_parses_back_and_is_audited(org: Org, bench_org: dict) -> None:
    bench_org["x"].successor_slots.filter(readiness="now").update(development_note="=HYPERLINK(1)")
    response = client_for(org.hr_user).get(reverse("succession:report-succession-csv"))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 5  # P1 x2, P2, P3, and P4 with no successor
    first = rows[0]
    assert (first["Key position"], first["Incumbent"], first["Risk of loss"]) == (
        "P1 Head",
        "Director",
        "High",
    )
    assert (first["Successor rank"], first["Successor"], first["Readiness"]) == (
        "1",
        "Xena Ready",
        "Ready now",
    )
    assert first["Development note"] == "'=HYPERLINK(1)"  # never a formula
    empty = next(r for r in rows if r["Key position"] == "P4 Boss")
    assert (empty["Incumbent"], empty["Successor"]) == ("(role-wide)", "")
    entry = AuditLog.objects.get(action="export")
    assert (entry.actor, entry.after) == (
        org.hr_user,
        {"format": "CSV", "rows": 5, "scope": "whole organisation"},
    )


def test_the_xlsx_export_parses_back_and_is_audited(org: Org, bench_org: dict) -> None:
    url = reverse("succession:report-succession-xlsx") + f"?department={bench_org['support'].pk}"
    response = client_for(org.hr_user).get(url)
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Succession"]
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][:3] == ("Key position", "Incumbent", "Department")
    # Customer Support: the director's seat (P1) and the manager's (P3).
    assert [row[0] for row in values[1:]] == ["P1 Head", "P1 Head", "P3 Chief"]
    assert values[2][6:10] == (2, "Yusuf Soon", None, "Ready in 1-2 years")
    summary = {row[0]: row[1] for row in book["Bench strength"].iter_rows(values_only=True)}
    assert summary["Key positions"] == 2
    assert summary["Ready-now coverage (%)"] == 50.0  # P1 of P1 and P3
    assert summary["Average successors per position"] == 1.5  # 3 places / 2 positions
    assert AuditLog.objects.get(action="export").after["scope"] == "department Customer Support"


def test_the_print_layout_is_audited_like_an_export(org: Org, bench_org: dict) -> None:
    page = client_for(org.hr_user).get(reverse("succession:report-succession-print"))
    html = page.content.decode()
    assert "Confidential · HR" in html
    assert "data-print" in html  # the button that opens the print dialog (print or PDF)
    assert "Xena Ready: ready now" in html
    assert AuditLog.objects.get(action="export").after == {
        "format": "print",
        "rows": 5,
        "scope": "whole organisation",
    }


def test_the_print_layout_lists_every_position_and_successor_escaped(
    org: Org, bench_org: dict
) -> None:
    first = bench_org["plans"][0]
    first.reviewed_at = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)
    first.save(update_fields=["reviewed_at"])
    first.candidates.filter(rank=1).update(
        development_note="<b>Shadow</b> & lead", emergency_cover=True
    )
    html = (
        client_for(org.hr_user).get(reverse("succession:report-succession-print")).content.decode()
    )
    table = html[html.index('id="print-positions"') :]
    assert table.count('<th scope="row">') == 4  # P1-P4, every one
    assert table.count("<li>") == 4  # every place on every slate
    assert (
        "<li>Xena Ready: ready now, emergency cover. "
        '<span class="muted">&lt;b&gt;Shadow&lt;/b&gt; &amp; lead</span></li>'
    ) in table
    assert "<td>4 Mar 2026</td>" in table
    assert "<strong>No successor.</strong>" in table
    assert "<b>Shadow</b>" not in html


# --------------------------------------------------------------------------- skill supply


@pytest.fixture
def skills_org(org: Org) -> dict:
    """Role R needs Analysis at 3. Three people hold R in Customer Support: levels 3, 2 and
    unrated. Quinn (another role) has Analysis 4. One review closed before the last rating."""
    analysis = SkillFactory(name="Analysis")
    role = RoleFactory(title="Analyst")
    require(role, analysis, 3)
    support = Department.objects.get(name="Customer Support")
    p1, p2, _p3 = (make_employee(name=n, current_role=role, department=support) for n in "ABC")
    quinn = make_employee(name="Quinn", current_role=RoleFactory(title="Other"))
    rate(p1, analysis, own=3)
    rate(p2, analysis, own=2)
    rate(quinn, analysis, manager=4)
    before, after = (
        datetime(2025, 3, 1, tzinfo=timezone.UTC),
        datetime(2025, 9, 1, tzinfo=timezone.UTC),
    )
    for employee, level, when in ((p1, 1, before), (p2, 2, before), (p1, 3, after)):
        SkillRatingHistory.objects.create(
            employee=employee, skill=analysis, source="self", level=level, rated_at=when
        )
    review("2025 mid-year", date(2025, 5, 1), date(2025, 6, 30))
    return {"analysis": analysis, "role": role, "support": support, "quinn": quinn}


def test_skill_supply_and_demand_by_hand(org: Org, skills_org: dict) -> None:
    data = reports.skill_supply()
    [row] = data.skills
    assert (row.skill.name, row.needed, row.met, row.shortfall) == ("Analysis", 3, 1, 2)
    [level] = row.level_rows
    # needed at 3: A, B, C; meeting it: A; anyone at 3 or more: A and Quinn.
    assert (level.level, level.needed, level.met, level.anyone) == (3, 3, 1, 2)
    support = skills_org["support"].pk
    assert (row.by_department[support].needed, row.by_department[support].shortfall) == (3, 2)
    # On 30 June 2025 A was still at 1 and B at 2, C unrated: all three short. Today: 2.
    assert row.trend == [3]
    assert row.trend_change == -1


def test_the_skills_page_filters_by_department(org: Org, skills_org: dict) -> None:
    client = client_for(org.hr_user)
    html = client.get(reverse("succession:report-skills")).content.decode()
    assert "Analysis" in html
    assert "↓ -1 (closing)" in html
    other = Department.objects.get(name="Engineering").pk
    filtered = client.get(reverse("succession:report-skills") + f"?department={other}")
    assert filtered.context["data"].skills == []


def test_the_skills_page_runs_the_same_queries_at_two_sizes(org: Org, skills_org: dict) -> None:
    client = client_for(org.hr_user)
    url = reverse("succession:report-skills")
    small = _count(client, url)
    for n in range(12):
        skill = SkillFactory()
        require(skills_org["role"], skill, 2)
        person = make_employee(name=f"N{n}", current_role=skills_org["role"])
        rate(person, skill, own=1)
    review("2026 mid-year", date(2026, 1, 1), date(2026, 2, 1))
    assert _count(client, url) == small


# --------------------------------------------------------------------------- future needs


def test_future_needs_against_the_pipeline(org: Org, skills_org: dict) -> None:
    role, analysis = skills_org["role"], skills_org["analysis"]
    soon, later = (
        timezone.localdate() + timedelta(days=90),
        timezone.localdate() + timedelta(days=400),
    )
    DemandPlan.objects.create(role=role, headcount=3, needed_by=soon)
    DemandPlan.objects.create(role=role, headcount=2, needed_by=later)
    ready_successor, slow_successor = make_employee(name="S1"), make_employee(name="S2")
    plan = plan_for(role)
    slate(plan, (ready_successor, "now"), (slow_successor, "3-5"))
    # Quinn is 100% ready by skills (4 >= 3); A also is, but already holds the role.
    dreamer = make_employee(name="Dreamer")
    CareerMap.objects.create(employee=dreamer, target_role=role)
    rate(dreamer, analysis, own=1)
    first, second = reports.future_needs()
    pipeline = first.pipeline
    assert (pipeline.on_slates, pipeline.ready_by_skills, pipeline.ready) == (1, 1, 2)
    assert (pipeline.targeting, pipeline.targeting_not_ready, pipeline.holders) == (1, 1, 3)
    assert (first.covered, first.shortfall) == (2, 1)  # 3 needed, both ready people go here
    assert (second.covered, second.shortfall) == (0, 2)  # nobody left for the later need


def test_hr_records_and_deletes_planned_demand(org: Org, skills_org: dict) -> None:
    client = client_for(org.hr_user)
    when = (timezone.localdate() + timedelta(days=60)).isoformat()
    data = {"role": skills_org["role"].pk, "headcount": 4, "needed_by": when, "note": "New region"}
    assert client.post(reverse("succession:demand-add"), data).status_code == 302
    demand = DemandPlan.objects.get()
    assert (demand.headcount, demand.created_by) == (4, org.hr_user)
    past = {**data, "needed_by": "2020-01-01", "headcount": 0}
    refused = client.post(reverse("succession:demand-add"), past)
    assert refused.context["form"].errors["headcount"]
    client.post(reverse("succession:demand-delete", args=[demand.public_id]))
    assert list(AuditLog.objects.order_by("id").values_list("action", flat=True)) == [
        "create",
        "delete",
    ]


def test_the_future_needs_page_runs_the_same_queries_at_two_sizes(
    org: Org, skills_org: dict
) -> None:
    client = client_for(org.hr_user)
    url = reverse("succession:report-future")
    DemandPlan.objects.create(role=skills_org["role"], headcount=1, needed_by=date(2030, 1, 1))
    small = _count(client, url)
    for _ in range(10):
        DemandPlan.objects.create(role=RoleFactory(), headcount=2, needed_by=date(2031, 1, 1))
    assert _count(client, url) == small


# --------------------------------------------------------------------------- equity


def _group(name: str, people: int) -> EquityGroup:
    return EquityGroup(name, people, dict.fromkeys(reports.MEASURES, 0))


def test_small_groups_are_combined_never_shown_alone() -> None:
    groups, suppressed = protect_small_groups(
        [_group("Big", 9), _group("Three", 3), _group("Two", 2)]
    )
    assert [(g.name, g.people, g.merged) for g in groups] == [
        ("Big", 9, 1),
        ("Other (groups under 5)", 5, 2),
    ]
    assert not suppressed


def test_a_combined_group_still_under_5_takes_in_the_next_smallest() -> None:
    groups, _ = protect_small_groups(
        [_group("A", 6), _group("B", 7), _group("Three", 3), _group("One", 1)]
    )
    # 3 + 1 = 4 would be under 5 (and B + A + Other = total would reveal it): A joins them.
    assert [(g.name, g.people) for g in groups] == [("B", 7), ("Other (groups under 5)", 10)]
    assert all(g.people >= 5 for g in groups)


def test_fewer_than_5_people_in_all_are_suppressed() -> None:
    assert protect_small_groups([_group("A", 2), _group("B", 2)]) == ([], True)


def test_the_equity_report_by_hand(org: Org) -> None:
    # The org fixture: 6 people, 4 in Customer Support, 2 in Engineering.
    sales = Department.objects.create(name="Sales")
    old = timezone.localdate() - timedelta(days=365 * 6)
    sellers = [
        make_employee(name=f"Seller {n}", department=sales, location="Leeds", hire_date=old)
        for n in range(6)
    ]
    for seller in sellers[:3]:
        CareerMap.objects.create(employee=seller)
    DevelopmentAction.objects.create(
        career_map=CareerMap.objects.get(employee=sellers[0]), kind="skill", title="Practice"
    )
    Mentorship.objects.create(mentor=org.manager, mentee=sellers[1], status="accepted")
    Mentorship.objects.create(mentor=org.manager, mentee=sellers[2], status="requested")
    cycle = review("2026", date(2026, 1, 1), date(2026, 2, 1))
    talent(sellers[3], cycle, potential=3)
    talent(sellers[4], cycle, potential=2, calibrated=3)
    slate(plan_for(RoleFactory()), (sellers[5], "now"))
    data = reports.equity(timezone.localdate())
    by_department = {g.name: g for g in data.tables[0].groups}
    assert set(by_department) == {"Sales", "Other (groups under 5)"}
    sales_row = by_department["Sales"]
    assert sales_row.counts == {
        "active_map": 3,
        "mentor": 1,
        "development": 1,
        "high_potential": 2,
        "on_slate": 1,
    }
    assert sales_row.share("active_map") == 50.0
    # Customer Support (4) and Engineering (2) never appear alone: together 6.
    assert (by_department["Other (groups under 5)"].people, data.total.people) == (6, 12)
    tenure = {g.name: g.people for g in data.tables[2].groups}
    assert tenure == {"5-10 years": 6, "Unknown": 6}  # the org fixture has no hire dates


def test_the_equity_page_never_names_a_small_group(org: Org) -> None:
    client = client_for(org.hr_user)
    html = client.get(reverse("succession:report-equity")).content.decode()
    # 6 people in all, in two departments of 4 and 2: only the combined group is shown.
    assert "Customer Support" not in html
    assert "Engineering" not in html
    assert "Other (groups under 5)" in html


def test_the_equity_page_runs_the_same_queries_at_two_sizes(org: Org) -> None:
    client = client_for(org.hr_user)
    url = reverse("succession:report-equity")
    small = _count(client, url)
    for n in range(30):
        make_employee(name=f"E{n}", department=Department.objects.create(name=f"D{n % 7}-{n}"))
    assert _count(client, url) == small
