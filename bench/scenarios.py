"""What the HTTP bench requests: every map tab and fragment, explore, the team dashboard at
three sizes, successor suggestions, every HR report and export, the directory, notifications
and the import preview. Each names the budget it is held to (``BUDGETS``, from issue 13)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bench.personas import Persona


@dataclass(frozen=True)
class Budget:
    ratio: float | None  # p50 / floor p50 of the same run
    p95_ms: float | None


BUDGETS = {
    "map": Budget(3, 60),
    "team-2000": Budget(5, 120),
    "team-org": Budget(10, 250),
    "suggestions": Budget(8, 200),
    "hr": Budget(8, 200),
    "export": Budget(None, None),  # files, not pages: measured and reported, no budget given
}
MAX_HTML_BYTES = 150 * 1024


@dataclass(frozen=True)
class Scenario:
    name: str
    budget: str
    persona: str
    path: str
    htmx: bool = False


def scenarios(people: dict[str, Persona]) -> list[Scenario]:
    return [
        *_map(people["employee"]),
        *_team(people),
        *_hr(),
    ]


def _map(employee: Persona) -> list[Scenario]:
    from apps.careermaps.models import CareerMap

    career_map = CareerMap.objects.get(employee=employee.employee)
    base = f"/map/{career_map.public_id}"
    target = career_map.target_role.public_id if career_map.target_role else None
    found = [Scenario("map: overview", "map", "employee", f"{base}/")]
    for tab in ("assessment", "goals", "plan", "journal"):
        found.append(Scenario(f"map: {tab} tab", "map", "employee", f"{base}/{tab}/"))
        found.append(Scenario(f"map: {tab} (htmx)", "map", "employee", f"{base}/{tab}/", True))
    found += [
        Scenario("map: print view", "map", "employee", f"{base}/print/"),
        Scenario("map: export.json", "map", "employee", f"{base}/export.json"),
        Scenario("explore roles", "map", "employee", "/explore/"),
        Scenario("explore: where can I go from here", "map", "employee", "/explore/paths/"),
        Scenario("notifications", "map", "employee", "/notifications/"),
        Scenario("notifications: bell (htmx)", "map", "employee", "/notifications/bell/", True),
    ]
    if target:
        found.append(
            Scenario("explore: target role", "map", "employee", f"/explore/roles/{target}/")
        )
    return found


def _team(people: dict[str, Persona]) -> list[Scenario]:
    found = []
    for persona, budget, label in (
        ("manager-200", "team-2000", "~200"),
        ("director-2000", "team-2000", "~2,000"),
        ("ceo", "team-org", "whole org"),
    ):
        sub = "?scope=subtree"
        # fmt: off
        found += [
            Scenario(f"team {label}: dashboard", budget, persona, f"/team/{sub}"),
            Scenario(
                f"team {label}: heatmap (htmx)", budget, persona, f"/team/heatmap/{sub}", True
            ),
            Scenario(
                f"team {label}: summary (htmx)", budget, persona, f"/team/summary/{sub}", True
            ),
            Scenario(f"team {label}: stats (htmx)", budget, persona, f"/team/stats/{sub}", True),
            Scenario(f"team {label}: health (htmx)", budget, persona, f"/team/health/{sub}", True),
            Scenario(f"team {label}: feed (htmx)", budget, persona, f"/team/feed/{sub}", True),
            Scenario(
                f"team {label}: reviews (htmx)", budget, persona, f"/team/reviews/{sub}", True
            ),
            Scenario(f"team {label}: heatmap.csv", "export", persona, f"/team/heatmap.csv{sub}"),
        ]
        # fmt: on
    return found


def _hr() -> list[Scenario]:
    from apps.succession.models import SuccessionPlan, TalentReview
    from bench.org import CLOSED_REVIEW

    plan = SuccessionPlan.objects.filter(incumbent__isnull=False).order_by("pk").first()
    review = f"/talent/reviews/{TalentReview.objects.get(name=CLOSED_REVIEW).public_id}"
    job = _import_preview()
    reports = "/succession/reports"
    return [
        Scenario("successor suggestions", "suggestions", "hr",
                 f"/succession/key-positions/{plan.public_id}/suggestions/", True),
        Scenario("key position page", "hr", "hr", f"/succession/key-positions/{plan.public_id}/"),
        Scenario("key positions list", "hr", "hr", "/succession/key-positions/"),
        Scenario("succession report", "hr", "hr", f"{reports}/"),
        Scenario("succession report: print", "hr", "hr", f"{reports}/print/"),
        Scenario("succession report: csv", "export", "hr", f"{reports}/succession.csv"),
        Scenario("succession report: xlsx", "export", "hr", f"{reports}/succession.xlsx"),
        Scenario("skill supply and demand", "hr", "hr", f"{reports}/skills/"),
        Scenario("future needs", "hr", "hr", f"{reports}/future-needs/"),
        Scenario("equity report", "hr", "hr", f"{reports}/equity/"),
        Scenario("talent overview", "hr", "hr", "/talent/"),
        Scenario("talent review (closed)", "hr", "hr", f"{review}/"),
        Scenario("9-box", "hr", "hr", f"{review}/nine-box/"),
        Scenario("talent review csv", "export", "hr", f"{review}/export.csv"),
        Scenario("audit log", "hr", "hr", "/talent/audit/"),
        Scenario("people directory", "hr", "hr", "/people/"),
        Scenario("people directory search (htmx)", "hr", "hr", "/people/?q=person00012", True),
        Scenario("HR managers list", "hr", "hr", "/team/managers/"),
        Scenario("import preview, 20,000 rows", "hr", "hr", f"/imports/{job}/"),
    ]  # fmt: skip


PREVIEW_FILE = "bench-preview-20000.csv"


def _import_preview() -> Any:
    """A checked, unconfirmed import of everyone (one in ten with a new location), made once."""
    from apps.accounts.models import User
    from apps.imports import services
    from apps.imports.models import ImportJob, JobStatus

    existing = ImportJob.objects.filter(file_name=PREVIEW_FILE, status=JobStatus.READY).first()
    if existing:
        return existing.public_id
    hr = User.objects.get(email="hr@demo.careermap.test")
    job = services.job_create(
        actor=hr, enqueue=False, kind="employees", file_name=PREVIEW_FILE, data=_people_csv(),
        full_sync=False,
    )  # fmt: skip
    job = services.job_check(job.pk)
    if job.status != JobStatus.READY:
        raise SystemExit(f"the import preview did not check: {job.status} {job.message}")
    return job.public_id


def _people_csv() -> bytes:
    import csv
    import io

    from apps.employees.models import Employee

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["full_name", "work_email", "location"])
    people = Employee.objects.order_by("pk").values_list("full_name", "work_email", "location")
    for n, (name, email, location) in enumerate(people.iterator()):
        writer.writerow([name, email, "Lisbon" if n % 10 == 0 else location])
    return out.getvalue().encode()
