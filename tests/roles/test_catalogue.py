"""HR maintains the role catalogue in the app: families, roles, required skills, career paths."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from itertools import pairwise
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.careermaps.models import CareerMap
from apps.roles import services
from apps.roles.access import RoleUsage
from apps.roles.models import JobFamily, Role, RoleRequirement, RoleTransition, Track
from apps.skills.models import ProficiencyLevel, Skill
from tests.conftest import Org, client_for
from tests.factories import (
    JobFamilyFactory,
    RoleFactory,
    RoleRequirementFactory,
    RoleTransitionFactory,
    SkillFactory,
    UserFactory,
    make_employee,
)

HTMX = {"HX-Request": "true"}
LEVEL_MESSAGE = "Choose a level from 1 (Awareness) to 5 (Expert)."
LATERAL = {"kind": "lateral"}


@pytest.fixture
def hr(org: Org) -> Client:
    return client_for(org.hr_user)


@pytest.fixture
def role(db: None) -> Role:
    family = JobFamilyFactory(name="Customer Support")
    return RoleFactory(title="Customer Service Representative", family=family, level=1)


def role_url(name: str, role: Role, *args: Any) -> str:
    return reverse(f"roles:{name}", args=[role.public_id, *args])


def text_of(response: Any) -> str:
    """The response's visible text, tags dropped and spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def requirement_data(skill: Skill, level: Any = 3, prefix: str = "new-requirement") -> dict:
    return {
        f"{prefix}-skill": skill.pk,
        f"{prefix}-required_level": level,
        f"{prefix}-importance": "essential",
        f"{prefix}-weight": "1.5",
        f"{prefix}-version": 1,  # an edit form's; an add form ignores it
    }


def path_data(other: Role, prefix: str = "new-path-out", months: int = 18) -> dict:
    return {
        f"{prefix}-other_role": other.pk,
        f"{prefix}-kind": "promotion",
        f"{prefix}-typical_months": months,
        f"{prefix}-version": 1,  # an edit form's; an add form ignores it
    }


def hold(role: Role, *names: str) -> None:
    for name in names:
        make_employee(name=name, current_role=role)


def target(role: Role, *names: str) -> None:
    for name in names:
        CareerMap.objects.create(employee=make_employee(name=name), target_role=role)


# ---------------------------------------------------------------- the catalogue page


def test_hr_sees_every_family_with_its_roles(hr: Client, role: Role) -> None:
    RoleFactory(title="Data Analyst", family=JobFamilyFactory(name="Data"), level=2)
    response = hr.get(reverse("roles:catalogue"))
    assert response.status_code == 200
    page = text_of(response)
    for name in ("Customer Support", "Customer Service Representative", "Data", "Data Analyst"):
        assert name in page


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ({"q": "analyst"}, "Data Analyst", "Team Lead"),
        ({"level": "4"}, "Team Lead", "Data Analyst"),
        ({"track": Track.MANAGER}, "Team Lead", "Data Analyst"),
    ],
)
def test_search_by_title_and_filters_narrow_the_list(
    hr: Client, db: None, query: dict, shown: str, hidden: str
) -> None:
    RoleFactory(title="Data Analyst", level=2)
    RoleFactory(title="Team Lead", level=4, track=Track.MANAGER)
    page = text_of(hr.get(reverse("roles:catalogue"), query))
    assert shown in page
    assert hidden not in page


def test_the_family_filter_shows_that_family_only(hr: Client, role: Role) -> None:
    other = RoleFactory(title="Data Analyst", family=JobFamilyFactory(name="Data"))
    page = text_of(hr.get(reverse("roles:catalogue"), {"family": other.family_id}))
    assert "Data Analyst" in page
    assert "Customer Service Representative" not in page


def test_htmx_search_answers_with_the_results_only(hr: Client, role: Role) -> None:
    response = hr.get(reverse("roles:catalogue"), {"q": "customer"}, headers=HTMX)
    html = response.content.decode()
    assert "<html" not in html
    assert "Job families" not in html
    assert "Customer Service Representative" in html


