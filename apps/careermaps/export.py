"""The whole career map as plain data (the JSON export): everything the owner wrote."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch

from apps.careermaps.models import CareerMap, Milestone
from apps.careermaps.services.goals import goal_progress
from apps.employees.models import SkillRating

FORMAT = "careermap/v1"


def _role(role: Any) -> dict[str, Any] | None:
    if role is None:
        return None
    return {
        "title": role.title,
        "family": role.family.name,
        "level": role.level,
        "summary": role.summary,
        "responsibilities": role.responsibility_list,
    }


def map_export(career_map: CareerMap) -> dict[str, Any]:
    employee = career_map.employee
    goals = career_map.goals.prefetch_related(
        Prefetch("milestones", queryset=Milestone.objects.order_by("due", "id"))
    )
    ratings = SkillRating.objects.filter(employee=employee).select_related("skill")
    return {
        "format": FORMAT,
        "employee": {"name": employee.full_name, "email": employee.work_email},
        "current_role": _role(employee.current_role),
        "target_role": _role(career_map.target_role),
        "about": {
            field: getattr(career_map, field)
            for field in ("aspiration", "strengths", "weaknesses", "values", "interests")
        },
        "settings": {
            "visible_to_manager": career_map.visible_to_manager,
            "reflection_cadence": career_map.reflection_cadence,
            "template": career_map.template,
        },
        "skill_ratings": [
            {"skill": r.skill.name, "self": r.self_level, "manager": r.manager_level}
            for r in ratings
        ],
        "goals": [_goal(goal) for goal in goals],
        "development_plan": [
            {
                "kind": a.kind,
                "title": a.title,
                "detail": a.detail,
                "skill": a.skill.name if a.skill else None,
                "resource": a.resource.title if a.resource else None,
                "due": a.due,
                "status": a.status,
                "evidence": a.evidence,
                "completed_at": a.completed_at,
            }
            for a in career_map.actions.select_related("skill", "resource")
        ],
        "swot": [{"quadrant": s.quadrant, "text": s.text} for s in career_map.swot_items.all()],
        "network": [
            {
                "name": c.name,
                "organisation": c.organisation,
                "how_they_help": c.how_they_help,
                "last_contact": c.last_contact,
                "next_follow_up": c.next_follow_up,
            }
            for c in career_map.contacts.all()
        ],
        "reflections": [
            {
                "created_at": r.created_at,
                "progress": r.progress,
                "went_well": r.went_well,
                "adjust": r.adjust,
                "confidence": r.confidence,
                "shared_with_manager": r.shared_with_manager,
            }
            for r in career_map.reflections.all()
        ],
        "assessments": [
            {
                "taken_at": a.taken_at,
                "scores": a.scores,
                "answers": a.answers,
                "kept_on_map": a.kept_on_map,
            }
            for a in career_map.assessments.all()
        ],
    }


def _progress(goal: Any) -> int:
    milestones = goal.milestones.all()
    done = sum(m.done_at is not None for m in milestones)
    return goal_progress(goal, done=done, total=len(milestones))


def _goal(goal: Any) -> dict[str, Any]:
    return {
        "horizon": goal.horizon,
        "specific": goal.specific,
        "measurable": goal.measurable,
        "achievable": goal.achievable,
        "relevant": goal.relevant,
        "target_date": goal.target_date,
        "status": goal.status,
        "progress": _progress(goal),
        "achieved_at": goal.achieved_at,
        "milestones": [
            {"title": m.title, "due": m.due, "done_at": m.done_at} for m in goal.milestones.all()
        ],
    }
