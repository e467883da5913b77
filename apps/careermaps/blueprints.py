"""The three example maps of the career-mapping method, as starting points.

Each pre-fills suggested SMART goals and development actions that the employee then edits.
Target dates are offsets from the day the map is started.
"""

from __future__ import annotations

from dataclasses import dataclass

from apps.careermaps.models import ActionKind, Horizon, MapTemplate


@dataclass(frozen=True)
class GoalDraft:
    horizon: Horizon
    specific: str
    measurable: str
    achievable: str
    relevant: str
    months: int
    milestones: tuple[tuple[str, int], ...] = ()  # (title, months from start)


@dataclass(frozen=True)
class ActionDraft:
    kind: ActionKind
    title: str
    months: int


@dataclass(frozen=True)
class Blueprint:
    key: MapTemplate
    summary: str
    goals: tuple[GoalDraft, ...]
    actions: tuple[ActionDraft, ...]


ENTRY_LEVEL = Blueprint(
    MapTemplate.ENTRY_LEVEL,
    "A recent graduate mapping out a plan to secure an internship, gain industry experience, "
    "and eventually land a full-time job in their field.",
    goals=(
        GoalDraft(
            Horizon.SHORT,
            "Secure an internship or placement in my chosen field",
            "An accepted offer for a placement of at least three months",
            "My degree covers the core knowledge and I can apply through the graduate scheme",
            "Hands-on experience is the first step to a full-time role in the field",
            4,
            (("Shortlist ten placements and tailor my CV", 1), ("Complete five applications", 2)),
        ),
        GoalDraft(
            Horizon.SHORT,
            "Build practical experience on real projects",
            "Two completed projects I can describe with results",
            "My placement and a volunteer project give me the chance",
            "Employers hire people who can show what they have done",
            9,
            (("Agree a project with my placement supervisor", 5),),
        ),
        GoalDraft(
            Horizon.LONG,
            "Land a full-time position in my field",
            "A signed contract for a permanent role",
            "Placement experience and references make me a strong candidate",
            "It starts the career I studied for",
            18,
        ),
    ),
    actions=(
        ActionDraft(ActionKind.EDUCATION, "Complete an introductory course for the field", 3),
        ActionDraft(ActionKind.NETWORKING, "Attend two industry meet-ups and follow up", 4),
        ActionDraft(ActionKind.MENTORSHIP, "Find a mentor who started in the same field", 2),
        ActionDraft(ActionKind.SKILL, "Practise the core tools of the field every week", 6),
    ),
)

MID_CAREER = Blueprint(
    MapTemplate.MID_CAREER,
    "An experienced professional looking to change industries and outlining steps to acquire "
    "new skills, network in the new field, and secure a transitional role.",
    goals=(
        GoalDraft(
            Horizon.SHORT,
            "Acquire the core skills the new field asks for",
            "Reach Intermediate (3) in the target role's essential skills",
            "I can study part-time and practise alongside my current job",
            "Closing these gaps makes the move credible",
            6,
            (("Map my gaps against the target role", 1), ("Finish the first course", 3)),
        ),
        GoalDraft(
            Horizon.SHORT,
            "Build a network in the new field",
            "Ten conversations with people working in the field",
            "Colleagues and professional groups can introduce me",
            "Insiders explain the field and hear of openings first",
            6,
        ),
        GoalDraft(
            Horizon.LONG,
            "Secure a transitional role in the new field",
            "An offer for a role that bridges my experience and the new field",
            "My transferable skills plus the new ones make me a fit for bridge roles",
            "It is the step between where I am and where I want to be",
            15,
        ),
    ),
    actions=(
        ActionDraft(ActionKind.EDUCATION, "Enrol in a course for the new field's key skill", 2),
        ActionDraft(
            ActionKind.CERTIFICATION, "Earn an entry certification recognised in the field", 8
        ),
        ActionDraft(ActionKind.PROJECT, "Take on a side project that uses the new skills", 5),
        ActionDraft(ActionKind.NETWORKING, "Join a professional group in the new field", 1),
    ),
)

LEADERSHIP = Blueprint(
    MapTemplate.LEADERSHIP,
    "An ambitious manager mapping a path toward senior leadership, including acquiring "
    "advanced certifications, leading high-impact projects, and building a strong "
    "professional network.",
    goals=(
        GoalDraft(
            Horizon.SHORT,
            "Lead a high-impact cross-team project",
            "The project delivers its agreed outcome on time",
            "My manager supports me taking the lead on the next major initiative",
            "Senior leaders are chosen from people who have led at this scale",
            9,
            (("Agree scope and sponsor", 1), ("Mid-point review with the sponsor", 5)),
        ),
        GoalDraft(
            Horizon.SHORT,
            "Earn an advanced leadership certification",
            "Certificate awarded",
            "The programme fits around my role with study time agreed",
            "It builds the strategic skills a senior role needs",
            12,
        ),
        GoalDraft(
            Horizon.LONG,
            "Step into a senior leadership role",
            "Appointed to a head-of or director role",
            "Project results, the certification and sponsorship make the case",
            "It is the long-term aspiration of this map",
            30,
        ),
    ),
    actions=(
        ActionDraft(ActionKind.CERTIFICATION, "Enrol in an advanced leadership certification", 2),
        ActionDraft(ActionKind.MENTORSHIP, "Ask a senior leader to mentor me", 1),
        ActionDraft(ActionKind.NETWORKING, "Build relationships with peers across departments", 6),
        ActionDraft(ActionKind.PROJECT, "Lead the next major initiative end to end", 9),
    ),
)

BLUEPRINTS: dict[str, Blueprint] = {b.key: b for b in (ENTRY_LEVEL, MID_CAREER, LEADERSHIP)}