def test_the_catalogue_is_in_the_navigation_of_hr_only(org: Org, hr: Client) -> None:
    url = reverse("roles:catalogue")
    assert f'href="{url}"' in hr.get(reverse("employees:directory")).content.decode()
    employee = client_for(org.employee.user)
    assert f'href="{url}"' not in employee.get(reverse("employees:directory")).content.decode()


# ---------------------------------------------------------------- who may manage it


def management_urls(role: Role) -> list[tuple[str, str]]:
    requirement = RoleRequirementFactory(role=role)
    path = RoleTransitionFactory(from_role=role)
    return [
        ("get", reverse("roles:catalogue")),
        ("get", reverse("roles:family-create")),
        ("get", reverse("roles:family-edit", args=[role.family_id])),
        ("post", reverse("roles:family-delete", args=[role.family_id])),
        ("get", reverse("roles:role-create")),
        ("get", role_url("role-edit", role)),
        ("post", role_url("role-edit", role)),
        ("post", role_url("role-delete", role)),
        ("get", role_url("requirements", role)),
        ("post", role_url("requirement-add", role)),
        ("get", role_url("requirement-edit", role, requirement.pk)),
        ("post", role_url("requirement-delete", role, requirement.pk)),
        ("get", role_url("transitions-out", role)),
        ("get", role_url("transitions-in", role)),
        ("post", role_url("transition-out-add", role)),
        ("get", role_url("transition-edit", role, path.pk)),
        ("post", role_url("transition-delete", role, path.pk)),
    ]


@pytest.mark.parametrize("persona", ["employee", "manager", "director", "nobody"])
def test_everyone_but_hr_gets_404_on_every_page_and_fragment(
    org: Org, role: Role, persona: str
) -> None:
    user = org.nobody if persona == "nobody" else getattr(org, persona).user
    client = client_for(user)
    for method, url in management_urls(role):
        for headers in ({}, HTMX):
            response = getattr(client, method)(url, headers=headers)
            assert response.status_code == 404, f"{persona} {method} {url}"
    assert Role.objects.filter(pk=role.pk).exists()


def test_a_superuser_counts_as_hr(role: Role) -> None:
    admin = UserFactory(is_superuser=True, is_staff=True)
    assert client_for(admin).get(role_url("role-edit", role)).status_code == 200


def test_a_requirement_or_path_of_another_role_is_not_found_under_this_one(
    hr: Client, role: Role
) -> None:
    elsewhere = RoleRequirementFactory()
    path = RoleTransitionFactory()
    assert hr.get(role_url("requirement-edit", role, elsewhere.pk)).status_code == 404
    assert hr.post(role_url("transition-delete", role, path.pk)).status_code == 404
    assert RoleTransition.objects.filter(pk=path.pk).exists()


# ---------------------------------------------------------------- job families


def test_hr_creates_a_family_and_is_sent_to_add_its_first_role(hr: Client, db: None) -> None:
    response = hr.post(reverse("roles:family-create"), {"name": " Data ", "description": "BI"})
    family = JobFamily.objects.get(name="Data")
    assert response["Location"] == f"{reverse('roles:role-create')}?family={family.pk}"
    page = hr.get(response["Location"]).content.decode()
    assert f'<option value="{family.pk}" selected>Data</option>' in page


def test_a_duplicate_family_name_is_refused_whatever_the_case(hr: Client, role: Role) -> None:
    response = hr.post(reverse("roles:family-create"), {"name": "customer SUPPORT"})
    assert response.status_code == 200
    assert "A job family with this name already exists." in text_of(response)
    assert JobFamily.objects.count() == 1


def test_a_family_is_renamed(hr: Client, role: Role) -> None:
    url = reverse("roles:family-edit", args=[role.family_id])
    assert hr.post(url, {"name": "Customer Care", "version": 1}).status_code == 302
    assert JobFamily.objects.get(pk=role.family_id).name == "Customer Care"


def test_a_family_with_roles_is_kept_and_an_empty_one_deleted(hr: Client, role: Role) -> None:
    response = hr.post(reverse("roles:family-delete", args=[role.family_id]))
    assert "Customer Support still has 1 role." in text_of(response)
    empty = JobFamilyFactory(name="Empty")
    assert hr.post(reverse("roles:family-delete", args=[empty.pk])).status_code == 302
    assert list(JobFamily.objects.values_list("name", flat=True)) == ["Customer Support"]


