"""The "Development & network" tab: the grouped development plan, the skill gaps panel with its
learning resources, and networking contacts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import User
from apps.careermaps.forms.plan import ActionForm, resource_choices, skill_choices
from apps.careermaps.models import (
    ActionKind,
    ActionStatus,
    CareerMap,
    DevelopmentAction,
    NetworkContact,
    Reflection,
)
from apps.careermaps.services import plan as services
from apps.careermaps.services.maps import map_create
from apps.employees.models import RatingSource
from apps.employees.services import rating_set
from apps.learning.models import LearningResource, ResourceSkill
from apps.roles.models import Importance, Role, RoleRequirement
from apps.skills.models import Skill
from tests.conftest import Org, client_for
from tests.factories import PASSWORD, RoleFactory, SkillFactory

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}
TODAY = timezone.localdate


@dataclass
class World:
    career_map: CareerMap
    role: Role
    troubleshooting: Skill  # required 4, rated 2: gap 2
    helpdesk: Skill  # required 3, unrated: gap 3
    communication: Skill  # required 3, rated 3: no gap
    budgeting: Skill  # not required by the role
    course: LearningResource  # builds troubleshooting to 3
    certificate: LearningResource  # builds troubleshooting to 4 and helpdesk to 3
    book: LearningResource  # builds nothing the role needs


def _require(role: Role, skill: Skill, level: int, importance: str = Importance.ESSENTIAL) -> None:
    RoleRequirement.objects.create(
        role=role, skill=skill, required_level=level, importance=importance
    )


def _resource(title: str, kind: str, *builds: tuple[Skill, int]) -> LearningResource:
    resource = LearningResource.objects.create(title=title, provider="Acme", kind=kind, hours=6)
    for skill, level in builds:
        ResourceSkill.objects.create(resource=resource, skill=skill, level=level)
    return resource


@pytest.fixture
def world(org: Org) -> World:
    role = RoleFactory(title="Product Support Specialist")
    troubleshooting = SkillFactory(name="Troubleshooting")
    helpdesk = SkillFactory(name="Helpdesk software")
    communication = SkillFactory(name="Communication")
    budgeting = SkillFactory(name="Budgeting")
    _require(role, troubleshooting, 4)
    _require(role, helpdesk, 3, Importance.DESIRABLE)
    _require(role, communication, 3)
    for skill, level in ((troubleshooting, 2), (communication, 3)):
        rating_set(
            employee=org.employee,
            skill=skill,
            level=level,
            source=RatingSource.SELF,
            rated_by=org.employee.user,
        )
    career_map = map_create(employee=org.employee)
    career_map.target_role = role
    career_map.save()
    return World(
        career_map=career_map,
        role=role,
        troubleshooting=troubleshooting,
        helpdesk=helpdesk,
        communication=communication,
        budgeting=budgeting,
        course=_resource("Troubleshooting basics", "course", (troubleshooting, 3)),
        certificate=_resource(
            "Support certification", "certification", (troubleshooting, 4), (helpdesk, 3)
        ),
        book=_resource("Budgeting for all", "book", (budgeting, 2)),
    )


def url(name: str, career_map: CareerMap, *args: object) -> str:
    return reverse(f"careermaps:{name}", args=[career_map.public_id, *args])


def owner(org: Org) -> Client:
    return client_for(org.employee.user)


def action(
    career_map: CareerMap, title: str = "Read the manual", **fields: object
) -> DevelopmentAction:
    fields.setdefault("kind", ActionKind.EDUCATION)
    return DevelopmentAction.objects.create(career_map=career_map, title=title, **fields)


def text(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- services


def test_actions_are_added_at_the_end_of_the_plan(world: World) -> None:
    first = services.action_create(
        career_map=world.career_map, kind=ActionKind.SKILL, title="  Practise daily  "
    )
    second = services.action_create(
        career_map=world.career_map,
        kind=ActionKind.PROJECT,
        title="Ship a fix",
        skill=world.troubleshooting,
        resource=world.course,
        due=TODAY() + timedelta(days=30),
    )
    assert first.title == "Practise daily"
    assert second.position == first.position + 1
    assert (second.skill, second.resource) == (world.troubleshooting, world.course)


def test_done_needs_evidence_and_the_message_says_so_beside_the_field(world: World) -> None:
    item = action(world.career_map)
    with pytest.raises(ValidationError) as refused:
        services.action_update(
            career_map=world.career_map,
            action=item,
            version=item.version,
            kind=item.kind,
            title=item.title,
            detail="",
            skill=None,
            resource=None,
            due=None,
            status=ActionStatus.DONE,
            evidence="   ",
        )
    assert refused.value.message_dict == {"evidence": [services.EVIDENCE_REQUIRED]}
    item.refresh_from_db()
    assert item.status == ActionStatus.PLANNED


def _update(world: World, item: DevelopmentAction, **changes: object) -> DevelopmentAction:
    fields = {
        "kind": item.kind,
        "title": item.title,
        "detail": item.detail,
        "skill": item.skill,
        "resource": item.resource,
        "due": item.due,
        "status": item.status,
        "evidence": item.evidence,
    }
    item.refresh_from_db()  # the version the next edit starts from
    return services.action_update(
        career_map=world.career_map, action=item, version=item.version, **{**fields, **changes}
    )


def test_completed_at_is_stamped_when_done_kept_while_done_and_cleared_when_reopened(
    world: World,
) -> None:
    item = _update(world, action(world.career_map), status="done", evidence="Certificate #12")
    stamped = item.completed_at
    assert stamped is not None
    assert _update(world, item, title="Read the whole manual").completed_at == stamped
    assert _update(world, item, status=ActionStatus.IN_PROGRESS).completed_at is None


def test_a_new_due_date_must_lie_ahead_but_a_passed_one_may_stay(world: World) -> None:
    yesterday = TODAY() - timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        services.action_create(
            career_map=world.career_map, kind="skill", title="Late", due=yesterday
        )
    assert refused.value.message_dict == {"due": [services.PAST_DUE]}
    overdue = action(world.career_map, due=yesterday)
    done = _update(world, overdue, status="done", evidence="Finished late")
    assert done.status == ActionStatus.DONE


def test_every_broken_rule_is_reported_at_once(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        services.action_create(
            career_map=world.career_map, kind="nonsense", title=" ", status="done"
        )
    assert set(refused.value.message_dict) == {"kind", "title", "evidence"}


def test_an_action_of_another_map_is_refused(world: World, org: Org) -> None:
    other = map_create(employee=org.teammate)
    with pytest.raises(ValidationError):
        services.action_delete(career_map=other, action=action(world.career_map))


def test_the_plan_is_grouped_as_in_the_template_with_progress_and_overdue_flags(
    world: World,
) -> None:
    yesterday, soon = TODAY() - timedelta(days=1), TODAY() + timedelta(days=9)
    action(world.career_map, "Late course", due=yesterday)
    action(world.career_map, "Done course", status="done", due=yesterday)
    action(world.career_map, "Dropped course", status="dropped", due=yesterday)
    action(world.career_map, "Due today", kind="networking", due=TODAY())
    action(world.career_map, "Later", kind="networking", due=soon, skill=world.helpdesk)
    catalogue = services.catalogue_for(world.career_map, with_skills=False)
    plan = services.plan_for(world.career_map, catalogue, today=TODAY())
    assert [group.kind.label for group in plan.groups] == [
        "Educational development",
        "Skill enhancement",
        "Certifications",
        "Projects and experience",
        "Networking",
        "Mentorship",
    ]
    education, networking = plan.groups[0], plan.groups[4]
    assert (education.done, education.total, education.percent, education.meter_step) == (
        1,
        2,
        50,
        50,
    )
    assert [item.is_overdue for item in education.items] == [True, False, False]
    assert [item.is_overdue for item in networking.items] == [False, False]
    assert networking.items[1].gap is not None
    assert networking.items[1].gap.gap == 3
    assert (plan.done, plan.total, plan.overdue) == (1, 4, 1)


def test_meter_steps_round_to_the_nearest_five() -> None:
    def group(*statuses: str) -> services.ActionGroup:
        items = [
            services.PlannedAction(DevelopmentAction(status=s), None, TODAY()) for s in statuses
        ]
        return services.ActionGroup(ActionKind.SKILL, items)

    assert (group().percent, group().meter_step) == (0, 0)
    assert (
        group("done", "planned", "planned").percent,
        group("done", "planned", "planned").meter_step,
    ) == (33, 35)
    assert group("done", "dropped").meter_step == 100


def test_the_gaps_panel_lists_only_real_gaps_with_the_resources_that_build_them(
    world: World,
) -> None:
    action(world.career_map, "Course", resource=world.course)
    catalogue = services.catalogue_for(world.career_map, with_skills=False)
    plan = services.plan_for(world.career_map, catalogue, today=TODAY())
    gaps = {row.gap.skill_name: row for row in plan.gaps}
    assert set(gaps) == {"Troubleshooting", "Helpdesk software"}
    offers = gaps["Troubleshooting"].offers
    # The resource reaching the required level comes first.
    assert [offer.resource for offer in offers] == [world.certificate, world.course]
    assert [(o.level, o.closes_gap, o.planned) for o in offers] == [
        (4, True, False),
        (3, False, True),
    ]
    assert [offer.kind for offer in offers] == [ActionKind.CERTIFICATION, ActionKind.EDUCATION]


def test_a_map_without_a_target_role_has_no_gaps(world: World) -> None:
    world.career_map.target_role = None
    catalogue = services.catalogue_for(world.career_map, with_skills=False)
    assert catalogue.gaps == []


def test_a_follow_up_before_the_last_contact_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        services.contact_create(
            career_map=world.career_map,
            name="Ada",
            last_contact=date(2024, 3, 12),
            next_follow_up=date(2024, 3, 1),
        )
    assert refused.value.message_dict == {
        "next_follow_up": ["The next follow-up cannot be before your last contact (12 Mar 2024)."]
    }


def test_a_last_contact_in_the_future_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        services.contact_create(
            career_map=world.career_map, name="Ada", last_contact=TODAY() + timedelta(days=1)
        )
    assert list(refused.value.message_dict) == ["last_contact"]


def test_contacts_are_saved_trimmed_and_updated(world: World) -> None:
    contact = services.contact_create(
        career_map=world.career_map, name="  Ada Lovelace ", organisation="Analytical"
    )
    assert contact.name == "Ada Lovelace"
    services.contact_update(
        career_map=world.career_map,
        contact=contact,
        version=contact.version,
        name="Ada",
        organisation="",
        how_they_help="Intros",
        last_contact=TODAY(),
        next_follow_up=TODAY(),
    )
    contact.refresh_from_db()
    assert (contact.name, contact.how_they_help, contact.next_follow_up) == (
        "Ada",
        "Intros",
        TODAY(),
    )


# --------------------------------------------------------------------------- forms


def test_the_skill_select_offers_the_gaps_first_with_their_size(world: World) -> None:
    catalogue = services.catalogue_for(world.career_map, with_skills=True)
    choices = skill_choices(catalogue)
    assert choices[0] == ("", "No particular skill")
    gap_group, other_group = choices[1], choices[2]
    assert gap_group[1] == [
        (world.troubleshooting.pk, "Troubleshooting (gap \u22122)"),
        (world.helpdesk.pk, "Helpdesk software (gap \u22123)"),
    ]
    assert {label for _, label in other_group[1]} == {"Budgeting", "Communication"}


def test_resources_building_the_chosen_skill_come_first(world: World) -> None:
    catalogue = services.catalogue_for(world.career_map, with_skills=True)
    choices = resource_choices(catalogue, world.helpdesk.pk)
    assert choices[1][0] == "Builds Helpdesk software"
    assert [pk for pk, _ in choices[1][1]] == [world.certificate.pk]
    assert {pk for pk, _ in choices[2][1]} == {world.course.pk, world.book.pk}
    flat = resource_choices(catalogue, None)
    assert [pk for pk, _ in flat[1:]] == [world.book.pk, world.certificate.pk, world.course.pk]


def test_a_skill_outside_the_catalogue_is_not_a_valid_choice(world: World) -> None:
    catalogue = services.catalogue_for(world.career_map, with_skills=True)
    form = ActionForm({"kind": "skill", "title": "x", "skill": "999999"}, catalogue=catalogue)
    assert not form.is_valid()
    assert "skill" in form.errors


# --------------------------------------------------------------------------- the page


def test_the_owner_sees_the_groups_gaps_resources_and_add_forms(world: World, org: Org) -> None:
    action(world.career_map, "Late course", due=TODAY() - timedelta(days=3))
    page = text(owner(org).get(url("plan", world.career_map)))
    for heading in (
        "Educational development",
        "Skill enhancement",
        "Certifications",
        "Projects and experience",
        "Networking",
        "Mentorship",
    ):
        assert f">{heading}</h3>" in page
    assert "Overdue" in page
    assert "(overdue)" in page
    assert "Skill gaps for Product Support Specialist" in page
    assert "Support certification" in page
    assert "up to level 4 (closes the gap)" in page
    assert page.count(">Add an action<") == 6
    assert "Plan an action" in page
    assert 'Add to plan<span class="visually-hidden"> “Support certification”</span>' in page


def test_the_tab_renders_no_add_form_until_one_is_opened(world: World, org: Org) -> None:
    client = owner(org)
    page = text(client.get(url("plan", world.career_map)))
    assert "<select" not in page
    assert page.count("&amp;part=add") == 6
    fallback = f'href="{url("plan", world.career_map)}?kind=skill#add-skill"'
    assert fallback in page  # without JS the link opens the tab with that form
    form = text(
        client.get(url("plan", world.career_map), {"kind": "skill", "part": "add"}, headers=HTMX)
    )
    assert "<html" not in form
    assert "Troubleshooting (gap \u22122)" in form
    assert 'name="kind" value="skill"' in form
    assert ">Add to skill enhancement</button>" in form
    assert 'id="plan-tab"' not in form


def test_managers_and_hr_read_the_tab_without_any_edit_control(world: World, org: Org) -> None:
    action(world.career_map, "Shadow a specialist", status="done", evidence="Two shifts")
    NetworkContact.objects.create(career_map=world.career_map, name="Ada")
    for user in (org.manager.user, org.director.user, org.hr_user):
        response = client_for(user).get(url("plan", world.career_map))
        page = text(response)
        assert response.status_code == 200
        assert "Shadow a specialist" in page
        assert "Two shifts" in page
        assert "Ada" in page
        for control in (
            "Add an action",
            "Plan an action",
            "Add to plan",
            "Add a contact",
            ">Edit<",
            ">Delete<",
            "<form",
        ):
            assert control not in page.split('id="plan-tab"')[1], control


@pytest.mark.parametrize("persona", ["teammate", "other_employee", "nobody"])
def test_outsiders_get_404_on_the_page_and_every_fragment(
    world: World, org: Org, persona: str
) -> None:
    item = action(world.career_map)
    contact = NetworkContact.objects.create(career_map=world.career_map, name="Ada")
    user = org.nobody if persona == "nobody" else getattr(org, persona).user
    client = client_for(user)
    m = world.career_map
    for target in (
        url("plan", m),
        url("action-edit", m, item.public_id),
        url("contact-edit", m, contact.public_id),
    ):
        assert client.get(target, headers=HTMX).status_code == 404
    for target in (
        url("action-add", m),
        url("action-edit", m, item.public_id),
        url("action-delete", m, item.public_id),
        url("contact-add", m),
        url("contact-edit", m, contact.public_id),
        url("contact-delete", m, contact.public_id),
    ):
        assert client.post(target, {"title": "x", "name": "x"}, headers=HTMX).status_code == 404
    assert DevelopmentAction.objects.count() == 1
    assert NetworkContact.objects.get().name == "Ada"


def test_a_manager_cannot_edit_even_through_htmx(world: World, org: Org) -> None:
    item = action(world.career_map)
    client = client_for(org.manager.user)
    assert client.get(url("action-edit", world.career_map, item.public_id)).status_code == 404
    response = client.post(url("action-delete", world.career_map, item.public_id), headers=HTMX)
    assert response.status_code == 404
    assert DevelopmentAction.objects.filter(pk=item.pk).exists()


def test_another_maps_action_is_not_found_through_my_map(world: World, org: Org) -> None:
    theirs = action(map_create(employee=org.teammate))
    response = owner(org).get(url("action-edit", world.career_map, theirs.public_id))
    assert response.status_code == 404


def test_html_typed_into_fields_is_shown_as_text(world: World, org: Org) -> None:
    action(world.career_map, "<script>alert(1)</script>", detail="<b>bold</b>")
    NetworkContact.objects.create(career_map=world.career_map, name="<img src=x onerror=1>")
    page = text(owner(org).get(url("plan", world.career_map)))
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;bold&lt;/b&gt;" in page
    assert "<img src=x" not in page


# --------------------------------------------------------------------------- adding actions


def test_adding_an_action_without_htmx_redirects_to_its_group(world: World, org: Org) -> None:
    response = owner(org).post(
        url("action-add", world.career_map),
        {
            "kind": "certification",
            "title": "Earn the cert",
            "skill": world.helpdesk.pk,
            "resource": world.certificate.pk,
            "due": (TODAY() + timedelta(days=60)).isoformat(),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == url("plan", world.career_map) + "#group-certification"
    saved = DevelopmentAction.objects.get(title="Earn the cert")
    assert (saved.kind, saved.skill, saved.resource) == (
        "certification",
        world.helpdesk,
        world.certificate,
    )


def test_adding_an_action_with_htmx_answers_with_the_development_fragment(
    world: World, org: Org
) -> None:
    response = owner(org).post(
        url("action-add", world.career_map),
        {"kind": "mentorship", "title": "Find a mentor"},
        headers=HTMX,
    )
    page = text(response)
    assert response.status_code == 200
    assert "<html" not in page
    assert 'id="development"' in page
    assert 'id="network"' not in page
    assert "Find a mentor" in page
    assert "Added “Find a mentor” to Mentorship." in page
    assert 'hx-swap-oob="innerHTML"' in page


def test_an_invalid_action_is_shown_again_with_the_message_beside_the_field(
    world: World, org: Org
) -> None:
    client = owner(org)
    data = {"kind": "project", "title": "", "due": (TODAY() - timedelta(days=1)).isoformat()}
    for headers in ({}, HTMX):
        response = client.post(url("action-add", world.career_map), data, headers=headers)
        page = text(response)
        assert response.status_code == 200
        assert re.search(r'id="add-project-title_error">\s*<li>This field is required', page)
        assert not DevelopmentAction.objects.exists()
    page = text(client.post(url("action-add", world.career_map), {**data, "title": "Late"}))
    assert re.search(r'id="add-project-due_error">\s*<li>A due date in the past', page)
    assert '<details class="disclosure" id="add-project" open>' in page
    assert not DevelopmentAction.objects.exists()


def test_plan_an_action_prefills_the_skill_enhancement_form_with_the_gap(
    world: World, org: Org
) -> None:
    target = url("plan", world.career_map) + f"?kind=skill&skill={world.troubleshooting.pk}"
    page = text(owner(org).get(target))
    assert '<details class="disclosure" id="add-skill" open>' in page
    assert f'<option value="{world.troubleshooting.pk}" selected>Troubleshooting (gap' in page
    assert 'value="Close my gap in Troubleshooting"' in page
    form = page.split('id="add-skill"')[1]
    # Resources that build the skill are listed first, best first.
    builds = form.split('label="Builds Troubleshooting"')[1].split("</optgroup>")[0]
    assert builds.index("Support certification") < builds.index("Troubleshooting basics")


def test_choosing_a_skill_refreshes_the_resource_list(world: World, org: Org) -> None:
    page = text(
        owner(org).get(
            url("plan", world.career_map),
            {
                "kind": "education",
                "skill": world.helpdesk.pk,
                "resource": world.book.pk,
            },
            headers=HTMX,
        )
    )
    field = page.split('id="add-education-resource-field"')[1].split("</select>")[0]
    assert 'label="Builds Helpdesk software"' in field
    assert f'<option value="{world.book.pk}" selected>' in field


def test_add_to_plan_from_the_gaps_panel_links_the_gap_and_the_resource(
    world: World, org: Org
) -> None:
    client = owner(org)
    page = text(client.get(url("plan", world.career_map)))
    panel = page.split(f'id="gap-{world.helpdesk.pk}"')[1].split('id="plan"')[0]
    hidden = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', panel))
    assert hidden["kind"] == "certification"
    response = client.post(url("action-add", world.career_map), hidden, headers=HTMX)
    assert response.status_code == 200
    saved = DevelopmentAction.objects.get()
    assert (saved.kind, saved.title, saved.skill, saved.resource) == (
        "certification",
        "Support certification",
        world.helpdesk,
        world.certificate,
    )
    assert "In your plan" in text(response)


# --------------------------------------------------------------------------- editing actions


def test_the_edit_form_comes_as_a_fragment_or_inside_the_page(world: World, org: Org) -> None:
    item = action(world.career_map, "Read the manual")
    client = owner(org)
    fragment = text(client.get(url("action-edit", world.career_map, item.public_id), headers=HTMX))
    assert fragment.lstrip().startswith(f'<li id="action-{item.public_id}"')
    assert "Evidence of completion" in fragment
    assert "Required when the status is Done" in fragment
    page = text(client.get(url("action-edit", world.career_map, item.public_id)))
    assert "<html" in page
    assert f'action="{url("action-edit", world.career_map, item.public_id)}"' in page


def _edit_data(item: DevelopmentAction, **changes: object) -> dict[str, object]:
    data = {
        "kind": item.kind,
        "title": item.title,
        "detail": "",
        "skill": "",
        "resource": "",
        "due": "",
        "status": item.status,
        "evidence": "",
        "version": item.version,
    }
    return {**data, **changes}


def test_marking_done_without_evidence_explains_why(world: World, org: Org) -> None:
    item = action(world.career_map)
    response = owner(org).post(
        url("action-edit", world.career_map, item.public_id),
        _edit_data(item, status="done"),
        headers=HTMX,
    )
    page = text(response)
    assert response.status_code == 200
    assert re.search(
        rf'id="action-{item.public_id}-evidence_error">\s*<li>Add evidence of completion', page
    )
    item.refresh_from_db()
    assert (item.status, item.completed_at) == ("planned", None)


def test_marking_done_with_evidence_records_when(world: World, org: Org) -> None:
    item = action(world.career_map)
    response = owner(org).post(
        url("action-edit", world.career_map, item.public_id),
        _edit_data(item, status="done", evidence="Certificate 42"),
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#action-{item.public_id}")
    item.refresh_from_db()
    assert item.status == "done"
    assert item.completed_at is not None
    page = text(owner(org).get(url("plan", world.career_map)))
    assert "Certificate 42" in page
    assert "1/1 done" in page
    assert "meter__fill--100" in page


def test_an_action_can_move_to_another_group(world: World, org: Org) -> None:
    item = action(world.career_map)
    owner(org).post(
        url("action-edit", world.career_map, item.public_id),
        _edit_data(item, kind="project", skill=world.budgeting.pk),
        headers=HTMX,
    )
    item.refresh_from_db()
    assert (item.kind, item.skill) == ("project", world.budgeting)


def test_deleting_an_action(world: World, org: Org) -> None:
    item = action(world.career_map, "Obsolete")
    response = owner(org).post(url("action-delete", world.career_map, item.public_id), headers=HTMX)
    assert "Deleted “Obsolete”." in text(response)
    assert not DevelopmentAction.objects.exists()


# --------------------------------------------------------------------------- contacts


def test_adding_a_contact_with_and_without_htmx(world: World, org: Org) -> None:
    client = owner(org)
    response = client.post(
        url("contact-add", world.career_map), {"name": "Ada", "organisation": "Analytical Engines"}
    )
    assert response["Location"] == url("plan", world.career_map) + "#network"
    response = client.post(url("contact-add", world.career_map), {"name": "Grace"}, headers=HTMX)
    page = text(response)
    assert 'id="network"' in page
    assert 'id="development"' not in page
    assert "Added Grace to your network." in page
    assert NetworkContact.objects.count() == 2


def test_a_follow_up_before_the_last_contact_gets_a_message_beside_the_field(
    world: World, org: Org
) -> None:
    response = owner(org).post(
        url("contact-add", world.career_map),
        {
            "name": "Ada",
            "last_contact": "2024-03-12",
            "next_follow_up": "2024-03-01",
        },
        headers=HTMX,
    )
    assert re.search(
        r'id="contact-add-next_follow_up_error">\s*<li>The next follow-up cannot '
        r"be before your last contact \(12 Mar 2024\)",
        text(response),
    )
    assert not NetworkContact.objects.exists()


def test_due_follow_ups_are_highlighted(world: World, org: Org) -> None:
    NetworkContact.objects.create(career_map=world.career_map, name="Due", next_follow_up=TODAY())
    NetworkContact.objects.create(
        career_map=world.career_map, name="Later", next_follow_up=TODAY() + timedelta(days=5)
    )
    page = text(owner(org).get(url("plan", world.career_map)))
    assert "1 follow-up due" in page
    assert page.count("contact--due") == 1
    assert page.count(">Follow-up due<") == 1


def test_editing_a_contact_inline(world: World, org: Org) -> None:
    contact = NetworkContact.objects.create(career_map=world.career_map, name="Ada")
    client = owner(org)
    target = url("contact-edit", world.career_map, contact.public_id)
    fragment = text(client.get(target, headers=HTMX))
    assert fragment.lstrip().startswith(f'<li id="contact-{contact.public_id}"')
    assert 'value="Ada"' in fragment
    response = client.post(
        target,
        {
            "version": contact.version,
            "name": "Ada L.",
            "how_they_help": "Intros to the team",
            "last_contact": TODAY().isoformat(),
        },
        headers=HTMX,
    )
    assert "Saved Ada L.." in text(response)
    contact.refresh_from_db()
    assert (contact.name, contact.how_they_help, contact.last_contact) == (
        "Ada L.",
        "Intros to the team",
        TODAY(),
    )
    invalid = client.post(target, {"name": ""}, headers=HTMX)
    assert "This field is required" in text(invalid)
    contact.refresh_from_db()
    assert contact.name == "Ada L."


def test_deleting_a_contact(world: World, org: Org) -> None:
    contact = NetworkContact.objects.create(career_map=world.career_map, name="Ada")
    response = owner(org).post(url("contact-delete", world.career_map, contact.public_id))
    assert response.status_code == 302
    assert not NetworkContact.objects.exists()


# --------------------------------------------------------------------------- query counts


def _fill(world: World, n: int) -> None:
    """``n`` actions and contacts, each with distinct related rows."""
    for i in range(n):
        skill = SkillFactory()
        resource = _resource(f"Resource {i}", "course", (skill, 3), (world.troubleshooting, 2))
        action(
            world.career_map,
            f"Action {i}",
            kind=list(ActionKind)[i % 6],
            skill=skill,
            resource=resource,
            due=TODAY() + timedelta(days=i - 2),
            status=list(ActionStatus)[i % 4],
            evidence="e",
        )
        NetworkContact.objects.create(
            career_map=world.career_map,
            name=f"Contact {i}",
            next_follow_up=TODAY() + timedelta(days=i - 2),
        )


def _count(
    client: Client, method: str, target: str, data: dict | None = None, headers: dict | None = None
) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(target, data or {}, headers=headers or {})
        assert response.status_code in (200, 302)
    return len(queries)


def _requests(world: World, client: Client) -> dict[str, int]:
    m = world.career_map
    first = m.actions.first()
    contact = m.contacts.first()
    assert first is not None
    assert contact is not None
    return {
        "page": _count(client, "get", url("plan", m)),
        "content": _count(client, "get", url("plan", m), {"kind": "skill"}, HTMX),
        "add form": _count(client, "get", url("plan", m), {"kind": "skill", "part": "add"}, HTMX),
        "edit form": _count(client, "get", url("action-edit", m, first.public_id), None, HTMX),
        "add": _count(
            client, "post", url("action-add", m), {"kind": "skill", "title": "More"}, HTMX
        ),
        "add invalid": _count(client, "post", url("action-add", m), {"kind": "skill"}, HTMX),
        "contact edit": _count(
            client, "get", url("contact-edit", m, contact.public_id), None, HTMX
        ),
        "contact add": _count(client, "post", url("contact-add", m), {"name": "N"}, HTMX),
    }


def test_the_tab_and_its_fragments_run_the_same_queries_for_5_or_50_items(
    world: World, org: Org
) -> None:
    client = owner(org)
    _fill(world, 5)
    few = _requests(world, client)
    _fill(world, 45)
    many = _requests(world, client)
    assert many == few


def test_a_reader_sees_the_tab_in_the_same_queries_for_5_or_50_items(
    world: World, org: Org
) -> None:
    client = client_for(org.manager.user)
    _fill(world, 5)
    few = _count(client, "get", url("plan", world.career_map))
    _fill(world, 45)
    assert _count(client, "get", url("plan", world.career_map)) == few


# --------------------------------------------------------------------------- admin


def test_the_reflection_list_never_shows_the_private_text(world: World, org: Org) -> None:
    Reflection.objects.create(career_map=world.career_map, progress="private words", confidence=3)
    root = client_for(User.objects.create_superuser("root@example.com", PASSWORD))
    page = text(root.get(reverse("admin:careermaps_reflection_changelist")))
    assert "Reflection of" in page
    assert "private words" not in page
    searched = root.get(reverse("admin:careermaps_reflection_changelist"), {"q": "private"})
    assert list(searched.context["cl"].result_list) == []


def test_choosing_a_skill_in_the_edit_form_refreshes_its_resource_list(
    world: World, org: Org
) -> None:
    item = action(world.career_map, resource=world.book)
    target = url("action-edit", world.career_map, item.public_id)
    fragment = text(
        owner(org).get(target, {"skill": world.helpdesk.pk, "resource": ""}, headers=HTMX)
    )
    field = fragment.split(f'id="action-{item.public_id}-resource-field"')[1].split("</select>")[0]
    assert 'label="Builds Helpdesk software"' in field
    assert 'value="" selected' in field
    assert f'hx-select="#action-{item.public_id}-resource-field"' in fragment


def test_the_long_select_renders_what_djangos_select_renders() -> None:
    from django import forms
    from django.test.html import parse_html

    from apps.careermaps.forms.widgets import LongSelect

    choices = [
        ("", "No particular skill"),
        ("Your gaps", [(1, "Troubleshooting (gap \u22122)"), (2, '<b>&amp;</b> "quoted"')]),
        ("Other skills", [(3, "Budgeting")]),
    ]
    for value in (None, 2, "3"):
        attrs = {"id": "id_skill", "hx-get": "/map/?kind=skill&part=add"}
        expected = forms.Select(choices=choices).render("skill", value, attrs)
        rendered = LongSelect(choices=choices).render("skill", value, attrs)
        assert parse_html(rendered) == parse_html(expected)  # same elements, text and attributes
        assert "<b>" not in rendered
