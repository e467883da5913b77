"""The Django admin: every registered model's pages load, and reporting lines stay a tree."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import connection
from django.db.models import Model
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.accounts.models import HR_GROUP, User
from apps.careermaps.models import (
    AssessmentResult,
    CareerMap,
    DevelopmentAction,
    Goal,
    Milestone,
    NetworkContact,
    Recognition,
    Reflection,
    SwotItem,
)
from apps.checkins.models import CheckIn
from apps.employees.models import (
    Department,
    Employee,
    Invitation,
    RatingSource,
    SkillRatingHistory,
)
from apps.employees.services import rating_set
from apps.learning.models import LearningResource, ResourceSkill
from apps.mentoring.models import MentorOffer, Mentorship
from apps.roles.models import Role, RoleRequirement
from tests.conftest import Org, client_for
from tests.factories import (
    PASSWORD,
    DepartmentFactory,
    RoleFactory,
    RoleRequirementFactory,
    RoleTransitionFactory,
    SkillFactory,
    UserFactory,
    make_employee,
)

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label_lower)


def admin_url(model: type[Model], view: str, *args: object) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture(autouse=True)
def _plain_static_storage(settings: Any) -> None:
    # The manifest exists only after collectstatic; pages here render {% static %} without it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def superuser(db: None) -> User:
    return User.objects.create_superuser("root@example.com", PASSWORD)


@pytest.fixture
def root_client(superuser: User) -> Client:
    return client_for(superuser)


@pytest.fixture
def one_of_everything(org: Org, superuser: User) -> None:
    """At least one row of every model the admin shows (the scale comes from a migration)."""
    requirement = RoleRequirementFactory()
    RoleTransitionFactory(from_role=requirement.role)
    rating_set(
        employee=org.employee,
        skill=requirement.skill,
        level=3,
        source=RatingSource.SELF,
        rated_by=org.employee.user,
    )
    Invitation.objects.create(
        employee=org.employee, email="employee@example.com", invited_by=org.hr_user
    )
    EmailAddress.objects.create(user=org.nobody, email=org.nobody.email, primary=True)
    _one_career_map(org, requirement)
    _one_talent_review_and_plan(org, requirement)
    _one_opportunity(org, requirement)
    Authenticator.objects.create(
        user=superuser,
        type=Authenticator.Type.RECOVERY_CODES,
        data={"seed": "00" * 20, "used_mask": 0},
    )
    # Single sign-on: an identity provider, a connected account and (admin-only) a token.
    app = SocialApp.objects.create(provider="openid_connect", provider_id="sso", name="IdP")
    account = SocialAccount.objects.create(user=org.employee.user, provider="sso", uid="abc")
    SocialToken.objects.create(app=app, account=account, token="t")


def _one_career_map(org: Org, requirement: RoleRequirement) -> None:
    career_map = CareerMap.objects.create(employee=org.employee, target_role=requirement.role)
    goal = Goal.objects.create(
        career_map=career_map,
        specific="s",
        measurable="m",
        achievable="a",
        relevant="r",
        target_date=date(2030, 1, 1),
    )
    Milestone.objects.create(goal=goal, title="first step")
    resource = LearningResource.objects.create(title="Course")
    ResourceSkill.objects.create(resource=resource, skill=requirement.skill, level=3)
    DevelopmentAction.objects.create(
        career_map=career_map,
        kind="education",
        title="course",
        skill=requirement.skill,
        resource=resource,
    )
    SwotItem.objects.create(career_map=career_map, quadrant="S", text="calm")
    NetworkContact.objects.create(career_map=career_map, name="Ada")
    Reflection.objects.create(career_map=career_map, progress="p", confidence=3)
    AssessmentResult.objects.create(career_map=career_map)
    MentorOffer.objects.create(employee=org.manager).skills.add(requirement.skill)
    Mentorship.objects.create(mentor=org.manager, mentee=org.employee)
    CheckIn.objects.create(
        career_map=career_map, manager=org.manager, meeting_date=date(2030, 1, 1)
    )
    Recognition.objects.create(career_map=career_map, goal=goal, message="Well done")


def _one_talent_review_and_plan(org: Org, requirement: RoleRequirement) -> None:
    from apps.succession.audit import audit
    from apps.succession.models import (
        CalibrationMove,
        DemandPlan,
        NineBoxCell,
        SuccessionPlan,
        SuccessorCandidate,
        TalentRating,
        TalentReview,
    )

    review = TalentReview.objects.create(name="2026 H2", closes_on=date(2030, 1, 1))
    rating = TalentRating.objects.create(
        review=review, employee=org.employee, performance=2, potential=2, rated_by=org.hr_user
    )
    CalibrationMove.objects.create(
        rating=rating,
        from_performance=2,
        from_potential=2,
        to_performance=3,
        to_potential=2,
        reason="Calibrated",
        moved_by=org.hr_user,
    )
    NineBoxCell.objects.get_or_create(performance=2, potential=2, defaults={"name": "Core"})
    plan = SuccessionPlan.objects.create(role=requirement.role, incumbent=org.director)
    plan.shared_with.add(org.director.user)
    SuccessorCandidate.objects.create(plan=plan, employee=org.manager, readiness="now")
    DemandPlan.objects.create(role=requirement.role, headcount=2, needed_by=date(2030, 1, 1))
    audit(actor=org.hr_user, action="create", obj=review, summary="Opened 2026 H2")


def _one_opportunity(org: Org, requirement: RoleRequirement) -> None:
    from apps.opportunities.models import Interest, Opportunity, OpportunitySkill, Placement

    opportunity = Opportunity.objects.create(
        kind="project", title="Help-centre sprint", posted_by=org.manager.user
    )
    OpportunitySkill.objects.create(
        opportunity=opportunity, skill=requirement.skill, required_level=3
    )
    Interest.objects.create(opportunity=opportunity, employee=org.employee, note="Keen")
    Placement.objects.create(opportunity=opportunity, employee=org.employee)


def can_add(model: type[Model], user: User) -> bool:
    request = RequestFactory().get("/")
    request.user = user
    return admin.site._registry[model].has_add_permission(request)


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label_lower)
def test_it_loads_the_changelist_with_a_search(
    root_client: Client, one_of_everything: None, model: type[Model]
) -> None:
    assert root_client.get(admin_url(model, "changelist"), {"q": "x"}).status_code == 200


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label_lower)
def test_it_loads_the_add_page_unless_adding_is_refused(
    root_client: Client, superuser: User, one_of_everything: None, model: type[Model]
) -> None:
    expected = 200 if can_add(model, superuser) else 403
    assert root_client.get(admin_url(model, "add")).status_code == expected


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label_lower)
def test_it_loads_the_change_page_of_an_existing_row(
    root_client: Client, one_of_everything: None, model: type[Model]
) -> None:
    obj = model._default_manager.first()
    assert obj is not None, f"one_of_everything creates no {model._meta.label}: add one"
    assert root_client.get(admin_url(model, "change", obj.pk)).status_code == 200


@pytest.mark.parametrize("persona", ["employee", "manager", "hr"])
def test_it_sends_non_staff_to_the_admin_login(org: Org, persona: str) -> None:
    user = org.hr_user if persona == "hr" else getattr(org, persona).user
    url = admin_url(Employee, "changelist")
    response = client_for(user).get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_it_adds_a_user_by_email_and_password(root_client: Client) -> None:
    response = root_client.post(
        admin_url(User, "add"),
        {
            "email": "New.Person@Example.com",
            "name": "New Person",
            "usable_password": "true",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="new.person@example.com")
    assert user.check_password("a-long-unusual-passphrase")
    assert not user.is_staff


def test_it_refuses_a_second_user_with_the_same_email_in_another_case(
    root_client: Client, org: Org
) -> None:
    response = root_client.post(
        admin_url(User, "add"),
        {
            "email": "EMPLOYEE@example.com",
            "usable_password": "true",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
        },
    )
    assert response.status_code == 200
    assert User.objects.filter(email__iexact="employee@example.com").count() == 1


def test_it_changes_a_users_details_and_groups(root_client: Client, org: Org) -> None:
    user = org.nobody
    hr = Group.objects.get(name=HR_GROUP)
    response = root_client.post(
        admin_url(User, "change", user.pk),
        {
            "email": user.email,
            "name": "Now Named",
            "timezone": "Europe/London",
            "is_active": "on",
            "groups": [hr.pk],
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.name == "Now Named"
    assert user.timezone == "Europe/London"
    assert user.is_hr


def employee_form(employee: Employee, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "full_name": employee.full_name,
        "work_email": employee.work_email,
        "user": employee.user_id or "",
        "external_id": employee.external_id or "",
        "department": employee.department_id or "",
        "current_role": employee.current_role_id or "",
        "manager": employee.manager_id or "",
        "status": employee.status,
        "hire_date": "",
        "location": employee.location,
        "timezone": employee.timezone,
    }
    data.update(changes)
    return data


def test_it_creates_an_employee_under_a_manager_with_a_correct_path(
    root_client: Client, org: Org
) -> None:
    blank = Employee(full_name="New Hire", work_email="New.Hire@example.com")
    response = root_client.post(
        admin_url(Employee, "add"),
        employee_form(
            blank,
            manager=org.manager.pk,
            department=org.manager.department_id,
            location="Leeds",
        ),
    )
    assert response.status_code == 302
    hire = Employee.objects.get(work_email="new.hire@example.com")
    assert hire.manager == org.manager
    assert hire.path == f"{org.manager.path}{hire.pk}/"
    assert hire.depth == org.manager.depth + 1
    assert hire.location == "Leeds"


def test_it_moves_a_manager_and_their_whole_team(root_client: Client, org: Org) -> None:
    response = root_client.post(
        admin_url(Employee, "change", org.manager.pk),
        employee_form(org.manager, manager=org.other_manager.pk, location="Remote"),
    )
    assert response.status_code == 302
    moved = Employee.objects.get(pk=org.manager.pk)
    assert moved.path == f"{org.other_manager.path}{moved.pk}/"
    assert moved.location == "Remote"
    employee = Employee.objects.get(pk=org.employee.pk)
    assert employee.path == f"{moved.path}{employee.pk}/"
    assert employee.depth == 2
    assert org.employee in Employee.objects.in_subtree(org.other_manager)


def test_it_ignores_a_posted_path_and_depth(root_client: Client, org: Org) -> None:
    response = root_client.post(
        admin_url(Employee, "change", org.employee.pk),
        employee_form(org.employee, path="/1/", depth=0, location="Bristol"),
    )
    assert response.status_code == 302
    employee = Employee.objects.get(pk=org.employee.pk)
    assert (employee.path, employee.depth) == (org.employee.path, org.employee.depth)
    assert employee.location == "Bristol"


@pytest.mark.parametrize(
    ("mover", "new_manager", "message"),
    [
        ("director", "employee", "Director cannot report to Employee, who reports to them."),
        ("manager", "manager", "Manager cannot report to themselves."),
    ],
)
def test_it_refuses_a_reporting_loop_with_a_form_error(
    root_client: Client, org: Org, mover: str, new_manager: str, message: str
) -> None:
    person: Employee = getattr(org, mover)
    target: Employee = getattr(org, new_manager)
    response = root_client.post(
        admin_url(Employee, "change", person.pk), employee_form(person, manager=target.pk)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    unchanged = Employee.objects.get(pk=person.pk)
    assert (unchanged.manager_id, unchanged.path) == (person.manager_id, person.path)


def test_it_never_shows_an_invitation_secret_nor_its_digest(root_client: Client, org: Org) -> None:
    invitation = Invitation.objects.create(employee=org.employee, email="employee@example.com")
    secret = invitation.issue_secret()
    content = root_client.get(admin_url(Invitation, "change", invitation.pk)).content.decode()
    assert secret not in content
    assert invitation.token not in content
    assert 'name="token"' not in content
    assert "Pending" in content


def test_it_records_who_sent_an_invitation_made_in_the_admin(
    root_client: Client, superuser: User, org: Org
) -> None:
    response = root_client.post(
        admin_url(Invitation, "add"),
        {
            "employee": org.teammate.pk,
            "email": "teammate@example.com",
            "expires_at_0": "2099-01-01",
            "expires_at_1": "12:00:00",
        },
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get(employee=org.teammate)
    assert invitation.invited_by == superuser
    assert invitation.status == "pending"


def test_it_keeps_rating_history_append_only(root_client: Client, one_of_everything: None) -> None:
    row = SkillRatingHistory.objects.get()
    assert root_client.get(admin_url(SkillRatingHistory, "delete", row.pk)).status_code == 403
    response = root_client.post(admin_url(SkillRatingHistory, "change", row.pk), {"level": 5})
    assert response.status_code == 403
    assert SkillRatingHistory.objects.get().level == 3


# Builders for the query-count check: each adds ``n`` rows with every related object distinct.
def add_employees(n: int) -> None:
    boss = make_employee(name="Boss")
    for _ in range(n):
        make_employee(
            manager=boss,
            department=DepartmentFactory(),
            current_role=RoleFactory(is_key_position=True),
            location="Leeds",
        )


def add_ratings(n: int) -> None:
    rater = UserFactory()
    for _ in range(n):
        employee, skill = make_employee(), SkillFactory()
        rating_set(employee=employee, skill=skill, level=2, source=RatingSource.SELF, rated_by=None)
        rating_set(
            employee=employee, skill=skill, level=3, source=RatingSource.MANAGER, rated_by=rater
        )


def add_roles(n: int) -> None:
    for _ in range(n):
        requirement = RoleRequirementFactory()
        RoleTransitionFactory(from_role=requirement.role)


def add_invitations(n: int) -> None:
    for _ in range(n):
        employee = make_employee()
        Invitation.objects.create(
            employee=employee, email=employee.work_email, invited_by=UserFactory()
        )


def add_users(n: int) -> None:
    for _ in range(n):
        make_employee(user=UserFactory())


def add_departments(n: int) -> None:
    for _ in range(n):
        department = Department.objects.create(
            name=f"Dept {Department.objects.count()}", parent=DepartmentFactory()
        )
        department.head = make_employee(department=department)
        department.save()


BUILDERS: dict[str, tuple[Callable[[int], None], list[str]]] = {
    "employees": (add_employees, ["employees.employee"]),
    "ratings": (add_ratings, ["employees.skillrating", "employees.skillratinghistory"]),
    "roles": (
        add_roles,
        [
            "roles.role",
            "roles.rolerequirement",
            "roles.roletransition",
            "roles.jobfamily",
            "skills.skill",
            "skills.skillcategory",
        ],
    ),
    "invitations": (add_invitations, ["employees.invitation"]),
    "users": (add_users, ["accounts.user"]),
    "departments": (add_departments, ["employees.department"]),
}


def changelist_queries(client: Client, model: type[Model]) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(admin_url(model, "changelist")).status_code == 200
    return len(queries)


@pytest.mark.parametrize("kind", BUILDERS)
def test_it_loads_changelists_in_the_same_number_of_queries_for_3_or_30_rows(
    root_client: Client, kind: str
) -> None:
    build, labels = BUILDERS[kind]
    models = [model for model in REGISTERED if model._meta.label_lower in labels]
    assert len(models) == len(labels)
    build(3)
    few = {model: changelist_queries(root_client, model) for model in models}
    build(27)
    many = {model: changelist_queries(root_client, model) for model in models}
    assert many == few


def test_it_filters_employees_by_key_position_and_role_family(
    root_client: Client, org: Org
) -> None:
    key_role: Role = RoleFactory(is_key_position=True)
    Employee.objects.filter(pk=org.teammate.pk).update(current_role=key_role)
    response = root_client.get(
        admin_url(Employee, "changelist"),
        {
            "current_role__is_key_position__exact": "1",
            "current_role__family__id__exact": key_role.family_id,
        },
    )
    assert list(response.context["cl"].result_list) == [org.teammate]


def test_it_refuses_to_delete_an_employee_whose_rating_history_would_go(
    root_client: Client, org: Org, one_of_everything: None
) -> None:
    # Leavers are marked "left": deleting them would erase append-only history.
    url = admin_url(Employee, "delete", org.employee.pk)
    assert "skill rating history" in root_client.get(url).content.decode()
    assert root_client.post(url, {"post": "yes"}).status_code == 403
    assert Employee.objects.filter(pk=org.employee.pk).exists()


def test_it_deletes_an_employee_with_no_history(root_client: Client, org: Org) -> None:
    url = admin_url(Employee, "delete", org.teammate.pk)
    assert root_client.post(url, {"post": "yes"}).status_code == 302
    assert not Employee.objects.filter(pk=org.teammate.pk).exists()


def test_it_finds_employees_by_external_id_and_login_email(root_client: Client, org: Org) -> None:
    Employee.objects.filter(pk=org.teammate.pk).update(external_id="HRIS-4711")
    url = admin_url(Employee, "changelist")
    assert list(root_client.get(url, {"q": "HRIS-4711"}).context["cl"].result_list) == [
        org.teammate
    ]
    assert list(root_client.get(url, {"q": "other_employee@"}).context["cl"].result_list) == [
        org.other_employee
    ]


def test_it_filters_ratings_by_manager_rating_and_skill_category(
    root_client: Client, org: Org
) -> None:
    skill = SkillFactory()
    self_only = rating_set(
        employee=org.employee, skill=skill, level=2, source=RatingSource.SELF, rated_by=None
    )
    rated = rating_set(
        employee=org.teammate,
        skill=skill,
        level=4,
        source=RatingSource.MANAGER,
        rated_by=org.manager.user,
    )
    rating_set(
        employee=org.teammate,
        skill=SkillFactory(),
        level=1,
        source=RatingSource.SELF,
        rated_by=None,
    )
    url = admin_url(type(rated), "changelist")
    category = {"skill__category__id__exact": skill.category_id}
    yes = root_client.get(url, {**category, "manager_rated": "yes"}).context["cl"].result_list
    no = root_client.get(url, {**category, "manager_rated": "no"}).context["cl"].result_list
    assert list(yes) == [rated]
    assert list(no) == [self_only]


def test_a_reflections_text_never_shows_in_the_admin(root_client: Client, org: Org) -> None:
    from apps.careermaps.services.maps import map_create

    career_map = map_create(employee=org.employee)
    reflection = Reflection.objects.create(
        career_map=career_map,
        progress="I doubt my manager",
        went_well="Secret win",
        adjust="Private plan",
        confidence=2,
    )
    pages = [
        root_client.get(admin_url(Reflection, "change", reflection.pk)),
        root_client.get(admin_url(Reflection, "changelist")),
        root_client.get(admin_url(Reflection, "changelist"), {"q": "doubt"}),
    ]
    for page in pages:
        assert page.status_code == 200
        html = page.content.decode()
        for text in ("I doubt my manager", "Secret win", "Private plan"):
            assert text not in html
    assert "reflections are private" in pages[0].content.decode()
    # Nothing can be written through it either.
    data = {"progress": "changed", "confidence": 5}
    root_client.post(admin_url(Reflection, "change", reflection.pk), data)
    reflection.refresh_from_db()
    assert reflection.progress == "I doubt my manager"