# ---------------------------------------------------------------- roles


def role_data(family: JobFamily, **overrides: Any) -> dict[str, Any]:
    data = {
        "title": "Support Team Coach",
        "family": family.pk,
        "level": 3,
        "track": Track.INDIVIDUAL,
        "summary": "Coaches the support team.",
        "responsibilities": "  Run weekly coaching \n\n- Review calls  \n",
        "is_key_position": "on",
        "version": 1,  # the edit form's; the create form ignores it
    }
    return data | overrides


def test_hr_creates_a_role_and_lands_on_its_page(hr: Client, role: Role) -> None:
    response = hr.post(reverse("roles:role-create"), role_data(role.family))
    created = Role.objects.get(title="Support Team Coach")
    assert response["Location"] == role_url("role-edit", created)
    assert created.responsibilities == "Run weekly coaching\n- Review calls"
    assert created.responsibility_list == ["Run weekly coaching", "Review calls"]
    assert (created.is_key_position, created.level) == (True, 3)


def test_a_duplicate_role_title_is_refused_beside_the_title(hr: Client, role: Role) -> None:
    data = role_data(role.family, title="customer service REPRESENTATIVE")
    response = hr.post(reverse("roles:role-create"), data)
    html = response.content.decode()
    assert re.search(r'id="id_title_error">\s*<li>A role with this title already exists', html)
    assert Role.objects.count() == 1


def test_role_details_are_saved(hr: Client, role: Role) -> None:
    data = role_data(role.family, title="Customer Service Associate", level=2)
    response = hr.post(role_url("role-edit", role), data)
    assert response.status_code == 302
    role.refresh_from_db()
    assert (role.title, role.level) == ("Customer Service Associate", 2)


def test_a_rename_to_a_taken_title_is_refused_and_nothing_changes(hr: Client, role: Role) -> None:
    RoleFactory(title="Team Lead")
    data = role_data(role.family, title="team lead", level=9)
    response = hr.post(role_url("role-edit", role), data)
    assert "A role with this title already exists." in text_of(response)
    assert "<h1>Customer Service Representative</h1>" in response.content.decode()
    role.refresh_from_db()
    assert (role.title, role.level) == ("Customer Service Representative", 1)


def test_a_role_level_outside_1_to_12_is_refused(role: Role) -> None:
    with pytest.raises(ValidationError) as refused:
        services.role_update(
            role=role, title=role.title, family=role.family, level=13, track=Track.INDIVIDUAL
        )
    assert "level" in refused.value.message_dict


# ---------------------------------------------------------------- required skills


