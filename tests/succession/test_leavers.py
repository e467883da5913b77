"""A leaver's data on HR's request: exported as JSON, and anonymised for good.

After anonymising, the person is identifiable nowhere HR can reach (pages, exports, the audit
log), cannot sign in, and the aggregate reports (skill supply and demand, bench strength,
equity) give exactly the totals they gave before.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from apps.careermaps.models import (
    CareerMap,
    DevelopmentAction,
    Goal,
    NetworkContact,
    Reflection,
    SwotItem,
)
from apps.employees.models import Employee, EmploymentStatus
from apps.mentoring.models import MentorOffer, Mentorship
from apps.succession import reports
from apps.succession.models import AuditLog, Band, SuccessionPlan
from apps.succession.services import plans as plan_services
from apps.succession.services import reviews as review_services
from apps.succession.services.leavers import person_anonymise
from tests.conftest import Org, client_for
from tests.factories import PASSWORD, RoleFactory, SkillFactory, UserFactory, make_employee
from tests.succession.builders import rate, require

pytestmark = pytest.mark.django_db

NAME, EMAIL = "Alicia Quarterman", "alicia.quarterman@example.com"
SECRETS = ("ALICIA-ABOUT-ME", "ALICIA-REFLECTION", "ALICIA-RATING-NOTE", "ALICIA-SLATE-NOTE")


@dataclass
class Scene:
    leaver: Employee
    plan: SuccessionPlan
    review_id: str
    colleague: Employee


@pytest.fixture
def scene(org: Org) -> Scene:
    skill = SkillFactory(name="Negotiation")
    role = RoleFactory(title="Account Manager")
    require(role, skill, 3)
    dept = org.employee.department
    start = date(2015, 1, 1)
    people = [
        make_employee(
            name=f"Seller {n}",
            manager=org.manager,
            department=dept,
            current_role=role,
            location="Leeds",
            hire_date=start,
        )
        for n in range(6)
    ]
    leaver = make_employee(
        user=UserFactory(email=EMAIL, name=NAME), name=NAME, manager=org.manager,
        department=dept, current_role=role, location="Leeds", hire_date=start,
        external_id="HR-4711",
    )  # fmt: skip
    for n, person in enumerate([*people, leaver]):
        rate(person, skill, manager=2 + n % 3, own=3)
    _career_data(leaver, people[0], org)
    today = timezone.localdate()
    cycle = review_services.review_create(
        name="2026 review", opens_on=today - timedelta(days=3),
        closes_on=today + timedelta(days=3), created_by=org.hr_user,
    )  # fmt: skip
    for person in (leaver, people[0]):
        review_services.rating_set(
            review=cycle, employee=person, performance=Band.HIGH, potential=Band.HIGH,
            note=f"ALICIA-RATING-NOTE about {person.full_name}" if person == leaver else "",
            rated_by=org.hr_user,
        )  # fmt: skip
    plan = plan_services.plan_create(actor=org.hr_user, role=RoleFactory(title="Head of Sales"))
    plan_services.candidate_add(
        actor=org.hr_user, plan=plan, employee=leaver, readiness="now",
        development_note=f"ALICIA-SLATE-NOTE: {NAME} needs a stretch project",
    )  # fmt: skip
    plan_services.candidate_add(actor=org.hr_user, plan=plan, employee=people[1], readiness="1-2")
    Employee.objects.filter(pk=leaver.pk).update(status=EmploymentStatus.LEFT)
    leaver.refresh_from_db()
    return Scene(leaver, plan, str(cycle.public_id), people[0])


def _career_data(leaver: Employee, colleague: Employee, org: Org) -> None:
    own = CareerMap.objects.create(
        employee=leaver, aspiration="ALICIA-ABOUT-ME: lead sales", strengths="ALICIA-ABOUT-ME"
    )
    Goal.objects.create(
        career_map=own, specific="ALICIA-ABOUT-ME goal", measurable="m", achievable="a",
        relevant="r", target_date=date(2027, 1, 1),
    )  # fmt: skip
    DevelopmentAction.objects.create(career_map=own, kind="project", title="ALICIA-ABOUT-ME")
    SwotItem.objects.create(career_map=own, quadrant="S", text="ALICIA-ABOUT-ME")
    Reflection.objects.create(career_map=own, progress="ALICIA-REFLECTION", confidence=3)
    theirs = CareerMap.objects.create(employee=colleague)
    NetworkContact.objects.create(career_map=theirs, name=NAME, how_they_help=f"{NAME} knows")
    MentorOffer.objects.create(employee=leaver, note="ALICIA-ABOUT-ME mentoring")
    Mentorship.objects.create(mentor=leaver, mentee=colleague, message=f"Dear {NAME}")


def _totals() -> tuple[object, ...]:
    plans = reports.report_plans(SuccessionPlan.objects.all())
    return (
        reports.skill_supply(),
        reports.bench_strength(plans),
        reports.equity(timezone.localdate()),
        reports.future_needs(),
    )


def _anonymise(org: Org, scene: Scene, **data: str):
    url = reverse("succession:leaver-anonymise", args=[scene.leaver.public_id])
    return client_for(org.hr_user).post(url, data)


def _hr_pages(org: Org, scene: Scene) -> list[str]:
    leaver, review = scene.leaver.public_id, scene.review_id
    return [
        reverse("employees:directory"),
        reverse("employees:person", args=[leaver]),
        reverse("employees:person", args=[scene.colleague.public_id]),
        reverse("careermaps:overview", args=[scene.colleague.career_map.public_id]),
        reverse("careermaps:overview", args=[scene.leaver.career_map.public_id]),
        reverse("careermaps:assessment", args=[scene.leaver.career_map.public_id]),
        reverse("succession:audit"),
        reverse("succession:review", args=[review]),
        reverse("succession:nine-box", args=[review]),
        reverse("succession:review-export", args=[review]),
        reverse("succession:plan-index"),
        reverse("succession:plan-detail", args=[scene.plan.public_id]),
        reverse("succession:plan-suggestions", args=[scene.plan.public_id]),
        reverse("succession:report-succession"),
        reverse("succession:report-succession-csv"),
        reverse("succession:report-succession-xlsx"),
        reverse("succession:report-succession-print"),
        reverse("succession:report-skills"),
        reverse("succession:report-equity"),
        reverse("dashboards:team") + f"?manager={org.manager.public_id}&scope=subtree",
        reverse("succession:leaver-export", args=[leaver]),
    ]


def _text(response) -> str:
    assert response.status_code == 200, response.status_code
    if response["Content-Type"].startswith("application/vnd.openxmlformats"):
        book = load_workbook(io.BytesIO(response.content))
        cells = (c for sheet in book for row in sheet.iter_rows(values_only=True) for c in row)
        return "\n".join(str(cell) for cell in cells if cell is not None)
    return response.content.decode()


def _audit_text() -> str:
    rows = AuditLog.objects.values_list("summary", "before", "after")
    return json.dumps(list(rows))


# --------------------------------------------------------------------------- export


def test_hr_downloads_everything_about_the_person_and_it_is_audited(org: Org, scene: Scene) -> None:
    response = client_for(org.hr_user).get(
        reverse("succession:leaver-export", args=[scene.leaver.public_id])
    )
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["profile"]["email"] == EMAIL
    assert data["profile"]["external_id"] == "HR-4711"
    assert data["career_map"]["about"]["aspiration"] == "ALICIA-ABOUT-ME: lead sales"
    assert data["career_map"]["reflections"][0]["progress"] == "ALICIA-REFLECTION"
    assert data["skill_ratings"][0]["skill"] == "Negotiation"
    assert data["rating_history"] == []  # ratings made outside rating_set keep no history
    assert data["talent_ratings"][0]["note"].startswith("ALICIA-RATING-NOTE")
    assert data["successor_for"][0]["readiness"] == "now"
    assert data["mentor_offer"]["note"] == "ALICIA-ABOUT-ME mentoring"
    assert data["mentorships"][0]["mentee"] == "Seller 0"
    entry = AuditLog.objects.get(action="export", object_type="employees.Employee")
    assert entry.summary == f"Exported the personal data of {NAME}"
    assert entry.actor == org.hr_user


def test_only_hr_exports_or_anonymises_and_never_their_own_record(org: Org, scene: Scene) -> None:
    for url in (
        reverse("succession:leaver-export", args=[scene.leaver.public_id]),
        reverse("succession:leaver-anonymise", args=[scene.leaver.public_id]),
    ):
        assert client_for(org.manager.user).get(url).status_code == 404
        assert client_for(org.employee.user).get(url).status_code == 404
    hr_self = make_employee(user=org.hr_user, name="Hilary HR")
    own = reverse("succession:leaver-export", args=[hr_self.public_id])
    assert client_for(org.hr_user).get(own).status_code == 404


# --------------------------------------------------------------------------- anonymise


def test_the_profile_offers_hr_the_export_and_anonymise_actions(org: Org, scene: Scene) -> None:
    page = _text(
        client_for(org.hr_user).get(reverse("employees:person", args=[scene.leaver.public_id]))
    )
    assert reverse("succession:leaver-export", args=[scene.leaver.public_id]) in page
    assert reverse("succession:leaver-anonymise", args=[scene.leaver.public_id]) in page
    active = _text(
        client_for(org.hr_user).get(reverse("employees:person", args=[scene.colleague.public_id]))
    )
    assert reverse("succession:leaver-anonymise", args=[scene.colleague.public_id]) not in active
    manager = _text(
        client_for(org.manager.user).get(reverse("employees:person", args=[scene.leaver.public_id]))
    )
    assert "Export data" not in manager


def test_anonymising_asks_for_confirmation(org: Org, scene: Scene) -> None:
    response = _anonymise(org, scene)
    assert response.status_code == 200
    assert response.context["form"].errors["confirm"]
    assert Employee.objects.get(pk=scene.leaver.pk).full_name == NAME


def test_only_a_leaver_is_anonymised(org: Org, scene: Scene) -> None:
    Employee.objects.filter(pk=scene.leaver.pk).update(status=EmploymentStatus.ACTIVE)
    response = _anonymise(org, scene, confirm="on")
    assert response.status_code == 200
    assert "Only a leaver can be anonymised" in response.content.decode()
    assert Employee.objects.get(pk=scene.leaver.pk).full_name == NAME


def test_the_aggregate_reports_give_the_same_totals_after(org: Org, scene: Scene) -> None:
    before = _totals()
    equity = before[2]
    assert equity.total is not None
    assert equity.total.people == 12  # the org's 6 and the 6 sellers: leavers are not counted
    assert before[1].positions == 1
    assert _anonymise(org, scene, confirm="on").status_code == 302
    assert _totals() == before


def test_the_person_is_identifiable_nowhere_hr_can_reach(org: Org, scene: Scene) -> None:
    client = client_for(org.hr_user)
    # Before: the name shows on the pages (so the search below can find it).
    assert NAME in _text(client.get(reverse("succession:plan-detail", args=[scene.plan.public_id])))
    assert NAME in _audit_text()
    assert _anonymise(org, scene, confirm="on").status_code == 302
    alias = f"Former employee #{scene.leaver.pk}"
    for url in _hr_pages(org, scene):
        text = _text(client.get(url))
        for said in (NAME, EMAIL, "Quarterman", "HR-4711", *SECRETS):
            assert said not in text, (url, said)
    assert alias in _text(
        client.get(reverse("succession:plan-detail", args=[scene.plan.public_id]))
    )
    audit = _audit_text()
    for said in (NAME, EMAIL, "Quarterman", *SECRETS):
        assert said not in audit
    assert AuditLog.objects.filter(summary=f"Anonymised a leaver: {alias}").count() == 1


def test_the_leaver_can_no_longer_sign_in(org: Org, scene: Scene) -> None:
    user = scene.leaver.user
    assert client_for(None).login(email=EMAIL, password=PASSWORD)
    _anonymise(org, scene, confirm="on")
    user.refresh_from_db()
    assert not user.has_usable_password()
    assert not user.is_active
    assert EMAIL not in (user.email, user.name)
    assert not client_for(None).login(email=EMAIL, password=PASSWORD)


def test_a_failure_half_way_leaves_everything_as_it_was(
    org: Org, scene: Scene, monkeypatch
) -> None:
    from apps.succession.services import leavers

    def broken(*args: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(leavers, "_close_account", broken)
    with pytest.raises(RuntimeError):
        person_anonymise(actor=org.hr_user, employee=scene.leaver)
    assert Employee.objects.get(pk=scene.leaver.pk).full_name == NAME
    assert CareerMap.objects.get(employee=scene.leaver).aspiration.startswith("ALICIA")
    assert NAME in _audit_text()


# --------------------------------------------------------------------------- the trigger


def _raw_update(prefix: str, sql: str, params: list[object]) -> None:
    """``prefix`` (no parameters) then ``sql`` in one transaction, one statement per call as
    the anonymiser itself sends them."""
    with transaction.atomic(), connection.cursor() as cursor:
        if prefix:
            cursor.execute(prefix)
        cursor.execute(sql, params)


def _anonymising(employee_id: int) -> str:
    return f"SELECT set_config('careermap.anonymising', '{employee_id}', true)"


def test_the_audit_log_still_refuses_every_other_update(org: Org, scene: Scene) -> None:
    about_her = AuditLog.objects.filter(subjects__contains=[scene.leaver.pk]).first()
    other = (
        AuditLog.objects.exclude(subjects__contains=[scene.leaver.pk])
        .exclude(summary__contains=NAME)
        .first()
    )
    assert about_her is not None
    assert other is not None
    edit = "UPDATE succession_auditlog SET summary = 'x' WHERE id = %s"
    refused = [
        ("", edit, about_her.pk),  # no anonymisation under way
        (_anonymising(scene.leaver.pk), edit, other.pk),  # a row not about her
        (_anonymising(scene.leaver.pk),
         "UPDATE succession_auditlog SET action = 'delete' WHERE id = %s", about_her.pk),
        (_anonymising(scene.colleague.pk), edit, about_her.pk),  # not a leaver
        (_anonymising(scene.leaver.pk), "DELETE FROM succession_auditlog WHERE id = %s",
         about_her.pk),
    ]  # fmt: skip
    for prefix, sql, pk in refused:
        with pytest.raises(DatabaseError, match="append-only"):
            _raw_update(prefix, sql, [pk])
    assert AuditLog.objects.get(pk=about_her.pk).summary == about_her.summary
    # The one allowed change: its text, about the leaver, while anonymising her.
    _raw_update(_anonymising(scene.leaver.pk), edit, [about_her.pk])
    assert AuditLog.objects.get(pk=about_her.pk).summary == "x"
