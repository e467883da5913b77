"""Self-assessment: skill self-ratings, the about-me texts, the SWOT board and the built-in
career assessment. Writes first, then the reads the tab is built from (each a fixed number of
queries, whatever the number of ratings or items).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, Value
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.accounts.models import User
from apps.careermaps import quiz
from apps.careermaps.models import AssessmentResult, CareerMap, Quadrant, SwotItem
from apps.employees.models import RatingSource, SkillRating
from apps.employees.services import rating_set
from apps.roles.models import JobFamily, RoleRequirement
from apps.skills.models import Level, ProficiencyLevel, Skill
from careermap.versioning import save_if_current

ABOUT_FIELDS = ("strengths", "weaknesses", "values", "interests", "aspiration")
UNKNOWN_SKILL = gettext_lazy("That skill is not in the catalogue: choose one from the list.")
EMPTY_ITEM = gettext_lazy("Write something for this item: it cannot be empty.")


def _limit(model: type[Any], field: str) -> int:
    return int(model._meta.get_field(field).max_length)


def _check_length(field: str, text: str, limit: int) -> None:
    if len(text) > limit:
        raise ValidationError(
            {
                field: _("Keep this to %(limit)s characters or fewer (it has %(length)s).")
                % {"limit": limit, "length": len(text)}
            }
        )


# ------------------------------------------------------------------------------------ writes


@transaction.atomic
def about_update(
    *,
    career_map: CareerMap,
    version: int,
    strengths: str,
    weaknesses: str,
    values: str,
    interests: str,
    aspiration: str,
) -> CareerMap:
    """Strengths, areas to develop, values, interests and the long-term aspiration, together,
    and nothing else of the map; refused (:class:`StaleVersion`) if the map changed since
    ``version``."""
    texts = {
        "strengths": strengths,
        "weaknesses": weaknesses,
        "values": values,
        "interests": interests,
        "aspiration": aspiration,
    }
    errors: dict[str, list[str]] = {}
    for field, text in texts.items():
        try:
            _check_length(field, text.strip(), _limit(CareerMap, field))
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    cleaned = {field: text.strip() for field, text in texts.items()}
    return save_if_current(
        CareerMap.objects.filter(pk=career_map.pk), career_map.pk, version, **cleaned
    )


@transaction.atomic
def self_rating_set(
    *, career_map: CareerMap, skill_id: int, level: int, rated_by: User
) -> SkillRating:
    """The map owner's own rating of a skill; ``rating_set`` keeps the history."""
    skill = Skill.objects.filter(pk=skill_id).first()
    if skill is None:
        raise ValidationError({"skill": UNKNOWN_SKILL})
    rating = rating_set(
        employee=career_map.employee,
        skill=skill,
        level=level,
        source=RatingSource.SELF,
        rated_by=rated_by,
    )
    rating.skill = skill
    return rating


def _clean_item_text(text: str) -> str:
    text = text.strip()
    if not text:
        raise ValidationError({"text": EMPTY_ITEM})
    _check_length("text", text, _limit(SwotItem, "text"))
    return text


@transaction.atomic
def swot_item_add(*, career_map: CareerMap, quadrant: str, text: str) -> SwotItem:
    if quadrant not in Quadrant.values:
        raise ValidationError(
            {"quadrant": _("Choose Strengths, Weaknesses, Opportunities or Threats.")}
        )
    return SwotItem.objects.create(
        career_map=career_map, quadrant=quadrant, text=_clean_item_text(text)
    )


@transaction.atomic
def swot_item_update(*, career_map: CareerMap, item: SwotItem, version: int, text: str) -> SwotItem:
    """Refused (:class:`StaleVersion`) if the item was saved since ``version``."""
    if item.career_map_id != career_map.pk:
        raise ValueError("The item belongs to another map.")
    return save_if_current(
        career_map.swot_items.all(), item.pk, version, text=_clean_item_text(text)
    )


@transaction.atomic
def swot_item_delete(*, career_map: CareerMap, item: SwotItem) -> None:
    if item.career_map_id != career_map.pk:
        raise ValueError("The item belongs to another map.")
    item.delete()


@transaction.atomic
def assessment_take(
    *, career_map: CareerMap, answers: Mapping[str, int], keep: bool
) -> AssessmentResult:
    """Score a completed career assessment and save it (on the map if ``keep``)."""
    if missing := quiz.unanswered(answers):
        numbers = ", ".join(str(question.number) for question in missing)
        raise ValidationError(
            _("Please answer every statement. Still to answer: %(numbers)s.") % {"numbers": numbers}
        )
    given = {question.key: int(answers[question.key]) for question in quiz.QUESTIONS}
    return AssessmentResult.objects.create(
        career_map=career_map, answers=given, scores=quiz.score(given), kept_on_map=keep
    )


# ------------------------------------------------------------------------------------- reads


def proficiency_scale() -> list[ProficiencyLevel]:
    """The scale with its descriptors (the plain level names if the table is empty)."""
    return list(ProficiencyLevel.objects.all()) or [
        ProficiencyLevel(level=level.value, name=str(level.label), descriptor="") for level in Level
    ]


@dataclass(frozen=True, slots=True)
class RatingRow:
    skill: Skill
    self_level: ProficiencyLevel | None
    self_rated_at: datetime | None
    manager_level: ProficiencyLevel | None
    manager_rated_by: User | None


