"""No silent lost updates in talent reviews: two people rating one person, two HR sessions
calibrating one person. The second is refused with what is stored now beside what they chose,
and the database keeps the first (careermap/versioning.py)."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.succession import queries
from apps.succession.models import (
    AuditLog,
    CalibrationMove,
    NineBoxCell,
    TalentRating,
    TalentReview,
)
from apps.succession.services.reviews import review_create
from tests.conftest import Org, client_for
from tests.succession.test_reviews import HTMX, hr, manager, rate, restore_cells

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(org: Org) -> TalentReview:
    restore_cells()
    today = timezone.localdate()
    return review_create(
        name="Stale review", opens_on=today, closes_on=today, created_by=org.hr_user
    )


def _cell_name(perf: int, pot: int) -> str:
    return queries.default_cell_names()[(perf, pot)][0]


def _stale_table(html: str) -> str:
    return html.split('class="table table--compact stale-version__table"')[1].split("</table>")[0]


def test_a_first_rating_made_meanwhile_is_not_overwritten(org: Org, review: TalentReview) -> None:
    """Both pages showed "not rated yet" (version 0); the manager saves first."""
    assert org.director.user is not None
    target = reverse("succession:rating-save", args=[review.public_id, org.employee.public_id])
    first = manager(org).post(target, {"performance": 3, "potential": 3, "version": 0})
    assert first.status_code == 302
    second = client_for(org.director.user).post(
        target, {"performance": 1, "potential": 2, "note": "Struggles", "version": 0}, headers=HTMX
    )
    html = second.content.decode()
    assert "This rating was saved by someone else since you opened the page." in html
    table = _stale_table(html)
    assert "<td>High</td>" in table  # the manager's performance, stored
    assert "<td>Low</td>" in table  # the director's, kept in the form
    assert "Struggles" in table
    assert 'name="version" value="1"' in html
    rating = TalentRating.objects.get(review=review, employee=org.employee)
    assert (rating.performance, rating.potential, rating.note, rating.rated_by) == (
        3,
        3,
        "",
        org.manager.user,
    )
    assert AuditLog.objects.filter(object_type="succession.TalentRating").count() == 1


def test_a_changed_rating_saved_meanwhile_is_not_overwritten(
    org: Org, review: TalentReview
) -> None:
    rating = rate(review, org.teammate, 2, 2, org.manager)
    target = reverse("succession:rating-save", args=[review.public_id, org.teammate.public_id])
    client = manager(org)
    assert client.post(target, {"performance": 3, "potential": 2, "version": 1}).status_code == 302
    second = client.post(target, {"performance": 1, "potential": 1, "version": 1}, headers=HTMX)
    assert "saved by someone else" in second.content.decode()
    rating.refresh_from_db()
    assert (rating.performance, rating.potential, rating.version) == (3, 2, 2)
    again = client.post(target, {"performance": 1, "potential": 1, "version": 2})
    assert again.status_code == 302
    rating.refresh_from_db()
    assert (rating.performance, rating.potential, rating.version) == (1, 1, 3)


def test_a_person_already_moved_out_of_the_cell_is_not_moved_again(
    org: Org, review: TalentReview
) -> None:
    """HR A and HR B both opened the 9-box with the person in Core player (2, 2)."""
    rating = rate(review, org.teammate, 2, 2, org.manager)
    target = reverse("succession:rating-calibrate", args=[rating.public_id])
    hr_a, hr_b = hr(org), hr(org)
    moved = hr_a.post(target, {"cell": "3-2", "reason": "Delivered Q3 alone", "version": 1})
    assert moved.status_code == 302
    refused = hr_b.post(target, {"cell": "2-3", "reason": "Learns fast", "version": 1})
    html = refused.content.decode()
    assert refused.status_code == 200
    now_in = _cell_name(3, 2)
    assert f"was moved or re-rated since you opened this page: they are now in {now_in}" in html
    table = _stale_table(html)
    assert now_in in table
    assert _cell_name(2, 3) in table  # where HR B meant to move them
    rating.refresh_from_db()
    assert (rating.calibrated_performance, rating.calibrated_potential) == (3, 2)
    assert CalibrationMove.objects.filter(rating=rating).count() == 1
    assert 'name="version" value="2"' in html
    # HR B, now knowing where the person is, can still move them deliberately.
    again = hr_b.post(target, {"cell": "2-3", "reason": "Learns fast", "version": 2})
    assert again.status_code == 302
    move = CalibrationMove.objects.filter(rating=rating).latest("moved_at")
    assert (move.from_performance, move.from_potential) == (3, 2)


def test_a_re_rating_after_the_9_box_opened_also_stops_a_move(
    org: Org, review: TalentReview
) -> None:
    rating = rate(review, org.teammate, 2, 2, org.manager)
    client = hr(org)
    grid = client.get(reverse("succession:nine-box", args=[review.public_id])).content.decode()
    move = reverse("succession:rating-move", args=[rating.public_id])
    found = re.search(rf'hx-get="({re.escape(move)}[^"]*)"', grid)
    assert found is not None
    assert "version=1" in found[1]
    rate(review, org.teammate, 1, 1, org.manager)  # the manager changes their mind meanwhile
    # HR opens "Move" only now: the form still edits against what the table showed.
    form = client.get(html.unescape(found[1]), headers=HTMX).content.decode()
    assert f'name="version" value="1" id="move-{rating.public_id}-version"' in form
    target = reverse("succession:rating-calibrate", args=[rating.public_id])
    refused = hr(org).post(target, {"cell": "3-3", "reason": "Star", "version": 1})
    assert f"they are now in {_cell_name(1, 1)}" in refused.content.decode()
    assert not CalibrationMove.objects.exists()


def test_a_cell_renamed_in_another_session_is_not_overwritten(org: Org) -> None:
    restore_cells()

    def names(star: str) -> dict[str, str]:
        data = {}
        for (perf, pot), (name, text) in queries.default_cell_names().items():
            prefix = f"cell-{perf}-{pot}"
            data[f"{prefix}-name"] = star if (perf, pot) == (3, 3) else name
            data |= {f"{prefix}-description": text, f"{prefix}-version": "1"}
        return data

    client = hr(org)
    assert client.post(reverse("succession:cells"), names("Top talent")).status_code == 302
    html = client.post(reverse("succession:cells"), names("Superstar")).content.decode()
    assert "HR renamed this cell since you opened the page" in html
    table = _stale_table(html)
    assert "Top talent" in table
    assert "Superstar" in table
    assert NineBoxCell.objects.get(performance=3, potential=3).name == "Top talent"
    assert AuditLog.objects.filter(object_type="succession.NineBoxCell").count() == 1
