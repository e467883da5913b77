"""The three example maps of the career-mapping method, as starting points.

Each pre-fills suggested SMART goals and development actions that the employee then edits.
Target dates are offsets from the day the map is started.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy

from apps.careermaps.models import ActionKind, Horizon, MapTemplate

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class GoalDraft:
    horizon: Horizon
    specific: StrOrPromise
    measurable: StrOrPromise
    achievable: StrOrPromise
    relevant: StrOrPromise
    months: int
    milestones: tuple[tuple[StrOrPromise, int], ...] = ()  # (title, months from start)


@dataclass(frozen=True)
class ActionDraft:
    kind: ActionKind
    title: StrOrPromise
    months: int


@dataclass(frozen=True)
class Blueprint:
    key: MapTemplate
    summary: StrOrPromise
    goals: tuple[GoalDraft, ...]
    actions: tuple[ActionDraft, ...]


ENTRY_LEVEL = Blueprint(
    MapTemplate.ENTRY_LEVEL,
    gettext_lazy(
        "A recent graduate mapping out a plan to secure an internship, gain industry experience, "
        "and eventually land a full-time job in their field."
    ),
    goals=(
        GoalDraft(
            Horizon.SHORT,
            gettext_lazy("Secure an internship or placement in my chosen field"),
            gettext_lazy("An accepted offer for a placement of at least three months"),
            gettext_lazy(
                "My degree covers the core knowledge and I can apply through the graduate scheme"
            ),
            gettext_lazy("Hands-on experience is the first step to a full-time role in the field"),
            4,
            (
                (gettext_lazy("Shortlist ten placements and tailor my CV"), 1),
                (gettext_lazy("Complete five applications"), 2),
            ),
        ),
        GoalDraft(
            Horizon.SHORT,
            gettext_lazy("Build practical experience on real projects"),
            gettext_lazy("Two completed projects I can describe with results"),
            gettext_lazy("My placement and a volunteer project give me the chance"),
            gettext_lazy("Employers hire people who can show what they have done"),
            9,
            ((gettext_lazy("Agree a project with my placement supervisor"), 5),),
        ),
        GoalDraft(
            Horizon.LONG,
            gettext_lazy("Land a full-time position in my field"),
            gettext_lazy("A signed contract for a permanent role"),
            gettext_lazy("Placement experience and references make me a strong candidate"),
            gettext_lazy("It starts the career I studied for"),
            18,
        ),
    ),
    actions=(
        ActionDraft(
            ActionKind.EDUCATION, gettext_lazy("Complete an introductory course for the field"), 3
        ),
        ActionDraft(
            ActionKind.NETWORKING, gettext_lazy("Attend two industry meet-ups and follow up"), 4
        ),
        ActionDraft(
            ActionKind.MENTORSHIP, gettext_lazy("Find a mentor who started in the same field"), 2
        ),
        ActionDraft(
            ActionKind.SKILL, gettext_lazy("Practise the core tools of the field every week"), 6
        ),
    ),
)

MID_CAREER = Blueprint(
    MapTemplate.MID_CAREER,
    gettext_lazy(
        "An experienced professional looking to change industries and outlining steps to acquire "
        "new skills, network in the new field, and secure a transitional role."
    ),
    goals=(
        GoalDraft(
            Horizon.SHORT,
            gettext_lazy("Acquire the core skills the new field asks for"),
            gettext_lazy("Reach Intermediate (3) in the target role's essential skills"),
            gettext_lazy("I can study part-time and practise alongside my current job"),
            gettext_lazy("Closing these gaps makes the move credible"),
            6,
            (
                (gettext_lazy("Map my gaps against the target role"), 1),
                (gettext_lazy("Finish the first course"), 3),
            ),
        ),
        GoalDraft(
            Horizon.SHORT,
            gettext_lazy("Build a network in the new field"),
            gettext_lazy("Ten conversations with people working in the field"),
            gettext_lazy("Colleagues and professional groups can introduce me"),
            gettext_lazy("Insiders explain the field and hear of openings first"),
            6,
        ),
        GoalDraft(
            Horizon.LONG,
            gettext_lazy("Secure a transitional role in the new field"),
            gettext_lazy("An offer for a role that bridges my experience and the new field"),
            gettext_lazy("My transferable skills plus the new ones make me a fit for bridge roles"),
            gettext_lazy("It is the step between where I am and where I want to be"),
            15,
        ),
    ),
    actions=(
        ActionDraft(
            ActionKind.EDUCATION, gettext_lazy("Enrol in a course for the new field's key skill"), 2
        ),
        ActionDraft(
            ActionKind.CERTIFICATION,
            gettext_lazy("Earn an entry certification recognised in the field"),
            8,
        ),
        ActionDraft(
            ActionKind.PROJECT, gettext_lazy("Take on a side project that uses the new skills"), 5
        ),
        ActionDraft(
            ActionKind.NETWORKING, gettext_lazy("Join a professional group in the new field"), 1
        ),
    ),
)

LEADERSHIP = Blueprint(
    MapTemplate.LEADERSHIP,
    gettext_lazy(
        "An ambitious manager mapping a path toward senior leadership, including acquiring "
        "advanced certifications, leading high-impact projects, and building a strong "
        "professional network."
    ),
    goals=(
        GoalDraft(
            Horizon.SHORT,
            gettext_lazy("Lead a high-impact cross-team project"),
            gettext_lazy("The project delivers its agreed outcome on time"),
            gettext_lazy("My manager supports me taking the lead on the next major initiative"),
            gettext_lazy("Senior leaders are chosen from people who have led at this scale"),
            9,
            (
                (gettext_lazy("Agree scope and sponsor"), 1),
                (gettext_lazy("Mid-point review with the sponsor"), 5),
            ),
        ),
        GoalDraft(
            Horizon.SHORT,
            gettext_lazy("Earn an advanced leadership certification"),
            gettext_lazy("Certificate awarded"),
            gettext_lazy("The programme fits around my role with study time agreed"),
            gettext_lazy("It builds the strategic skills a senior role needs"),
            12,
        ),
        GoalDraft(
            Horizon.LONG,
            gettext_lazy("Step into a senior leadership role"),
            gettext_lazy("Appointed to a head-of or director role"),
            gettext_lazy("Project results, the certification and sponsorship make the case"),
            gettext_lazy("It is the long-term aspiration of this map"),
            30,
        ),
    ),
    actions=(
        ActionDraft(
            ActionKind.CERTIFICATION,
            gettext_lazy("Enrol in an advanced leadership certification"),
            2,
        ),
        ActionDraft(ActionKind.MENTORSHIP, gettext_lazy("Ask a senior leader to mentor me"), 1),
        ActionDraft(
            ActionKind.NETWORKING,
            gettext_lazy("Build relationships with peers across departments"),
            6,
        ),
        ActionDraft(
            ActionKind.PROJECT, gettext_lazy("Lead the next major initiative end to end"), 9
        ),
    ),
)

BLUEPRINTS: dict[str, Blueprint] = {b.key: b for b in (ENTRY_LEVEL, MID_CAREER, LEADERSHIP)}
