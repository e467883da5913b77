"""Ratings to review: self-ratings newer than the manager's, and where the two disagree."""

from __future__ import annotations

from django.core.exceptions import EmptyResultSet
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Abs

from apps.employees.models import Employee, SkillRating
from careermap.sql import fetch, pk_subquery

DISAGREEMENT = 2  # levels between self and manager rating that call for a conversation


def ratings_to_review(people: QuerySet[Employee]) -> QuerySet[SkillRating]:
    """Skills self-rated since the manager last rated them (or never manager-rated)."""
    return (
        SkillRating.objects.filter(employee__in=people, self_level__isnull=False)
        .filter(Q(manager_rated_at__isnull=True) | Q(self_rated_at__gt=F("manager_rated_at")))
        .select_related("employee", "skill", "manager_rated_by")
        .order_by(F("self_rated_at").desc(nulls_last=True), "employee__full_name", "skill__name")
    )


_WAITING_SQL = """
SELECT COALESCE(sum(w.waiting), 0) FROM dashboards_ratings_waiting w
 WHERE w.employee_id IN ({scope})
"""


def ratings_to_review_count(people: QuerySet[Employee]) -> int:
    """``ratings_to_review(people).count()``, summed from each person's count of ratings
    waiting (``dashboards_ratings_waiting``, kept by triggers: dashboards migration 0002)
    instead of counting a whole sub-tree's ratings on each request."""
    try:
        scope_sql, scope_params = pk_subquery(people)
    except EmptyResultSet:
        return 0
    return int(fetch(_WAITING_SQL.format(scope=scope_sql), scope_params)[0][0])


def disagreements(people: QuerySet[Employee]) -> QuerySet[SkillRating]:
    """Current ratings where self and manager are ``DISAGREEMENT`` or more levels apart."""
    return (
        SkillRating.objects.filter(
            employee__in=people, self_level__isnull=False, manager_level__isnull=False
        )
        .annotate(apart=Abs(F("self_level") - F("manager_level")))
        .filter(apart__gte=DISAGREEMENT)
        .select_related("employee", "skill", "manager_rated_by")
        .order_by("-apart", "employee__full_name", "skill__name")
    )


def is_disagreement(rating: SkillRating) -> bool:
    if rating.self_level is None or rating.manager_level is None:
        return False
    return abs(rating.self_level - rating.manager_level) >= DISAGREEMENT