def rating_rows(career_map: CareerMap, scale: Sequence[ProficiencyLevel]) -> list[RatingRow]:
    """The owner's current ratings, by category then skill, each level with its descriptor."""
    steps = {step.level: step for step in scale}
    ratings = (
        SkillRating.objects.filter(employee_id=career_map.employee_id)
        .select_related("skill", "skill__category", "manager_rated_by")
        .order_by("skill__category__name", "skill__name")
    )
    return [
        RatingRow(
            skill=rating.skill,
            self_level=steps.get(rating.self_level) if rating.self_level is not None else None,
            self_rated_at=rating.self_rated_at,
            manager_level=(
                steps.get(rating.manager_level) if rating.manager_level is not None else None
            ),
            manager_rated_by=rating.manager_rated_by,
        )
        for rating in ratings
    ]


class PickedSkill(NamedTuple):
    pk: int
    name: str


@dataclass(frozen=True, slots=True)
class SkillPicker:
    """The catalogue for the rating form: the person's role skills first, then by category."""

    choices: list[tuple[str, list[tuple[int, str]]]]
    role_skills: list[PickedSkill]

    def unrated(self, rows: Sequence[RatingRow]) -> list[PickedSkill]:
        rated = {row.skill.pk for row in rows if row.self_level is not None}
        return [skill for skill in self.role_skills if skill.pk not in rated]


def skill_picker(career_map: CareerMap) -> SkillPicker:
    role_ids = [i for i in (career_map.employee.current_role_id, career_map.target_role_id) if i]
    # Whether a role needs the skill, in the catalogue's own query (it was a second round trip).
    needed = RoleRequirement.objects.filter(role_id__in=role_ids, skill_id=OuterRef("pk"))
    skills = Skill.objects.order_by("category__name", "name").annotate(
        suggested=Exists(needed) if role_ids else Value(False)
    )
    groups: dict[str, list[tuple[int, str]]] = {}
    role_skills: list[PickedSkill] = []
    # Four columns, not whole Skill and category rows: the picker shows ids and names only.
    for pk, name, category, suggested in skills.values_list(
        "pk", "name", "category__name", "suggested"
    ):
        if suggested:
            role_skills.append(PickedSkill(pk, name))
        else:
            groups.setdefault(category, []).append((pk, name))
    role_skills.sort(key=lambda skill: skill.name.lower())
    choices = list(groups.items())
    if role_skills:
        label = _("Skills of your current and target roles")
        choices.insert(0, (label, [(skill.pk, skill.name) for skill in role_skills]))
    return SkillPicker(choices=choices, role_skills=role_skills)


@dataclass(frozen=True, slots=True)
class QuadrantView:
    key: str
    label: str
    prompt: str
    items: list[SwotItem]

    @property
    def add_label(self) -> str:
        return Quadrant(self.key).add_label


QUADRANT_PROMPTS = {
    Quadrant.STRENGTH: gettext_lazy("What do you do well? What do others see as your strengths?"),
    Quadrant.WEAKNESS: gettext_lazy(
        "What could you improve? Where do you lack skills or experience?"
    ),
    Quadrant.OPPORTUNITY: gettext_lazy("What openings, trends or people could help you grow?"),
    Quadrant.THREAT: gettext_lazy("What could get in your way: changes, competition, constraints?"),
}


def swot_board(career_map: CareerMap, only: str | None = None) -> list[QuadrantView]:
    """The four quadrants in S, W, O, T order (or just ``only``), from one query."""
    items = career_map.swot_items.all()
    if only is not None:
        items = items.filter(quadrant=only)
    by_quadrant: dict[str, list[SwotItem]] = {}
    for item in items:
        by_quadrant.setdefault(item.quadrant, []).append(item)
    return [
        QuadrantView(
            quadrant.value,
            str(quadrant.label),
            str(QUADRANT_PROMPTS[quadrant]),
            by_quadrant.get(quadrant.value, []),
        )
        for quadrant in Quadrant
        if only is None or quadrant.value == only
    ]


@dataclass(frozen=True, slots=True)
class ResultView:
    """One assessment result to show, set against the kept result before it (if any)."""

    result: AssessmentResult
    previous: AssessmentResult | None
    profile: quiz.Profile
    suggestions: list[quiz.Suggestion]


def _result_view(result: AssessmentResult, previous: AssessmentResult | None) -> ResultView:
    shown = quiz.profile(result.scores, previous.scores if previous else None)
    families = JobFamily.objects.only("name", "description").order_by("name")
    return ResultView(result, previous, shown, quiz.suggestions(shown, families))


def kept_result(career_map: CareerMap) -> ResultView | None:
    """The latest result kept on the map, compared with the kept one before it."""
    latest = list(career_map.assessments.filter(kept_on_map=True)[:2])
    if not latest:
        return None
    return _result_view(latest[0], latest[1] if len(latest) > 1 else None)


def result_for_owner(career_map: CareerMap, result: AssessmentResult) -> ResultView:
    """Any of the owner's results, compared with the latest kept result taken before it."""
    earlier = Q(taken_at__lt=result.taken_at) | Q(taken_at=result.taken_at, pk__lt=result.pk)
    previous = career_map.assessments.filter(earlier, kept_on_map=True).first()
    return _result_view(result, previous)