def test_hr_adds_a_required_skill_and_htmx_gets_the_list_back(hr: Client, role: Role) -> None:
    skill = SkillFactory(name="Active listening")
    response = hr.post(role_url("requirement-add", role), requirement_data(skill, 4), headers=HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<section class="card" id="requirements"')
    assert "Active listening added, required at level 4." in html
    requirement = role.requirements.get()
    assert (requirement.skill, requirement.required_level) == (skill, 4)
    assert requirement.weight == Decimal("1.5")


@pytest.mark.parametrize("level", [0, 6, -1, 42])
def test_a_level_outside_1_to_5_is_refused_beside_the_field(
    hr: Client, role: Role, level: int
) -> None:
    data = requirement_data(SkillFactory(), level)
    response = hr.post(role_url("requirement-add", role), data, headers=HTMX)
    html = response.content.decode()
    assert re.search(
        rf'id="id_new-requirement-required_level_error">\s*<li>{re.escape(LEVEL_MESSAGE)}', html
    )
    assert not role.requirements.exists()


@pytest.mark.parametrize("level", [0, 6])
def test_the_service_refuses_a_level_outside_the_scale(role: Role, level: int) -> None:
    with pytest.raises(ValidationError) as refused:
        services.requirement_create(role=role, skill=SkillFactory(), required_level=level)
    assert refused.value.message_dict == {"required_level": [LEVEL_MESSAGE]}
    assert not role.requirements.exists()


def test_the_database_refuses_a_level_outside_1_to_5(role: Role) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleRequirement.objects.create(role=role, skill=SkillFactory(), required_level=6)


def test_the_same_skill_twice_is_refused(hr: Client, role: Role) -> None:
    skill = SkillFactory(name="Active listening")
    RoleRequirementFactory(role=role, skill=skill)
    response = hr.post(role_url("requirement-add", role), requirement_data(skill), headers=HTMX)
    assert re.search(
        r'id="id_new-requirement-skill_error">\s*<li>Customer Service Representative already '
        r"requires Active listening\.",
        response.content.decode(),
    )
    assert role.requirements.count() == 1


def test_levels_are_shown_with_the_proficiency_descriptors(hr: Client, role: Role) -> None:
    ProficiencyLevel.objects.update_or_create(
        level=4, defaults={"name": "Advanced", "descriptor": "Handles the unusual cases."}
    )
    RoleRequirementFactory(role=role, required_level=4)
    page = text_of(hr.get(role_url("role-edit", role)))
    assert "4 · Advanced Handles the unusual cases." in page


def test_editing_a_requirement_swaps_just_its_row(hr: Client, role: Role) -> None:
    requirement = RoleRequirementFactory(role=role, required_level=2)
    url = role_url("requirement-edit", role, requirement.pk)
    form_row = hr.get(url, headers=HTMX).content.decode()
    assert form_row.lstrip().startswith(f'<tr id="requirement-{requirement.pk}"')
    assert f'name="requirement-{requirement.pk}-required_level" value="2"' in form_row
    prefix = f"requirement-{requirement.pk}"
    data = requirement_data(requirement.skill, 5, prefix=prefix)
    saved_row = hr.post(url, data, headers=HTMX).content.decode()
    assert saved_row.lstrip().startswith(f'<tr id="requirement-{requirement.pk}">')
    assert "Saved" in saved_row
    requirement.refresh_from_db()
    assert requirement.required_level == 5


def test_editing_a_requirement_into_a_duplicate_is_refused_in_its_row(
    hr: Client, role: Role
) -> None:
    taken = RoleRequirementFactory(role=role)
    requirement = RoleRequirementFactory(role=role)
    prefix = f"requirement-{requirement.pk}"
    response = hr.post(
        role_url("requirement-edit", role, requirement.pk),
        requirement_data(taken.skill, prefix=prefix),
        headers=HTMX,
    )
    assert f'id="id_{prefix}-skill_error"' in response.content.decode()
    requirement.refresh_from_db()
    assert requirement.skill != taken.skill


def test_removing_a_requirement_answers_with_the_list_without_it(hr: Client, role: Role) -> None:
    requirement = RoleRequirementFactory(role=role, skill=SkillFactory(name="Typing"))
    url = role_url("requirement-delete", role, requirement.pk)
    html = hr.post(url, headers=HTMX).content.decode()
    assert "Typing is no longer required." in html
    assert f'id="requirement-{requirement.pk}"' not in html
    assert not role.requirements.exists()


def test_without_javascript_a_valid_add_redirects_back_with_a_message(
    hr: Client, role: Role
) -> None:
    data = requirement_data(SkillFactory(name="Typing"))
    response = hr.post(role_url("requirement-add", role), data, follow=True)
    assert response.redirect_chain == [(role_url("role-edit", role) + "#requirements", 302)]
    assert "Typing added, required at level 3." in text_of(response)


def test_without_javascript_a_refused_add_shows_the_whole_page_with_the_error(
    hr: Client, role: Role
) -> None:
    data = requirement_data(SkillFactory(), 9)
    response = hr.post(role_url("requirement-add", role), data)
    html = response.content.decode()
    assert "<html" in html
    assert LEVEL_MESSAGE in html
    assert 'name="new-requirement-required_level" value="9"' in html


def test_without_javascript_an_edit_link_opens_the_page_with_that_row_as_a_form(
    hr: Client, role: Role
) -> None:
    requirement = RoleRequirementFactory(role=role)
    html = hr.get(role_url("requirement-edit", role, requirement.pk)).content.decode()
    assert "<html" in html
    assert f'name="requirement-{requirement.pk}-skill"' in html


# ---------------------------------------------------------------- career paths


def test_hr_adds_a_path_out_and_a_path_in(hr: Client, role: Role) -> None:
    senior = RoleFactory(title="Senior Representative")
    trainee = RoleFactory(title="Trainee")
    out = hr.post(role_url("transition-out-add", role), path_data(senior), headers=HTMX)
    assert out.content.decode().lstrip().startswith('<section class="card" id="transitions-out"')
    assert "Career path Customer Service Representative → Senior Representative added." in (
        text_of(out)
    )
    into = path_data(trainee, prefix="new-path-in", months=6)
    hr.post(role_url("transition-in-add", role), into, headers=HTMX)
    paths = RoleTransition.objects.values_list(
        "from_role__title", "to_role__title", "typical_months"
    )
    assert set(paths) == {
        ("Customer Service Representative", "Senior Representative", 18),
        ("Trainee", "Customer Service Representative", 6),
    }


def test_without_javascript_a_path_add_redirects_back_to_its_list(hr: Client, role: Role) -> None:
    into = path_data(RoleFactory(title="Trainee"), prefix="new-path-in")
    response = hr.post(role_url("transition-in-add", role), into, follow=True)
    assert response.redirect_chain == [(role_url("role-edit", role) + "#transitions-in", 302)]
    assert "Career path Trainee → Customer Service Representative added." in text_of(response)


@pytest.mark.parametrize("prefix", ["new-path-out", "new-path-in"])
def test_a_role_cannot_lead_to_itself(hr: Client, role: Role, prefix: str) -> None:
    direction = prefix.rsplit("-", 1)[1]
    url = role_url(f"transition-{direction}-add", role)
    response = hr.post(url, path_data(role, prefix=prefix), headers=HTMX)
    assert re.search(
        rf'id="id_{prefix}-other_role_error">\s*<li>A role cannot lead to itself\.',
        response.content.decode(),
    )
    assert not RoleTransition.objects.exists()


def test_the_database_refuses_a_path_to_itself(role: Role) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleTransition.objects.create(from_role=role, to_role=role, kind="lateral")


def test_a_duplicate_path_is_refused(hr: Client, role: Role) -> None:
    senior = RoleFactory(title="Senior Representative")
    RoleTransitionFactory(from_role=role, to_role=senior)
    response = hr.post(role_url("transition-out-add", role), path_data(senior), headers=HTMX)
    assert (
        "There is already a path from Customer Service Representative to Senior Representative."
        in text_of(response)
    )
    assert RoleTransition.objects.count() == 1


def test_editing_a_path_swaps_just_its_row(hr: Client, role: Role) -> None:
    path = RoleTransitionFactory(from_role=RoleFactory(title="Trainee"), to_role=role)
    url = role_url("transition-edit", role, path.pk)
    form_row = hr.get(url, headers=HTMX).content.decode()
    assert form_row.lstrip().startswith(f'<tr id="transition-{path.pk}"')
    assert "Comes from" in form_row
    data = path_data(path.from_role, prefix=f"transition-{path.pk}", months=9)
    saved_row = hr.post(url, data, headers=HTMX).content.decode()
    assert saved_row.lstrip().startswith(f'<tr id="transition-{path.pk}">')
    assert "Trainee" in saved_row
    assert "9 months" in saved_row
    path.refresh_from_db()
    assert (path.from_role.title, path.to_role, path.typical_months) == ("Trainee", role, 9)


def test_editing_a_path_into_itself_is_refused_in_its_row(hr: Client, role: Role) -> None:
    path = RoleTransitionFactory(from_role=role)
    prefix = f"transition-{path.pk}"
    response = hr.post(
        role_url("transition-edit", role, path.pk), path_data(role, prefix=prefix), headers=HTMX
    )
    assert "A role cannot lead to itself." in text_of(response)
    assert RoleTransition.objects.get().to_role != role


def test_removing_a_path_answers_with_that_list(hr: Client, role: Role) -> None:
    path = RoleTransitionFactory(from_role=role, to_role=RoleFactory(title="Team Lead"))
    html = hr.post(role_url("transition-delete", role, path.pk), headers=HTMX).content.decode()
    assert html.lstrip().startswith('<section class="card" id="transitions-out"')
    assert "Career path Customer Service Representative → Team Lead removed." in html
    assert not RoleTransition.objects.exists()


# ---------------------------------------------------------------- deleting a role


def test_deleting_a_held_role_is_refused_and_names_who_holds_and_targets_it(
    hr: Client, role: Role
) -> None:
    hold(role, "Maya Patel", "Arjun Reddy", "Chen Wei", "Dana Cole", "Eli Park", "Fay Ng")
    target(role, "Sam Lee")
    response = hr.post(role_url("role-delete", role))
    assert response.status_code == 200
    assert (
        "Customer Service Representative is held by Arjun Reddy, Chen Wei and 4 others "
        "and targeted by Sam Lee. Give them another role or target first; then it can go."
        in text_of(response)
    )
    assert Role.objects.filter(pk=role.pk).exists()


def test_the_delete_page_says_who_holds_the_role_before_anything_is_posted(
    hr: Client, role: Role
) -> None:
    hold(role, "Maya Patel", "Arjun Reddy")
    page = hr.get(role_url("role-delete", role))
    assert "Customer Service Representative is held by Arjun Reddy and Maya Patel." in (
        text_of(page)
    )
    assert 'class="btn btn--danger"' not in page.content.decode()


def test_a_role_only_targeted_is_refused_too(role: Role) -> None:
    target(role, "Sam Lee", "Tia Moss")
    with pytest.raises(ValidationError, match="is targeted by Sam Lee and Tia Moss"):
        services.role_delete(role=role)


@pytest.mark.parametrize(
    ("names", "total", "phrase"),
    [
        (["Ada"], 1, "held by Ada."),
        (["Ada", "Bo"], 2, "held by Ada and Bo."),
        (["Ada", "Bo", "Cy"], 3, "held by Ada, Bo and Cy."),
        (["Ada", "Bo", "Cy"], 4, "held by Ada, Bo and 2 others."),
    ],
)
def test_the_refusal_names_two_people_then_counts_the_rest(
    names: list[str], total: int, phrase: str
) -> None:
    usage = RoleUsage(holders=names, holder_count=total, targeters=[], target_count=0)
    assert usage.sentence(Role(title="Analyst")) == f"Analyst is {phrase}"


def test_deleting_an_unused_role_removes_its_requirements_and_paths(hr: Client, role: Role) -> None:
    RoleRequirementFactory(role=role)
    RoleTransitionFactory(from_role=role)
    RoleTransitionFactory(to_role=role)
    response = hr.post(role_url("role-delete", role), follow=True)
    assert response.redirect_chain == [(reverse("roles:catalogue"), 302)]
    assert "Customer Service Representative deleted, with its 1 required skill and 2 career " in (
        text_of(response)
    )
    assert not Role.objects.filter(pk=role.pk).exists()
    assert not RoleRequirement.objects.exists()
    assert not RoleTransition.objects.filter(
        Q(from_role_id=role.pk) | Q(to_role_id=role.pk)
    ).exists()


# ---------------------------------------------------------------- the markup


def pages_of(role: Role) -> list[str]:
    requirement = RoleRequirementFactory(role=role)
    path = RoleTransitionFactory(from_role=role)
    return [
        reverse("roles:catalogue"),
        role_url("role-edit", role),
        role_url("requirement-edit", role, requirement.pk),
        role_url("transition-edit", role, path.pk),
        reverse("roles:role-create"),
        reverse("roles:family-edit", args=[role.family_id]),
        role_url("role-delete", role),
    ]


def test_every_hx_get_has_a_real_href_and_every_hx_post_form_posts_without_js(
    hr: Client, role: Role
) -> None:
    for url in pages_of(role):
        html = hr.get(url).content.decode()
        for tag in re.findall(r"<(?:a|form)\b[^>]*\bhx-(?:get|post)=[^>]*>", html):
            if tag.startswith("<a"):
                assert re.search(r'\bhref="/[^"]+"', tag), tag
            else:
                assert re.search(r'\baction="/[^"]+"', tag), tag
                assert "hx-get" in tag or 'method="post"' in tag, tag


def test_no_inline_script_or_style(hr: Client, role: Role) -> None:
    for url in pages_of(role):
        html = hr.get(url).content.decode()
        assert not re.search(r"\sstyle=|<style", html), url
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url


# ---------------------------------------------------------------- query counts


def grow_catalogue(total: int, focus: Role | None = None) -> Role:
    """Bring the catalogue to ``total`` roles (3 skills each, chained by promotions).

    The focus role grows with it: more required skills, paths in and out, people who hold it
    and people who target it, so its pages are measured small and large too.
    """
    families = [JobFamilyFactory(name=f"Family {n}") for n in range(4)]
    skills = list(Skill.objects.all()[:30]) or SkillFactory.create_batch(30)
    start = Role.objects.count()
    roles = Role.objects.bulk_create(
        Role(title=f"Role number {n}", family=families[n % 4], level=1 + n % 8)
        for n in range(start, total)
    )
    RoleRequirement.objects.bulk_create(
        RoleRequirement(role=r, skill=skills[(i + k) % 30], required_level=1 + k)
        for i, r in enumerate(roles)
        for k in range(3)
    )
    RoleTransition.objects.bulk_create(
        RoleTransition(from_role=a, to_role=b, kind="promotion") for a, b in pairwise(roles)
    )
    focus = focus or roles[0]
    _grow_focus(focus, roles[1:5], skills)
    return focus


def _grow_focus(focus: Role, others: list[Role], skills: list[Skill]) -> None:
    taken = set(focus.requirements.values_list("skill_id", flat=True))
    free = [s for s in skills if s.pk not in taken][:3]
    RoleRequirement.objects.bulk_create(
        RoleRequirement(role=focus, skill=s, required_level=2) for s in free
    )
    for other in others[:2]:
        RoleTransition.objects.get_or_create(from_role=focus, to_role=other, defaults=LATERAL)
        RoleTransition.objects.get_or_create(from_role=other, to_role=focus, defaults=LATERAL)
    hold(focus, *(f"Holder {Role.objects.count()}-{n}" for n in range(3)))
    target(focus, f"Hopeful {Role.objects.count()}")


Ask = tuple[str, str, dict[str, Any], dict[str, str]]  # method, url, data, headers


def get(url: str, data: dict | None = None, htmx: bool = False) -> Ask:
    return "get", url, data or {}, HTMX if htmx else {}


def post(url: str, data: dict | None = None, htmx: bool = True) -> Ask:
    return "post", url, data or {}, HTMX if htmx else {}


def _edit_requirement(role: Role, *, htmx: bool = True, save: bool = False) -> Ask:
    requirement = role.requirements.first()
    url = role_url("requirement-edit", role, requirement.pk)
    if not save:
        return get(url, htmx=htmx)
    prefix = f"requirement-{requirement.pk}"
    data = requirement_data(requirement.skill, 4, prefix)
    return post(url, data | {f"{prefix}-version": requirement.version})


def _edit_path(role: Role, *, save: bool = False) -> Ask:
    path = role.transitions_out.first()
    url = role_url("transition-edit", role, path.pk)
    if not save:
        return get(url, htmx=True)
    prefix = f"transition-{path.pk}"
    data = path_data(path.to_role, prefix=prefix, months=7)
    return post(url, data | {f"{prefix}-version": path.version})


def _delete_requirement(role: Role) -> Ask:
    return post(role_url("requirement-delete", role, RoleRequirementFactory(role=role).pk))


def _delete_path(role: Role) -> Ask:
    return post(role_url("transition-delete", role, RoleTransitionFactory(from_role=role).pk))


# Every page and fragment, prepared (objects created) before its queries are counted.
PROBES: dict[str, Callable[[Role], Ask]] = {
    "catalogue": lambda r: get(reverse("roles:catalogue")),
    "catalogue-results": lambda r: get(reverse("roles:catalogue"), {"q": "role"}, htmx=True),
    "catalogue-filtered": lambda r: get(reverse("roles:catalogue"), {"level": 2, "track": "ic"}),
    "catalogue-page-2": lambda r: get(reverse("roles:catalogue"), {"page": 2}),
    "family-create": lambda r: get(reverse("roles:family-create")),
    "family-edit": lambda r: get(reverse("roles:family-edit", args=[r.family_id])),
    "role-create": lambda r: get(reverse("roles:role-create")),
    "role-edit": lambda r: get(role_url("role-edit", r)),
    "role-delete-page": lambda r: get(role_url("role-delete", r)),
    "role-delete-refused": lambda r: post(role_url("role-delete", r), htmx=False),
    "requirements": lambda r: get(role_url("requirements", r), htmx=True),
    "requirement-add": lambda r: post(
        role_url("requirement-add", r), requirement_data(SkillFactory(), 2)
    ),
    "requirement-add-refused": lambda r: post(
        role_url("requirement-add", r), requirement_data(SkillFactory(), 9)
    ),
    "requirement-edit-row": lambda r: _edit_requirement(r),
    "requirement-edit-page": lambda r: _edit_requirement(r, htmx=False),
    "requirement-save": lambda r: _edit_requirement(r, save=True),
    "requirement-delete": _delete_requirement,
    "transitions-out": lambda r: get(role_url("transitions-out", r), htmx=True),
    "transitions-in": lambda r: get(role_url("transitions-in", r), htmx=True),
    "transition-add": lambda r: post(role_url("transition-out-add", r), path_data(RoleFactory())),
    "transition-add-refused": lambda r: post(
        role_url("transition-in-add", r), path_data(r, "new-path-in")
    ),
    "transition-edit-row": lambda r: _edit_path(r),
    "transition-save": lambda r: _edit_path(r, save=True),
    "transition-delete": _delete_path,
}


def count_queries(client: Client, ask: Ask) -> int:
    method, url, data, headers = ask
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(url, data, headers=headers)
    assert response.status_code in (200, 302), url
    return len(captured.captured_queries)


@pytest.mark.parametrize("name", PROBES)
def test_queries_do_not_grow_with_the_catalogue(org: Org, hr: Client, name: str) -> None:
    role = grow_catalogue(20)
    small = count_queries(hr, PROBES[name](role))
    grow_catalogue(400, focus=role)
    assert Role.objects.count() >= 400
    large = count_queries(hr, PROBES[name](role))
    assert small == large, f"{name}: {small} queries with 20 roles, {large} with 400"
    assert large <= 25, f"{name}: {large} queries"


def test_catalogue_edits_saved_in_another_session_are_not_overwritten(
    hr: Client, role: Role
) -> None:
    """The role, its family, a required skill and a career path: each refuses a stale form."""
    requirement = RoleRequirement.objects.create(role=role, skill=SkillFactory(), required_level=2)
    path = RoleTransition.objects.create(from_role=RoleFactory(title="Trainee"), to_role=role)
    prefix, path_prefix = f"requirement-{requirement.pk}", f"transition-{path.pk}"
    cases = [
        (
            reverse("roles:family-edit", args=[role.family_id]),
            {"name": "Customer Care", "version": 1},
            {"name": "Client Services", "version": 1},
            ("Customer Care", "Client Services"),
        ),
        (
            role_url("role-edit", role),
            role_data(role.family, title="Support Associate"),
            role_data(role.family, title="Support Specialist"),
            ("Support Associate", "Support Specialist"),
        ),
        (
            role_url("requirement-edit", role, requirement.pk),
            requirement_data(requirement.skill, 4, prefix=prefix),
            requirement_data(requirement.skill, 5, prefix=prefix),
            ("<td>4</td>", "<td>5</td>"),
        ),
        (
            role_url("transition-edit", role, path.pk),
            path_data(path.from_role, prefix=path_prefix, months=9),
            path_data(path.from_role, prefix=path_prefix, months=30),
            ("<td>9</td>", "<td>30</td>"),
        ),
    ]
    for url, first, second, (stored, typed) in cases:
        assert hr.post(url, first).status_code == 302, url
        html = hr.post(url, second).content.decode()
        assert "changed since you opened it" in html, url
        table = html.split("stale-version__table")[1].split("</table>")[0]
        assert stored in table, url
        assert typed in table, url
    role.refresh_from_db()
    requirement.refresh_from_db()
    path.refresh_from_db()
    assert (role.family.name, role.title) == ("Customer Care", "Support Associate")
    assert (requirement.required_level, path.typical_months) == (4, 9)
