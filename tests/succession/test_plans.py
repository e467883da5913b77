"""Key positions and their slates: HR marks them, ranks successors in place, plans development.

Every change is audited; the people on a slate never learn of it, not even from the development
actions it puts on their map.
"""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.careermaps.models import CareerMap, DevelopmentAction
from apps.succession.models import AuditLog, Readiness, SuccessionPlan
from apps.succession.services import plans as services
from tests.conftest import Org, client_for
from tests.factories import RoleFactory, SkillFactory, make_employee
from tests.succession.builders import plan_for, require, slate

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}


@pytest.fixture
def key_role():
    role = RoleFactory(title="Head of Support")
    require(role, SkillFactory(name="Coaching"), 3)
    return role


@pytest.fixture
def plan(org: Org, key_role) -> SuccessionPlan:
    plan = plan_for(key_role, incumbent=org.director, risk_of_loss="high", impact_of_loss="high")
    slate(plan, (org.employee, Readiness.ONE_TWO_YEARS), (org.teammate, Readiness.READY_NOW))
    return plan


def _detail(plan: SuccessionPlan) -> str:
    return reverse("succession:plan-detail", args=[plan.public_id])


def _ranked(plan: SuccessionPlan) -> list[tuple[str, int]]:
    return [(c.employee.full_name, c.rank) for c in plan.candidates.order_by("rank")]


# --------------------------------------------------------------------------- key positions


def test_hr_marks_a_seat_as_a_key_position(org: Org, key_role) -> None:
    response = client_for(org.hr_user).post(
        reverse("succession:plan-create"),
        {
            "role": key_role.pk,
            "incumbent": org.employee.work_email.upper(),
            "risk_of_loss": "high",
            "impact_of_loss": "medium",
            "shared_with": "manager@example.com",
        },
    )
    plan = SuccessionPlan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _detail(plan)
    assert (plan.incumbent, plan.risk_of_loss, plan.impact_of_loss) == (
        org.employee,
        "high",
        "medium",
    )
    assert list(plan.shared_with.all()) == [org.manager.user]
    entry = AuditLog.objects.get(object_id=str(plan.public_id))
    assert (entry.action, entry.actor, entry.after["risk_of_loss"]) == (
        "create",
        org.hr_user,
        "high",
    )


