"""Access rules for the talent review URLs (app "succession", mounted at /talent/).

HR sees everything but never edits a rating; managers (anyone with reports) rate and see their
sub-tree only; the rated employee and their peers get 404 everywhere, like a page that does
not exist.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import uuid4

from django.utils import timezone

from apps.succession.models import TalentRating, TalentReview
from tests.access_matrix import Expect, signed_in
from tests.conftest import Org
from tests.succession import url_rules_plans

HR_READS = signed_in(404, hr=200)
HR_WRITES = signed_in(404, hr=302)
# The matrix posts no data: HR gets the page again with errors beside the fields.
HR_REFUSED = signed_in(404, hr=200)
HR_REDIRECTED = signed_in(404, hr=302)
# HR and anyone with reports (the manager and the director in the personas' org).
TALENT_SCOPE = signed_in(404, manager=200, director=200, hr=200)
# Rating needs people below you: HR has no employee record here.
RATERS = signed_in(404, manager=200, director=200)
# The employee's rating: their managers and HR; never the employee, never a peer.
ABOVE_THE_EMPLOYEE = signed_in(404, manager=200, director=200, hr=200)


def review_for(org: Org) -> TalentReview:
    today = timezone.localdate()
    return TalentReview.objects.create(
        name=f"Review {uuid4().hex[:8]}", opens_on=today, closes_on=today + timedelta(days=30)
    )


def rating_of_employee(org: Org) -> TalentRating:
    return TalentRating.objects.create(
        review=review_for(org),
        employee=org.employee,
        performance=2,
        potential=3,
        note="Strong quarter",
        rated_by=org.manager.user,
    )


def _review(org: Org) -> dict[str, Any]:
    return {"review_id": review_for(org).public_id}


def _review_and_employee(org: Org) -> dict[str, Any]:
    return {"review_id": review_for(org).public_id, "employee_id": org.employee.public_id}


def _rating(org: Org) -> dict[str, Any]:
    return {"rating_id": rating_of_employee(org).public_id}


RULES: dict[str, Expect] = {
    "succession:index": Expect(TALENT_SCOPE),
    "succession:review-create": Expect(HR_READS),
    "succession:review": Expect(TALENT_SCOPE, kwargs=_review),
    "succession:review-status": Expect(HR_WRITES, kwargs=_review, method="post"),
    "succession:rate": Expect(RATERS, kwargs=_review),
    # No data posted: the rate page again with "choose ..." beside the fields.
    "succession:rating-save": Expect(RATERS, kwargs=_review_and_employee, method="post"),
    "succession:nine-box": Expect(TALENT_SCOPE, kwargs=_review),
    "succession:review-export": Expect(HR_READS, kwargs=_review),
    "succession:rating": Expect(ABOVE_THE_EMPLOYEE, kwargs=_rating),
    "succession:rating-calibrate": Expect(HR_REFUSED, kwargs=_rating, method="post"),
    # Without htmx, the move form's address sends HR to the rating page that holds it.
    "succession:rating-move": Expect(HR_REDIRECTED, kwargs=_rating),
    "succession:cells": Expect(HR_READS),
    "succession:audit": Expect(HR_READS),
}

# Key positions, slates and reports keep their rules in their own file.
RULES.update(url_rules_plans.RULES)
