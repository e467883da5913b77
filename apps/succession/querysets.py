"""The reads of talent and succession records, as chainable QuerySet methods.

- "The latest talent review" means one thing everywhere: the most recent cycle (by
  ``opens_on``, then id) that holds at least one rating. Opening a new cycle, still empty,
  does not blank the high-potential panel or the successors' potential until someone is rated
  in it. ``TalentReview.objects.latest_rated()`` and ``TalentRating.objects.in_latest_review()``
  say it in SQL, lazily, so hand-written SQL embeds them as compiled subqueries.
- "Final" values are the calibrated ones when HR calibrated, else the manager's: the same rule
  as ``TalentRating.final_performance`` / ``final_potential``, in SQL (``with_final()``).
- ``visible_to(user)`` holds who may see which rating and plan (access.py explains the rules
  and answers 404 through them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import CharField, Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Cast, Coalesce

from apps.employees.access import viewer_employee

if TYPE_CHECKING:  # for the QuerySet["Model"] generics below, which ruff does not read
    from apps.succession.models import (  # noqa: F401
        AuditLog,
        CalibrationMove,
        SuccessionPlan,
        TalentRating,
        TalentReview,
    )

# models.py imports this module to build its managers, so a method that needs another model
# (or Band) imports it when it runs.


def _is_hr(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_hr)


def _own_employee_id(user: Any) -> int | None:
    me = viewer_employee(user)
    return me.pk if me is not None else None


class TalentReviewQuerySet(models.QuerySet["TalentReview"]):
    def rated(self) -> TalentReviewQuerySet:
        """Cycles that hold at least one rating."""
        from apps.succession.models import TalentRating

        return self.filter(Exists(TalentRating.objects.filter(review=OuterRef("pk"))))

    def newest_first(self) -> TalentReviewQuerySet:
        return self.order_by("-opens_on", "-id")

    def latest_rated(self) -> TalentReviewQuerySet:
        """The latest talent review, as a queryset of at most one cycle (see the module docstring).

        ``.first()`` gives the cycle; used as it is, it is a subquery (``review__in=...``).
        """
        return self.rated().newest_first()[:1]


class TalentRatingQuerySet(models.QuerySet["TalentRating"]):
    def visible_to(self, user: Any) -> TalentRatingQuerySet:
        """HR: everyone's but their own; a manager: of people strictly below them."""
        if not user.is_authenticated:
            return self.none()
        own_id = _own_employee_id(user)
        if _is_hr(user):
            return self.exclude(employee_id=own_id) if own_id is not None else self
        me = viewer_employee(user)
        if me is None:
            return self.none()
        return self.filter(employee__path__startswith=me.path).exclude(employee=me)

    def in_latest_review(self) -> TalentRatingQuerySet:
        """Ratings of the latest talent review (a subquery: no query of its own)."""
        from apps.succession.models import TalentReview

        return self.filter(review_id=Subquery(TalentReview.objects.latest_rated().values("pk")))

    def with_final(self) -> TalentRatingQuerySet:
        """Annotate ``final_perf`` and ``final_pot`` (calibrated if set, else as rated)."""
        return self.annotate(
            final_perf=Coalesce(F("calibrated_performance"), F("performance")),
            final_pot=Coalesce(F("calibrated_potential"), F("potential")),
        )

    def high_potential(self) -> TalentRatingQuerySet:
        """Ratings whose final potential is high (``final_perf``/``final_pot`` annotated)."""
        from apps.succession.models import Band

        return self.with_final().filter(Q(final_pot=Band.HIGH))


class CalibrationMoveQuerySet(models.QuerySet["CalibrationMove"]):
    def visible_to(self, user: Any) -> CalibrationMoveQuerySet:
        """Moves of the ratings the user may see."""
        from apps.succession.models import TalentRating

        return self.filter(rating__in=TalentRating.objects.visible_to(user))


class SuccessionPlanQuerySet(models.QuerySet["SuccessionPlan"]):
    def visible_to(self, user: Any) -> SuccessionPlanQuerySet:
        """HR: every plan; others: plans HR shared with them. Never a plan about the viewer."""
        if not user.is_authenticated:
            return self.none()
        plans = self if _is_hr(user) else self.shared_with_user(user)
        own_id = _own_employee_id(user)
        if own_id is None:
            return plans
        return plans.exclude(pk__in=self.model.objects.about(own_id).values("pk"))

    def shared_with_user(self, user: Any) -> SuccessionPlanQuerySet:
        """Plans shared with the user that the share still entitles them to read.

        A share holds only while the user may see confidential data about everyone the plan
        is about (access.share_refusal says it in Python): for a manager, the incumbent and
        every successor sit strictly below them. A share that stopped holding (someone outside
        their sub-tree joined the slate, they moved) grants nothing, without anyone editing it.
        """
        shares = self.model.shared_with.through.objects.filter(user_id=user.pk)
        plans = self.filter(pk__in=shares.values("successionplan_id"))
        if _is_hr(user):
            return plans
        me = viewer_employee(user)
        if me is None:
            return plans.none()
        return plans.exclude(self._someone_outside(me))

    @staticmethod
    def _someone_outside(me: Any) -> Q:
        """The plan is about someone not strictly below ``me``."""
        from apps.employees.models import Employee
        from apps.succession.models import SuccessorCandidate

        outside = Employee.objects.filter(~Q(path__startswith=me.path) | Q(pk=me.pk))
        incumbent = Exists(outside.filter(pk=OuterRef("incumbent_id")))
        successor = Exists(
            SuccessorCandidate.objects.filter(
                plan=OuterRef("pk"), employee__in=outside.values("pk")
            )
        )
        return Q(incumbent) | Q(successor)

    def about(self, employee_id: int) -> SuccessionPlanQuerySet:
        """Plans that concern the employee: their own seat, or a slate they sit on."""
        return self.filter(Q(incumbent_id=employee_id) | Q(candidates__employee_id=employee_id))


def _public_ids(queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
    """The records' public ids as the text the audit log stores in ``object_id``."""
    return queryset.order_by().values(text=Cast("public_id", CharField()))


class AuditLogQuerySet(models.QuerySet["AuditLog"]):
    def visible_to(self, user: Any) -> AuditLogQuerySet:
        """HR reads the log, never a row about themselves (see ``about``)."""
        if not _is_hr(user):
            return self.none()
        own_id = _own_employee_id(user)
        return self.exclude(self.about_q(own_id)) if own_id is not None else self

    def about_q(self, employee_id: int) -> Q:
        """Rows confidential about the employee.

        ``subjects`` names them on every row written since it exists; the record ids catch the
        rest: their ratings, and the plans (and slate entries) they are on today, whoever wrote
        the row and whenever.
        """
        from apps.succession.models import SuccessionPlan, SuccessorCandidate, TalentRating

        plans = SuccessionPlan.objects.about(employee_id)
        records = (
            TalentRating.objects.filter(employee_id=employee_id),
            plans,
            SuccessorCandidate.objects.filter(plan__in=plans.values("pk")),
        )
        about = Q(subjects__contains=[employee_id])
        for queryset in records:
            about |= Q(object_id__in=_public_ids(queryset))
        return about
