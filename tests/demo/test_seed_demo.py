"""`manage.py seed_demo`: the demo organisation, its logins, the worked example, the large org."""

from __future__ import annotations

import itertools
import os
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db.models import CharField, F, Max, Value
from django.db.models.functions import Cast, Coalesce, Concat

from apps.accounts.models import HR_GROUP, User
from apps.demo import data as demo
from apps.demo.large import large_layout
from apps.demo.seeding import counts
from apps.employees.models import Department, Employee, SkillRating, SkillRatingHistory
from apps.roles.models import JobFamily, Role, RoleRequirement, RoleTransition, TransitionKind
from apps.skills.models import Skill, SkillCategory
from tests.conftest import require

SEED_NAME = "000_862ccc58a0565a50.txt"
SEED_CANDIDATES = [
    Path(os.environ.get("CAREERMAP_SEED_TEXT", "/nonexistent")),
    Path(__file__).resolve().parents[2] / "docs" / "seeds" / SEED_NAME,
    Path("/work/shared/seeds") / SEED_NAME,
]
LOGINS = [demo.EMPLOYEE_LOGIN, demo.MANAGER_LOGIN, demo.DIRECTOR_LOGIN, demo.HR_LOGIN]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The demo logins are real accounts; a cheap hasher keeps each seeding run quick.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded(db) -> str:
    return seed()


@pytest.fixture(scope="module")
def example() -> list[str]:
    """The lines of the seed document's "Career Mapping Example" section."""
    path = next((p for p in SEED_CANDIDATES if p.is_file()), None)
    require(path is not None, f"the seed document {SEED_NAME} is not available")
    assert path is not None
    lines = path.read_text(encoding="utf-8").splitlines()
    return lines[lines.index("Career Mapping Example") + 1 :]


def bullets_after(lines: list[str], heading: str) -> list[str]:
    start = lines.index(heading) + 1
    bullets = []
    for line in lines[start:]:
        if not line.startswith("- "):
            break
        bullets.append(line.removeprefix("- "))
    assert bullets, f"no bullet lines under {heading!r}"
    return bullets


def broken_paths() -> list[tuple[int, str, str]]:
    """Employees whose path is not their manager's path + own id + "/" (or depth is off)."""
    expected = Employee.objects.annotate(
        expected_path=Concat(
            Coalesce(F("manager__path"), Value("/")),
            Cast("pk", CharField()),
            Value("/"),
            output_field=CharField(),
        ),
        expected_depth=Coalesce(F("manager__depth") + 1, Value(0)),
    )
    wrong = expected.exclude(path=F("expected_path")) | expected.exclude(depth=F("expected_depth"))
    return list(wrong.values_list("pk", "path", "expected_path"))


def login_employee(email: str) -> Employee:
    return Employee.objects.select_related("manager", "user", "department").get(user__email=email)


# --- the demo organisation -------------------------------------------------------------------


def test_it_builds_about_sixty_people_in_five_departments_with_heads(seeded):
    assert Employee.objects.count() >= 55
    assert Department.objects.count() == 5
    for department in Department.objects.select_related("head"):
        assert department.head is not None, department
        assert department.head.department_id == department.pk
        assert department.employees.count() >= 5


def test_it_builds_role_families_with_levels_tracks_and_key_positions(seeded):
    assert Role.objects.count() >= 20
    assert JobFamily.objects.count() >= 4
    assert all(f.roles.count() >= 4 for f in JobFamily.objects.all())
    assert Role.objects.filter(track="manager").exists()
    assert Role.objects.filter(track="ic").exists()
    assert Role.objects.values("level").distinct().count() >= 5
    for role in Role.objects.all():
        assert role.summary
        assert len(role.responsibility_list) >= 3, role
        assert role.requirements.count() >= 4, role
    heads = Role.objects.filter(pk__in=Department.objects.values("head__current_role"))
    assert heads.count() == 5
    assert all(role.is_key_position for role in heads)
    assert Role.objects.filter(is_key_position=False).count() > 20


def test_it_builds_a_skill_taxonomy_with_requirements_and_transitions(seeded):
    assert Skill.objects.count() >= 60
    tops = SkillCategory.objects.filter(parent=None)
    assert 3 <= tops.count() <= 6
    assert all(top.children.exists() for top in tops)
    assert not Skill.objects.filter(category__parent=None).exists()
    requirements = RoleRequirement.objects.all()
    assert requirements.count() >= 100
    assert {r.importance for r in requirements} == {"essential", "desirable"}
    assert {r.required_level for r in requirements} <= {1, 2, 3, 4, 5}
    assert len({r.weight for r in requirements}) >= 2
    kinds = set(RoleTransition.objects.values_list("kind", flat=True))
    assert kinds == {TransitionKind.PROMOTION, TransitionKind.LATERAL, TransitionKind.CROSS_FAMILY}
    assert RoleTransition.objects.count() >= 20
    for move in RoleTransition.objects.select_related("from_role", "to_role"):
        crosses = move.from_role.family_id != move.to_role.family_id
        assert crosses == (move.kind == TransitionKind.CROSS_FAMILY), move
        assert move.typical_months > 0