def test_a_seat_is_a_key_position_only_once(org: Org, key_role) -> None:
    plan_for(key_role, incumbent=org.director)
    response = client_for(org.hr_user).post(
        reverse("succession:plan-create"),
        {"role": key_role.pk, "incumbent": org.director.work_email, "risk_of_loss": "low",
         "impact_of_loss": "low"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "already has a key position for Director&#x27;s seat" in response.content.decode()
    assert SuccessionPlan.objects.count() == 1


def test_unknown_people_are_refused_beside_their_field(org: Org, key_role) -> None:
    response = client_for(org.hr_user).post(
        reverse("succession:plan-create"),
        {"role": key_role.pk, "incumbent": "ghost@example.com", "risk_of_loss": "low",
         "impact_of_loss": "low", "shared_with": "nobody-here@example.com"},
    )  # fmt: skip
    form = response.context["form"]
    assert form.errors["incumbent"] == ["Nobody in the organisation has this work email."]
    assert form.errors["shared_with"] == ["No one signs in with nobody-here@example.com."]


def test_the_incumbent_is_found_by_name_and_a_shared_name_asks_for_the_email(
    org: Org, key_role
) -> None:
    client = client_for(org.hr_user)
    data = {"role": key_role.pk, "risk_of_loss": "low", "impact_of_loss": "low"}
    make_employee(name="Director")  # a second person with the director's name
    response = client.post(reverse("succession:plan-create"), {**data, "incumbent": "director"})
    assert response.context["form"].errors["incumbent"] == [
        "More than one person has this name: pick one from the suggestions (they show "
        "each person's role) or give the work email."
    ]
    response = client.post(reverse("succession:plan-create"), {**data, "incumbent": "manager"})
    assert response.status_code == 302
    assert SuccessionPlan.objects.get().incumbent == org.manager


def test_hr_edits_shares_and_deletes_a_key_position(org: Org, plan: SuccessionPlan) -> None:
    client = client_for(org.hr_user)
    shared = "manager@example.com\ndirector@example.com"
    data = {"role": plan.role_id, "incumbent": "", "risk_of_loss": "low",
            "impact_of_loss": "high", "shared_with": shared, "version": 1}  # fmt: skip
    assert (
        client.post(reverse("succession:plan-edit", args=[plan.public_id]), data).status_code == 302
    )
    plan.refresh_from_db()
    assert (plan.incumbent, plan.risk_of_loss) == (None, "low")
    assert set(plan.shared_with.all()) == {org.manager.user, org.director.user}
    assert AuditLog.objects.get(action="update").before["risk_of_loss"] == "high"
    client.post(reverse("succession:plan-delete", args=[plan.public_id]))
    assert not SuccessionPlan.objects.exists()
    assert AuditLog.objects.get(action="delete").before["successors"] == [
        org.employee.pk,
        org.teammate.pk,
    ]


# --------------------------------------------------------------------------- the slate


def test_the_same_person_may_sit_on_several_slates(org: Org, plan: SuccessionPlan) -> None:
    other = plan_for(RoleFactory(title="Head of Quality"))
    services.candidate_add(
        actor=org.hr_user, plan=other, employee=org.employee, readiness=Readiness.READY_NOW
    )
    assert org.employee.successor_slots.count() == 2
    with pytest.raises(ValidationError, match="already on this slate"):
        services.candidate_add(
            actor=org.hr_user, plan=plan, employee=org.employee, readiness=Readiness.READY_NOW
        )
    with pytest.raises(ValidationError, match="cannot succeed themselves"):
        services.candidate_add(
            actor=org.hr_user, plan=plan, employee=org.director, readiness=Readiness.READY_NOW
        )


def test_hr_adds_by_email_at_the_bottom_of_the_slate(org: Org, plan: SuccessionPlan) -> None:
    response = client_for(org.hr_user).post(
        reverse("succession:candidate-add", args=[plan.public_id]),
        {"email": org.other_employee.work_email, "readiness": "3-5"},
    )
    assert response.status_code == 302
    assert _ranked(plan)[-1] == ("Other Employee", 3)


def test_moving_and_removing_keep_ranks_one_to_n(org: Org, plan: SuccessionPlan) -> None:
    client = client_for(org.hr_user)
    employee = plan.candidates.get(employee=org.employee)
    client.post(reverse("succession:candidate-down", args=[plan.public_id, employee.public_id]))
    assert _ranked(plan) == [("Teammate", 1), ("Employee", 2)]
    client.post(reverse("succession:candidate-down", args=[plan.public_id, employee.public_id]))
    assert _ranked(plan) == [("Teammate", 1), ("Employee", 2)]  # already last: no change
    client.post(reverse("succession:candidate-up", args=[plan.public_id, employee.public_id]))
    assert _ranked(plan) == [("Employee", 1), ("Teammate", 2)]
    client.post(reverse("succession:candidate-remove", args=[plan.public_id, employee.public_id]))
    assert _ranked(plan) == [("Teammate", 1)]
    actions = list(AuditLog.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["update", "update", "delete"]


def test_readiness_is_edited_in_place_with_htmx(org: Org, plan: SuccessionPlan) -> None:
    client = client_for(org.hr_user)
    candidate = plan.candidates.get(employee=org.employee)
    url = reverse("succession:candidate-edit", args=[plan.public_id, candidate.public_id])
    form = client.get(url, headers=HX).content.decode()
    assert "<html" not in form  # the fragment only
    assert f'id="candidate-{candidate.public_id}"' in form
    assert 'name="readiness"' in form
    saved = client.post(
        url,
        {
            "readiness": "now",
            "emergency_cover": "on",
            "development_note": "Lead the Q3 launch",
            "version": 1,
        },
        headers=HX,
    ).content.decode()
    assert 'id="slate"' in saved
    assert "<html" not in saved
    assert "Saved Employee." in saved
    assert "Emergency cover</span>" in saved
    candidate.refresh_from_db()
    assert (candidate.readiness, candidate.emergency_cover) == ("now", True)
    entry = AuditLog.objects.get(action="update")
    assert (entry.before["readiness"], entry.after["readiness"]) == ("1-2", "now")


def test_without_javascript_an_edit_is_a_plain_post(org: Org, plan: SuccessionPlan) -> None:
    client = client_for(org.hr_user)
    candidate = plan.candidates.get(employee=org.employee)
    url = reverse("succession:candidate-edit", args=[plan.public_id, candidate.public_id])
    page = client.get(url)
    assert page.status_code == 200
    assert "<html" in page.content.decode()
    response = client.post(url, {"readiness": "3-5", "development_note": "", "version": 1})
    assert response["Location"] == f"{_detail(plan)}#candidate-{candidate.public_id}"
    refused = client.post(url, {"readiness": "someday"})
    assert refused.status_code == 200
    assert "Select a valid choice" in refused.content.decode()


# --------------------------------------------------------------------------- development


def test_a_development_note_becomes_ordinary_development_on_their_map(
    org: Org, plan: SuccessionPlan
) -> None:
    candidate = plan.candidates.get(employee=org.employee)
    assert not CareerMap.objects.filter(employee=org.employee).exists()
    response = client_for(org.hr_user).post(
        reverse("succession:candidate-develop", args=[plan.public_id, candidate.public_id]),
        {"kind": "project", "title": "Run the support rota for a quarter",
         "detail": "Plan the rota and coach two new starters."},
    )  # fmt: skip
    assert response.status_code == 302
    action = DevelopmentAction.objects.get()
    assert action.career_map.employee == org.employee  # the map was started for them
    assert (action.kind, action.status) == ("project", "planned")
    # They see it as their own development, with nothing that gives the slate away.
    career_map = action.career_map
    page = client_for(org.employee.user).get(
        reverse("careermaps:plan", args=[career_map.public_id])
    )
    shown = re.search(rf'<li id="action-{action.public_id}".*?</li>', page.content.decode(), re.S)
    assert shown is not None
    text = " ".join([shown.group(0), action.title, action.detail, action.evidence]).lower()
    assert "run the support rota for a quarter" in text
    for word in ("successor", "succession", "slate", "key position", "head of support"):
        assert word not in text


@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("title", "Prepare as successor to the director"),
        ("title", "Succession readiness: budgeting"),
        ("detail", "Because you are on the slate for Head of Support"),
        ("detail", "Key position shadowing"),
        ("title", "High-potential programme"),
    ],
)
def test_an_action_that_would_reveal_the_plan_is_refused(
    org: Org, plan: SuccessionPlan, field: str, text: str
) -> None:
    candidate = plan.candidates.get(employee=org.employee)
    data = {"kind": "skill", "title": "Budgeting practice", "detail": "", field: text}
    response = client_for(org.hr_user).post(
        reverse("succession:candidate-develop", args=[plan.public_id, candidate.public_id]),
        data,
        headers=HX,
    )
    assert response.status_code == 200
    assert "do not mention succession" in response.content.decode()
    assert not DevelopmentAction.objects.exists()


# --------------------------------------------------------------------------- who sees what


def test_a_manager_it_is_shared_with_reads_the_slate_only(org: Org, plan: SuccessionPlan) -> None:
    # Role-wide, so the manager is above everyone the plan is about (test_plan_sharing.py).
    SuccessionPlan.objects.filter(pk=plan.pk).update(incumbent=None)
    plan.shared_with.add(org.manager.user)
    page = client_for(org.manager.user).get(_detail(plan))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Employee" in html
    assert "Teammate" in html
    for control in ("Suggested successors", "Move up", "Add a successor", "No access"):
        assert control not in html
    edit = reverse(
        "succession:candidate-edit", args=[plan.public_id, plan.candidates.first().public_id]
    )
    assert client_for(org.manager.user).get(edit).status_code == 404


def test_a_key_position_saved_in_another_session_is_not_overwritten(
    org: Org, plan: SuccessionPlan
) -> None:
    client = client_for(org.hr_user)
    url = reverse("succession:plan-edit", args=[plan.public_id])
    data = {"role": plan.role_id, "incumbent": "", "impact_of_loss": "high", "version": 1}
    assert (
        client.post(url, {**data, "risk_of_loss": "high", "notes": "Retiring"}).status_code == 302
    )
    second = client.post(url, {**data, "risk_of_loss": "low", "notes": "Staying"})
    html = second.content.decode()
    assert "This key position changed since you opened it" in html
    table = html.split("stale-version__table")[1].split("</table>")[0]
    assert "Retiring" in table
    assert "Staying" in table
    plan.refresh_from_db()
    assert (plan.risk_of_loss, plan.notes, plan.version) == ("high", "Retiring", 2)


def test_a_successor_saved_in_another_session_is_not_overwritten(
    org: Org, plan: SuccessionPlan
) -> None:
    client = client_for(org.hr_user)
    candidate = plan.candidates.get(employee=org.employee)
    url = reverse("succession:candidate-edit", args=[plan.public_id, candidate.public_id])
    first = {"readiness": "now", "development_note": "Lead the launch", "version": 1}
    assert client.post(url, first).status_code == 302
    second = client.post(url, {"readiness": "3-5", "development_note": "Needs time", "version": 1})
    html = second.content.decode()
    assert "This successor changed since you opened it" in html
    table = html.split("stale-version__table")[1].split("</table>")[0]
    assert "Ready now" in table
    assert "Ready in 3-5 years" in table
    candidate.refresh_from_db()
    assert (candidate.readiness, candidate.development_note) == ("now", "Lead the launch")


def test_the_people_on_a_slate_never_see_it_even_when_shared(
    org: Org, plan: SuccessionPlan
) -> None:
    plan.shared_with.add(org.employee.user)
    assert client_for(org.employee.user).get(_detail(plan)).status_code == 404


# --------------------------------------------------------------------------- query counts


def _count(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_plan_page_runs_the_same_queries_for_3_or_30_successors(org: Org, plan) -> None:
    client = client_for(org.hr_user)
    small = _count(client, _detail(plan))
    for n in range(28):
        services.candidate_add(
            actor=org.hr_user, plan=plan, employee=make_employee(name=f"P{n}"), readiness="3-5"
        )
    assert plan.candidates.count() == 30
    assert _count(client, _detail(plan)) == small


def test_the_key_positions_list_runs_the_same_queries_for_1_or_20_plans(org: Org, plan) -> None:
    client = client_for(org.hr_user)
    small = _count(client, reverse("succession:plan-index"))
    for n in range(19):
        other = plan_for(RoleFactory(), incumbent=make_employee(name=f"I{n}"))
        slate(other, (org.employee, "now"))
    assert _count(client, reverse("succession:plan-index")) == small


def test_the_key_positions_list_shows_a_page_at_a_time(
    org: Org, plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    from apps.succession.views import plans as views

    monkeypatch.setattr(views, "PLANS_PER_PAGE", 2)
    for n in range(2):
        plan_for(RoleFactory(title=f"Zed {n}"), incumbent=make_employee(name=f"I{n}"))
    client = client_for(org.hr_user)
    first = client.get(reverse("succession:plan-index"))
    last = client.get(reverse("succession:plan-index") + "?page=2")

    assert len(first.context["page"].object_list) == 2
    assert [p.role.title for p in last.context["page"]] == ["Zed 1"]
    assert "3 key positions" in first.content.decode()
    assert 'rel="next"' in first.content.decode()