def test_it_rates_skills_by_self_and_manager_with_matching_history(seeded):
    ratings = SkillRating.objects.all()
    assert ratings.count() >= 5 * Employee.objects.count()
    assert not Employee.objects.filter(ratings=None).exists()
    assert not ratings.filter(self_level=None).exists()
    by_manager = ratings.exclude(manager_level=None)
    assert by_manager.values("employee").distinct().count() >= Employee.objects.count() // 2
    assert by_manager.exclude(manager_rated_by=None).exists()
    assert SkillRatingHistory.objects.filter(source="self").count() == ratings.count()
    assert SkillRatingHistory.objects.filter(source="manager").count() == by_manager.count()
    for rating in by_manager.select_related("employee")[:50]:
        latest = SkillRatingHistory.objects.filter(
            employee=rating.employee, skill=rating.skill, source="manager"
        ).first()
        assert latest is not None
        assert latest.level == rating.manager_level
        assert latest.rated_at == rating.manager_rated_at


def test_it_varies_locations_timezones_and_hire_dates(seeded):
    people = Employee.objects.all()
    assert people.values("location").distinct().count() >= 5
    assert {"Europe/London", "America/New_York", "Europe/Berlin", "Asia/Kolkata"} <= set(
        people.values_list("timezone", flat=True)
    )
    assert people.values("hire_date").distinct().count() >= 40
    assert not people.filter(current_role=None).exists()
    assert not people.filter(department=None).exists()


def test_it_builds_one_proper_tree_under_the_ceo(seeded):
    ceo = Employee.objects.get(manager=None)
    assert ceo.depth == 0
    assert ceo.path == f"/{ceo.pk}/"
    assert ceo.current_role.title == "Chief Executive Officer"
    assert broken_paths() == []
    assert Employee.objects.in_subtree(ceo).count() == Employee.objects.count()


# --- the worked example ----------------------------------------------------------------------


def test_it_has_the_customer_service_representative_word_for_word(seeded, example):
    role = Role.objects.get(title=example[0].removeprefix("Current Position: "))
    assert role.responsibilities.splitlines() == bullets_after(example, "Current Job Description:")
    assert sorted(role.skills.values_list("name", flat=True)) == sorted(
        bullets_after(example, "Current Skills Required:")
    )
    assert "customer’s complaint" in role.responsibilities  # noqa: RUF001 - the seed's apostrophe


def test_it_has_the_product_support_specialist_word_for_word(seeded, example):
    target = next(line for line in example if line.startswith("Goal/Targeted Role: "))
    role = Role.objects.get(title=target.removeprefix("Goal/Targeted Role: "))
    assert role.responsibilities.splitlines() == bullets_after(
        example, "Targeted Role Job Description:"
    )
    assert sorted(role.skills.values_list("name", flat=True)) == sorted(
        bullets_after(example, "Targeted Role Skills:")
    )


def test_it_links_the_example_roles_with_a_transition(seeded):
    move = RoleTransition.objects.get(
        from_role__title="Customer Service Representative",
        to_role__title="Product Support Specialist",
    )
    assert move.kind in {TransitionKind.LATERAL, TransitionKind.CROSS_FAMILY}


def test_it_keeps_the_example_goals_and_development_plan_word_for_word(example):
    goals = [line.split(": ", 1)[1] for line in example if line.startswith("Goal #")]
    assert list(demo.WORKED_EXAMPLE_GOALS) == goals
    plan = example[example.index("Development Plan:") + 1 :]
    for section in demo.WORKED_EXAMPLE_DEVELOPMENT_PLAN:
        assert list(section.actions) == bullets_after(plan, f"{section.heading}:")
    headings = [line for line in plan if line.endswith(":")]
    assert headings == [f"{s.heading}:" for s in demo.WORKED_EXAMPLE_DEVELOPMENT_PLAN]


def test_it_gives_the_example_employee_gaps_for_the_target_role(seeded):
    maya = login_employee(demo.EMPLOYEE_LOGIN)
    assert maya.current_role.title == demo.WORKED_EXAMPLE_CURRENT_ROLE
    target = Role.objects.get(title=demo.WORKED_EXAMPLE_TARGET_ROLE)
    rated = {r.skill_id: r for r in maya.ratings.all()}
    gaps = [
        req for req in target.requirements.all()
        if rated[req.skill_id].current_level < req.required_level
    ]  # fmt: skip
    assert 3 <= len(gaps) < target.requirements.count()


# --- the demo logins -------------------------------------------------------------------------


def test_it_creates_demo_logins_that_sign_in_with_the_demo_password(seeded):
    for email in LOGINS:
        user = authenticate(email=email, password="careermap-demo")
        assert user is not None, email
        assert user.employee.work_email == email
        assert authenticate(email=email, password="wrong-password") is None
    assert User.objects.count() == 5


def test_it_makes_the_admin_a_superuser_without_an_employee_record(seeded):
    admin = authenticate(email=demo.ADMIN_LOGIN, password="careermap-demo")
    assert admin is not None
    assert admin.is_staff
    assert admin.is_superuser
    assert not Employee.objects.filter(user=admin).exists()


def test_it_puts_the_hr_login_in_the_hr_group_and_people_and_finance(seeded):
    hr = login_employee(demo.HR_LOGIN)
    assert hr.user.groups.filter(name=HR_GROUP).exists()
    assert hr.user.is_hr
    assert hr.department.name == "People & Finance"
    assert not User.objects.get(email=demo.MANAGER_LOGIN).is_hr


def test_it_reports_employee_to_manager_to_director(seeded):
    employee = login_employee(demo.EMPLOYEE_LOGIN)
    manager = login_employee(demo.MANAGER_LOGIN)
    director = login_employee(demo.DIRECTOR_LOGIN)
    assert employee.full_name == "Maya Patel"
    assert employee.manager == manager
    assert manager.manager == director
    assert manager.current_role.title == "Customer Support Team Lead"
    assert manager.reports.count() >= 4
    assert Department.objects.get(name="Customer Support").head == director
    assert director.depth == 1
    assert Employee.objects.exclude(user=None).count() == 4


# --- running it again ------------------------------------------------------------------------


def test_it_changes_nothing_when_run_a_second_time(seeded):
    before = counts()
    output = seed()
    assert "already exists" in output
    assert counts() == before


def test_it_fills_in_only_what_is_missing(seeded):
    before = counts()
    leaf = Employee.objects.get(work_email=f"tom.bennett@{demo.DEMO_DOMAIN}")
    SkillRatingHistory.objects.filter(employee=leaf).delete()
    SkillRating.objects.filter(employee=leaf).delete()
    leaf.delete()
    Role.objects.get(title="Staff Engineer").requirements.first().delete()
    seed()
    assert counts() == before
    assert broken_paths() == []


# --- the large organisation ------------------------------------------------------------------


def test_it_generates_a_large_deep_organisation_under_the_ceo(db):
    seed("--employees", "300")
    generated = Employee.objects.filter(work_email__endswith=f"@{demo.LARGE_DOMAIN}")
    assert generated.count() == 300
    assert generated.filter(work_email="person000123@large.careermap.test").exists()
    assert generated.aggregate(deepest=Max("depth"))["deepest"] >= 5
    assert Employee.objects.filter(manager=None).count() == 1
    assert broken_paths() == []
    assert not generated.filter(current_role=None).exists()
    assert not generated.filter(department=None).exists()
    assert SkillRating.objects.filter(employee__in=generated).count() == 8 * 300


def test_it_does_not_duplicate_the_large_organisation(db):
    seed("--employees", "300")
    before = counts()
    output = seed("--employees", "300")
    assert "already has 300" in output
    assert counts() == before


def test_it_adds_only_the_missing_people_up_to_n(db):
    seed("--employees", "120")
    seed("--employees", "300")
    generated = Employee.objects.filter(work_email__endswith=f"@{demo.LARGE_DOMAIN}")
    assert generated.count() == 300
    assert broken_paths() == []
    assert not generated.filter(ratings=None).exists()


def test_it_lays_out_twenty_thousand_people_six_to_eight_deep():
    layout = large_layout(20000)
    assert sum(len(level) for level in layout) == 20000
    assert 6 <= len(layout) <= 8
    assert [slot.index for level in layout for slot in level] == list(range(1, 20001))
    for above, level in itertools.pairwise(layout):
        assert {slot.manager for slot in level} <= {slot.index for slot in above}


def test_it_refuses_a_negative_number_of_employees(db):
    with pytest.raises(CommandError):
        seed("--employees", "-1")
