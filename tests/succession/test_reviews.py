"""Talent review: cycles, rating a sub-tree, the 9-box, calibration, and who sees what.

The personas' org (tests/conftest.py)::

    director ── manager ── employee
             │          └─ teammate
    other_manager ── other_employee
    hr (no employee record)
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from apps.employees.models import Employee
from apps.succession import queries
from apps.succession.models import (
    AuditLog,
    CalibrationMove,
    NineBoxCell,
    ReviewStatus,
    SuccessionPlan,
    SuccessorCandidate,
    TalentRating,
    TalentReview,
)
from apps.succession.services.reviews import rating_calibrate, rating_set, review_create
from tests.conftest import Org, client_for
from tests.factories import DepartmentFactory, RoleFactory, make_employee

HTMX = {"HX-Request": "true"}


def restore_cells() -> None:
    """The default cell names (a transactional test's flush would remove them)."""
    for (perf, pot), (name, text) in queries.default_cell_names().items():
        NineBoxCell.objects.get_or_create(
            performance=perf, potential=pot, defaults={"name": name, "description": text}
        )


@pytest.fixture
def review(org: Org) -> TalentReview:
    restore_cells()
    today = timezone.localdate()
    return review_create(
        name="2026 H2 talent review",
        opens_on=today,
        closes_on=today + timedelta(days=30),
        created_by=org.hr_user,
    )


def rate(review: TalentReview, who: Employee, perf: int, pot: int, by: Employee) -> TalentRating:
    return rating_set(
        review=review, employee=who, performance=perf, potential=pot, rated_by=by.user
    )


def hr(org: Org) -> Client:
    return client_for(org.hr_user)


def manager(org: Org) -> Client:
    assert org.manager.user is not None
    return client_for(org.manager.user)


def director(org: Org) -> Client:
    assert org.director.user is not None
    return client_for(org.director.user)


# ---------------------------------------------------------------- opening a cycle


def test_hr_opens_a_review_cycle_and_it_is_audited(org: Org) -> None:
    today = timezone.localdate()
    response = hr(org).post(
        reverse("succession:review-create"),
        {"name": "2027 H1", "opens_on": today, "closes_on": today + timedelta(days=14)},
    )
    review = TalentReview.objects.get(name="2027 H1")
    assert response.status_code == 302
    assert response["Location"] == reverse("succession:review", args=[review.public_id])
    assert review.status == ReviewStatus.OPEN
    log = AuditLog.objects.get(object_type="succession.TalentReview")
    assert (log.action, log.actor, log.object_id) == ("create", org.hr_user, str(review.public_id))
    assert log.after["closes_on"] == (today + timedelta(days=14)).isoformat()


def test_it_explains_a_closing_date_before_the_opening_date_beside_the_field(org: Org) -> None:
    today = timezone.localdate()
    response = hr(org).post(
        reverse("succession:review-create"),
        {"name": "Backwards", "opens_on": today, "closes_on": today - timedelta(days=1)},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "closes_on": ["The review must close on or after the day it opens."]
    }
    assert not TalentReview.objects.exists()


def test_it_refuses_a_second_cycle_with_the_same_name(org: Org, review: TalentReview) -> None:
    response = hr(org).post(
        reverse("succession:review-create"),
        {
            "name": "2026 h2 TALENT review",
            "opens_on": review.opens_on,
            "closes_on": review.closes_on,
        },
    )
    assert response.context["form"].errors == {"name": ["A review with this name already exists."]}


def test_hr_closes_a_cycle_and_managers_can_no_longer_rate(org: Org, review: TalentReview) -> None:
    hr(org).post(reverse("succession:review-status", args=[review.public_id]), {"status": "closed"})
    review.refresh_from_db()
    assert review.status == ReviewStatus.CLOSED
    response = manager(org).post(
        reverse("succession:rating-save", args=[review.public_id, org.employee.public_id]),
        {"performance": 2, "potential": 2},
    )
    assert response.status_code == 200
    assert "This review is not open for rating." in response.content.decode()
    assert not TalentRating.objects.exists()


# ---------------------------------------------------------------- rating a sub-tree


def test_the_rate_page_lists_the_whole_sub_tree_direct_reports_first(
    org: Org, review: TalentReview
) -> None:
    # Alphabetically "Employee" < "Manager" < "Teammate": the direct report still comes first.
    response = director(org).get(reverse("succession:rate", args=[review.public_id]))
    rows = response.context["rows"]
    assert [(row.person, row.is_direct) for row in rows] == [
        (org.manager, True),
        (org.employee, False),
        (org.teammate, False),
    ]
    assert "0 of 3 rated" in response.content.decode()


def test_it_shows_the_guidance_for_every_band(org: Org, review: TalentReview) -> None:
    content = manager(org).get(reverse("succession:rate", args=[review.public_id])).content
    text = content.decode()
    assert "Consistently exceeds the goals of the role" in text
    assert "Could grow into a bigger role within 1-2 years" in text


def test_a_plain_post_saves_the_rating_and_returns_to_the_row(
    org: Org, review: TalentReview
) -> None:
    response = manager(org).post(
        reverse("succession:rating-save", args=[review.public_id, org.employee.public_id]),
        {"performance": 3, "potential": 2, "note": "Led the <b>migration</b>", "page": "1"},
    )
    rating = TalentRating.objects.get()
    assert (rating.employee, rating.performance, rating.potential) == (org.employee, 3, 2)
    assert rating.rated_by == org.manager.user
    assert response["Location"] == (
        reverse("succession:rate", args=[review.public_id])
        + f"?page=1#person-{org.employee.public_id}"
    )
    page = manager(org).get(response["Location"]).content.decode()
    assert "1 of 2 rated" in page
    assert "Led the &lt;b&gt;migration&lt;/b&gt;" in page


def test_an_htmx_save_returns_the_row_and_the_progress_out_of_band(
    org: Org, review: TalentReview
) -> None:
    response = manager(org).post(
        reverse("succession:rating-save", args=[review.public_id, org.teammate.public_id]),
        {"performance": 2, "potential": 3},
        headers=HTMX,
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert text.lstrip().startswith(
        f'<li class="rate-row card rate-row--saved" id="person-{org.teammate.public_id}"'
    )
    assert 'id="rate-progress" role="status" hx-swap-oob="true"' in text
    assert "1 of 2 rated" in text
    assert "Saved" in text


def test_a_missing_band_is_explained_beside_the_field(org: Org, review: TalentReview) -> None:
    response = manager(org).post(
        reverse("succession:rating-save", args=[review.public_id, org.employee.public_id]),
        {"performance": 2},
        headers=HTMX,
    )
    assert "Choose low, moderate or high potential." in response.content.decode()
    assert not TalentRating.objects.exists()


def test_a_manager_cannot_rate_outside_their_sub_tree_nor_themselves(
    org: Org, review: TalentReview
) -> None:
    for person in (org.other_employee, org.manager, org.director):
        response = manager(org).post(
            reverse("succession:rating-save", args=[review.public_id, person.public_id]),
            {"performance": 2, "potential": 2},
        )
        assert response.status_code == 404
    assert not TalentRating.objects.exists()


def test_changing_a_rating_records_before_and_after(org: Org, review: TalentReview) -> None:
    rate(review, org.employee, 2, 2, org.manager)
    rate(review, org.employee, 2, 2, org.manager)  # unchanged: no second row
    rate(review, org.employee, 3, 2, org.manager)
    logs = list(AuditLog.objects.filter(object_type="succession.TalentRating").order_by("id"))
    assert [log.action for log in logs] == ["create", "update"]
    assert (logs[1].before["performance"], logs[1].after["performance"]) == (2, 3)
    assert logs[1].after["employee"] == org.employee.pk


def test_the_audit_row_is_written_in_the_same_transaction(
    org: Org, review: TalentReview, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(**kwargs: Any) -> None:
        raise RuntimeError("audit store down")

    monkeypatch.setattr("apps.succession.services.reviews.audit", broken)
    with pytest.raises(RuntimeError):
        rate(review, org.employee, 2, 2, org.manager)
    assert not TalentRating.objects.exists()


# ---------------------------------------------------------------- the 9-box


@pytest.fixture
def rated_team(org: Org, review: TalentReview) -> dict[str, TalentRating]:
    """Hand-placed: three in Star (3,3), one Core player (2,2), one Talent risk (1,1)."""
    dept = DepartmentFactory(name="Support")
    extra = [make_employee(manager=org.manager, name=f"Zed {i}", department=dept) for i in (1, 2)]
    return {
        "employee": rate(review, org.employee, 3, 3, org.manager),
        "teammate": rate(review, org.teammate, 2, 2, org.manager),
        "zed1": rate(review, extra[0], 3, 3, org.manager),
        "zed2": rate(review, extra[1], 3, 3, org.manager),
        "manager": rate(review, org.manager, 1, 1, org.director),
    }


def _square(grid: list[list[queries.NineBoxSquare]], perf: int, pot: int) -> queries.NineBoxSquare:
    return next(sq for row in grid for sq in row if (sq.performance, sq.potential) == (perf, pot))


def test_the_grid_places_people_by_performance_and_potential(
    review: TalentReview, rated_team: dict[str, TalentRating]
) -> None:
    grid = queries.nine_box(TalentRating.objects.filter(review=review), queries.cell_names())
    assert [[sq.name for sq in row] for row in grid] == [
        ["Rough diamond", "Future star", "Star"],
        ["Inconsistent player", "Core player", "High performer"],
        ["Talent risk", "Effective", "Trusted professional"],
    ]
    assert [[sq.count for sq in row] for row in grid] == [[0, 0, 3], [0, 1, 0], [1, 0, 0]]
    assert [r.employee.full_name for r in _square(grid, 3, 3).people] == [
        "Employee",
        "Zed 1",
        "Zed 2",
    ]


def test_a_cell_lists_its_first_people_and_counts_the_rest(
    review: TalentReview, rated_team: dict[str, TalentRating]
) -> None:
    ratings = TalentRating.objects.filter(review=review)
    star = _square(queries.nine_box(ratings, queries.cell_names(), per_cell=2), 3, 3)
    assert (star.count, len(star.people), star.more) == (3, 2, 1)


def test_each_cell_lists_its_own_first_people_by_name_then_rating_and_two_queries_fill_them(
    org: Org, review: TalentReview, rated_team: dict[str, TalentRating]
) -> None:
    twins = [make_employee(manager=org.manager, name="Amy Same") for _ in range(3)]
    for twin in reversed(twins):  # rating ids in the opposite order to employee ids
        rate(review, twin, 2, 2, org.manager)
    ratings, names = TalentRating.objects.filter(review=review), queries.cell_names()
    with CaptureQueriesContext(connection) as queries_run:
        grid = queries.nine_box(ratings, names, per_cell=2)
    core, star = _square(grid, 2, 2), _square(grid, 3, 3)
    assert [r.employee.full_name for r in star.people] == ["Employee", "Zed 1"]
    twin_ratings = TalentRating.objects.filter(employee__in=twins).order_by("pk")
    assert [r.pk for r in core.people] == [r.pk for r in twin_ratings[:2]]
    assert (core.count, core.more) == (4, 2)
    assert len(queries_run) == 2


def test_calibration_moves_a_person_on_the_grid(
    org: Org, review: TalentReview, rated_team: dict[str, TalentRating]
) -> None:
    rating_calibrate(
        rating=rated_team["zed1"], performance=2, potential=3, reason="Peer", moved_by=org.hr_user
    )
    grid = queries.nine_box(TalentRating.objects.filter(review=review), queries.cell_names())
    assert (_square(grid, 3, 3).count, _square(grid, 2, 3).count) == (2, 1)


def test_the_manager_sees_their_sub_tree_only_and_never_their_own_rating(
    org: Org, review: TalentReview, rated_team: dict[str, TalentRating]
) -> None:
    response = manager(org).get(reverse("succession:nine-box", args=[review.public_id]))
    grid = response.context["grid"]
    # Their four reports; not their own "Talent risk" placement by the director.
    assert response.context["total"] == 4
    assert _square(grid, 1, 1).count == 0
    assert "Talent risk" in response.content.decode()  # the cell's name, empty
    assert org.manager.full_name not in [
        r.rating.employee.full_name for r in response.context["rows"]
    ]


def test_a_manager_cannot_widen_the_scope_to_someone_else(
    org: Org, review: TalentReview, rated_team: dict[str, TalentRating]
) -> None:
    url = reverse("succession:nine-box", args=[review.public_id])
    response = manager(org).get(url, {"manager": org.director.pk})
    assert "manager" in response.context["form"].errors
    assert response.context["total"] == 4
    assert "department" not in response.context["form"].fields


def test_hr_narrows_the_grid_to_a_department_or_a_sub_tree(
    org: Org, review: TalentReview, rated_team: dict[str, TalentRating]
) -> None:
    url = reverse("succession:nine-box", args=[review.public_id])
    support = rated_team["zed1"].employee.department
    assert hr(org).get(url).context["total"] == 5
    assert hr(org).get(url, {"department": support.pk}).context["total"] == 2
    # Strictly below the manager: employee, teammate, Zed 1, Zed 2.
    assert hr(org).get(url, {"manager": org.manager.pk}).context["total"] == 4
    by_cell = hr(org).get(url, {"cell": "3-3"})
    assert [row.rating.employee.full_name for row in by_cell.context["rows"]] == [
        "Employee",
        "Zed 1",
        "Zed 2",
    ]


def test_hr_finds_a_sub_tree_by_manager_name_and_people_by_name(
    org: Org, review: TalentReview, rated_team: dict[str, TalentRating]
) -> None:
    url = reverse("succession:nine-box", args=[review.public_id])
    page = hr(org).get(url, {"find_manager": "other manag"})
    assert page.context["manager_matches"] == [org.other_manager]
    html = page.content.decode()
    assert 'type="hidden" name="manager"' in html  # the choice is an id, not 5,000 options
    assert f"manager={org.other_manager.pk}" in html  # the match is a link that sets the scope
    assert hr(org).get(url, {"find_manager": "nobody-like-this"}).context["manager_matches"] == []
    named = hr(org).get(url, {"q": "zed"})
    assert [row.rating.employee.full_name for row in named.context["rows"]] == ["Zed 1", "Zed 2"]
    assert named.context["total"] == 5  # the grid keeps the whole scope


def test_a_manager_finds_only_managers_in_their_own_sub_tree(
    org: Org, review: TalentReview, rated_team: dict[str, TalentRating]
) -> None:
    url = reverse("succession:nine-box", args=[review.public_id])
    assert manager(org).get(url, {"find_manager": "director"}).context["manager_matches"] == []


def test_the_grid_is_nine_named_regions_with_counts(
    org: Org, review: TalentReview, rated_team: dict[str, TalentRating]
) -> None:
    text = hr(org).get(reverse("succession:nine-box", args=[review.public_id])).content.decode()
    assert text.count('role="region"') == 9
    assert 'id="cell-3-3-title">Star<span class="visually-hidden">: 3 people</span>' in text
    assert 'id="cell-2-2-title">Core player<span class="visually-hidden">: 1 person</span>' in text


def test_hr_renames_a_cell_and_the_grid_uses_the_new_name(org: Org, review: TalentReview) -> None:
    data: dict[str, str] = {}
    for (perf, pot), (name, text) in queries.default_cell_names().items():
        data[f"cell-{perf}-{pot}-name"] = "Rising talent" if (perf, pot) == (2, 3) else name
        data[f"cell-{perf}-{pot}-description"] = text
        data[f"cell-{perf}-{pot}-version"] = "1"
    response = hr(org).post(reverse("succession:cells"), data)
    assert response.status_code == 302
    assert NineBoxCell.objects.get(performance=2, potential=3).name == "Rising talent"
    grid = hr(org).get(reverse("succession:nine-box", args=[review.public_id])).context["grid"]
    assert _square(grid, 2, 3).name == "Rising talent"
    log = AuditLog.objects.get(object_type="succession.NineBoxCell")
    assert (log.before["name"], log.after["name"]) == ("Future star", "Rising talent")


def test_a_cell_without_a_name_is_refused(org: Org) -> None:
    restore_cells()
    data = {f"cell-{p}-{q}-name": "" for p in (1, 2, 3) for q in (1, 2, 3)}
    response = hr(org).post(reverse("succession:cells"), data)
    assert response.status_code == 200
    assert response.content.decode().count("Every cell needs a name.") == 9


# ---------------------------------------------------------------- calibration


def test_hr_calibrates_with_a_reason_and_the_move_is_kept(
    org: Org, review: TalentReview, rated_team: dict[str, TalentRating]
) -> None:
    rating = rated_team["teammate"]  # the manager put them in Core player (2, 2)
    response = hr(org).post(
        reverse("succession:rating-calibrate", args=[rating.public_id]),
        {"cell": "3-2", "reason": "Delivered the Q3 launch alone", "version": rating.version},
    )
    assert response.status_code == 302
    move = CalibrationMove.objects.get()
    assert (move.from_performance, move.from_potential) == (2, 2)
    assert (move.to_performance, move.to_potential) == (3, 2)
    assert (move.moved_by, move.reason) == (org.hr_user, "Delivered the Q3 launch alone")
    rating.refresh_from_db()
    assert (rating.performance, rating.potential) == (2, 2)  # the manager's rating stays
    assert (rating.final_performance, rating.final_potential) == (3, 2)
    log = AuditLog.objects.filter(object_type="succession.TalentRating", action="update").get()
    assert log.before["calibrated_performance"] is None
    assert log.after["calibrated_performance"] == 3
    assert log.after["reason"] == "Delivered the Q3 launch alone"


def test_the_history_lists_every_move_newest_first(
    org: Org, review: TalentReview, rated_team: dict[str, TalentRating]
) -> None:
    rating = rated_team["teammate"]
    rating_calibrate(
        rating=rating, performance=3, potential=2, reason="First", moved_by=org.hr_user
    )
    rating_calibrate(
        rating=rating, performance=3, potential=3, reason="Second", moved_by=org.hr_user
    )
    response = hr(org).get(reverse("succession:rating", args=[rating.public_id]))
    history = [
        (move.reason, from_name, to_name)
        for move, from_name, to_name in response.context["history"]
    ]
    assert history == [
        ("Second", "High performer", "Star"),
        ("First", "Core player", "High performer"),
    ]
    # The manager above sees the history; they cannot move anyone.
    assert (
        manager(org).get(reverse("succession:rating", args=[rating.public_id])).context["history"]
    )
    refused = manager(org).post(
        reverse("succession:rating-calibrate", args=[rating.public_id]),
        {"cell": "1-1", "reason": "no"},
    )
    assert refused.status_code == 404


def test_a_move_needs_a_reason_and_a_different_cell(
    org: Org, review: TalentReview, rated_team: dict[str, TalentRating]
) -> None:
    url = reverse("succession:rating-calibrate", args=[rated_team["teammate"].public_id])
    no_reason = hr(org).post(url, {"cell": "3-3", "reason": "  ", "version": 1})
    assert no_reason.context["form"].errors == {
        "reason": ["Say why this person moves: calibration must be explained."]
    }
    same = hr(org).post(url, {"cell": "2-2", "reason": "Already there", "version": 1})
    assert same.context["form"].errors == {"cell": ["That is the cell this person is already in."]}
    assert not CalibrationMove.objects.exists()


def test_a_move_from_the_grid_returns_to_the_grid(
    org: Org, review: TalentReview, rated_team: dict[str, TalentRating]
) -> None:
    grid_url = reverse("succession:nine-box", args=[review.public_id]) + "?cell=2-2"
    response = hr(org).post(
        reverse("succession:rating-calibrate", args=[rated_team["teammate"].public_id]),
        {"cell": "2-3", "reason": "Stretch", "next": grid_url, "version": 1},
    )
    assert response["Location"] == grid_url
    evil = hr(org).post(
        reverse("succession:rating-calibrate", args=[rated_team["teammate"].public_id]),
        {"cell": "3-3", "reason": "Again", "next": "https://evil.example/", "version": 2},
    )
    assert evil["Location"] == reverse("succession:rating", args=[rated_team["teammate"].public_id])


def test_the_grid_fetches_a_move_form_only_when_hr_opens_it(
    org: Org, review: TalentReview, rated_team: dict[str, TalentRating]
) -> None:
    teammate = rated_team["teammate"]
    grid_url = reverse("succession:nine-box", args=[review.public_id]) + "?cell=2-2"
    page = hr(org).get(grid_url).content.decode()
    assert 'name="reason"' not in page  # no form until HR opens "Move"
    rating_url = reverse("succession:rating", args=[teammate.public_id])
    assert f'href="{rating_url}#calibrate"' in page  # without JavaScript: the rating page
    move = reverse("succession:rating-move", args=[teammate.public_id])
    query = urlencode({"next": grid_url, "version": teammate.version})
    assert f'hx-get="{move}?{query}"'.replace("&", "&amp;") in page
    form = hr(org).get(f"{move}?{query}", headers=HTMX).content.decode()
    assert 'name="reason"' in form
    assert "<html" not in form
    assert f'name="next" value="{grid_url}"' in form
    # Posted, it returns to the grid like the form that was on the page did.
    moved = hr(org).post(
        reverse("succession:rating-calibrate", args=[teammate.public_id]),
        {"cell": "2-3", "reason": "Stretch", "next": grid_url, "version": teammate.version},
    )
    assert moved["Location"] == grid_url
    without_htmx = hr(org).get(move)
    assert without_htmx["Location"] == f"{rating_url}#calibrate"
    assert manager(org).get(move, headers=HTMX).status_code == 404
    assert 'hx-get="' + move not in manager(org).get(grid_url).content.decode()


def test_high_potential_follows_the_calibrated_potential_of_the_latest_review(
    org: Org, review: TalentReview, rated_team: dict[str, TalentRating]
) -> None:
    # Star: employee, Zed 1, Zed 2. HR lowers Zed 2's potential and raises the teammate's.
    rating_calibrate(
        rating=rated_team["zed2"], performance=3, potential=2, reason="r", moved_by=org.hr_user
    )
    rating_calibrate(
        rating=rated_team["teammate"], performance=2, potential=3, reason="r", moved_by=org.hr_user
    )
    expected = {rated_team[k].employee_id for k in ("employee", "zed1", "teammate")}
    assert set(queries.high_potential_ids(review)) == expected
    assert set(queries.high_potential_ids()) == expected
    later = TalentReview.objects.create(
        name="Later", opens_on=review.opens_on + timedelta(days=1), closes_on=review.closes_on
    )
    # A cycle just opened holds no rating: the latest review is still the rated one.
    assert set(queries.high_potential_ids()) == expected
    TalentRating.objects.create(
        review=later, employee=rated_team["zed1"].employee, performance=2, potential=1
    )
    # Once someone is rated in it, the later cycle is the latest review.
    assert set(queries.high_potential_ids()) == set()
    assert Employee.objects.filter(pk__in=queries.high_potential_ids(review)).count() == 3


def test_hr_exports_the_ratings_as_csv_and_the_export_is_audited(
    org: Org, review: TalentReview, rated_team: dict[str, TalentRating]
) -> None:
    import csv
    import io

    TalentRating.objects.filter(pk=rated_team["teammate"].pk).update(note="=HYPERLINK(1)")
    response = hr(org).get(reverse("succession:review-export", args=[review.public_id]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["employee"] for row in rows] == [
        "Employee",
        "Manager",
        "Teammate",
        "Zed 1",
        "Zed 2",
    ]
    assert rows[0]["final_cell"] == "Star"
    assert rows[2]["note"] == "'=HYPERLINK(1)"
    log = AuditLog.objects.get(action="export")
    assert (log.actor, log.after["rows"]) == (org.hr_user, 5)


# ---------------------------------------------------------------- nobody sees themselves


def _every_url_name() -> list[str]:
    from tests.project.test_url_access import EXPECTATIONS

    return sorted(name for name in EXPECTATIONS if not name.startswith(("account_", "mfa_")))


def _secret_world(org: Org) -> dict[str, list[str]]:
    """The employee is rated, calibrated and on a slate; the manager is rated by the director.

    Returns, per persona, the marks that must never reach them: the texts written about the
    person, and the opaque ids every page that listed the record would link to.
    """
    restore_cells()
    today = timezone.localdate()
    review = TalentReview.objects.create(
        name="Secret review", opens_on=today, closes_on=today + timedelta(days=9)
    )
    about_employee = TalentRating.objects.create(
        review=review,
        employee=org.employee,
        performance=2,
        potential=3,
        note="NOTE-about-employee-7f3a",
        rated_by=org.manager.user,
    )
    rating_calibrate(
        rating=about_employee,
        performance=3,
        potential=3,
        reason="REASON-about-employee-7f3a",
        moved_by=org.hr_user,
    )
    about_manager = TalentRating.objects.create(
        review=review,
        employee=org.manager,
        performance=1,
        potential=1,
        note="NOTE-about-manager-9c1d",
        rated_by=org.director.user,
    )
    plan = SuccessionPlan.objects.create(
        role=RoleFactory(title="Secret seat 4e2b"), incumbent=org.director, notes="PLAN-4e2b"
    )
    slot = SuccessorCandidate.objects.create(
        plan=plan, employee=org.employee, readiness="1-2", development_note="SLATE-4e2b"
    )
    employee_marks = [
        "NOTE-about-employee-7f3a",
        "REASON-about-employee-7f3a",
        str(about_employee.public_id),
        "PLAN-4e2b",
        "SLATE-4e2b",
        str(plan.public_id),
        str(slot.public_id),
    ]
    manager_marks = ["NOTE-about-manager-9c1d", str(about_manager.public_id)]
    return {
        "employee": employee_marks + manager_marks,
        "teammate": employee_marks + manager_marks,
        # The manager may see their report's rating, never their own.
        "manager": [*manager_marks, "PLAN-4e2b", "SLATE-4e2b", str(plan.public_id)],
    }


@pytest.mark.parametrize("persona", ["employee", "teammate", "manager"])
@pytest.mark.parametrize("name", _every_url_name())
def test_nobody_finds_a_trace_of_their_own_or_a_peers_talent_data_on_any_page(
    org: Org, persona: str, name: str
) -> None:
    from tests.project.test_url_access import EXPECTATIONS

    marks = _secret_world(org)[persona]
    expect = EXPECTATIONS[name]
    url = reverse(name, kwargs=expect.kwargs(org))
    user = getattr(org, persona).user
    response = getattr(client_for(user), expect.method)(url, expect.data, follow=True)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    for mark in marks:
        assert mark.encode() not in content, f"{persona} sees {mark} at {url}"


def test_the_manager_on_the_grid_never_finds_themselves(org: Org) -> None:
    marks = _secret_world(org)["manager"]
    review = TalentReview.objects.get()
    response = manager(org).get(reverse("succession:nine-box", args=[review.public_id]))
    assert response.context["total"] == 1  # the employee only
    assert marks[1].encode() not in response.content


# ---------------------------------------------------------------- query counts


def grow(org: Org, review: TalentReview, n: int) -> None:
    """``n`` more people under the manager, each rated, every third calibrated."""
    for i in range(n):
        person = make_employee(
            manager=org.manager, name=f"Grown {i:03}", department=DepartmentFactory()
        )
        rating = rate(review, person, 1 + i % 3, 1 + (i // 3) % 3, org.manager)
        if i % 3 == 0:
            rating_calibrate(
                rating=rating,
                performance=3 if rating.performance != 3 else 2,
                potential=rating.potential,
                reason=f"Reason {i}",
                moved_by=org.hr_user,
            )


def _count(
    client: Client, method: str, url: str, data: dict[str, Any] | None = None, **kw: Any
) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(url, data or {}, **kw)
    assert response.status_code in (200, 302), url
    return len(captured)


def _pages(
    org: Org, review: TalentReview
) -> list[tuple[Client, str, str, dict[str, Any], dict[str, Any]]]:
    rating = TalentRating.objects.filter(review=review, employee__full_name="Grown 000").first()
    assert rating is not None
    r = review.public_id
    return [
        (hr(org), "get", reverse("succession:index"), {}, {}),
        (manager(org), "get", reverse("succession:index"), {}, {}),
        (hr(org), "get", reverse("succession:review", args=[r]), {}, {}),
        (manager(org), "get", reverse("succession:rate", args=[r]), {}, {}),
        (director(org), "get", reverse("succession:rate", args=[r]), {}, {}),
        (hr(org), "get", reverse("succession:nine-box", args=[r]), {}, {}),
        (
            hr(org),
            "get",
            reverse("succession:nine-box", args=[r]),
            {"manager": org.manager.pk, "cell": "3-1"},
            {},
        ),
        (
            hr(org),
            "get",
            reverse("succession:nine-box", args=[r]),
            {"find_manager": "e", "q": "grown"},
            {},
        ),
        (manager(org), "get", reverse("succession:nine-box", args=[r]), {}, {}),
        (hr(org), "get", reverse("succession:rating", args=[rating.public_id]), {}, {}),
        (
            hr(org),
            "get",
            reverse("succession:rating-move", args=[rating.public_id]),
            {"next": "/", "version": 1},
            {"headers": HTMX},
        ),
        (hr(org), "get", reverse("succession:cells"), {}, {}),
        (hr(org), "get", reverse("succession:review-create"), {}, {}),
        (
            hr(org),
            "post",
            reverse("succession:rating-calibrate", args=[rating.public_id]),
            {"cell": "1-1", "reason": ""},
            {},
        ),
        (
            manager(org),
            "post",
            reverse("succession:rating-save", args=[r, org.employee.public_id]),
            {"performance": 2},
            {},
        ),
        (hr(org), "get", reverse("succession:audit"), {}, {}),
        (hr(org), "get", reverse("succession:review-export", args=[r]), {}, {}),
        (
            manager(org),
            "post",
            reverse("succession:rating-save", args=[r, org.employee.public_id]),
            {"performance": 2, "potential": 2},
            {"headers": HTMX},
        ),
    ]


def _counts(org: Org, review: TalentReview) -> dict[str, int]:
    return {
        f"{method} {url} {data}": _count(client, method, url, data, **kw)
        for client, method, url, data, kw in _pages(org, review)
    }


def test_every_page_runs_the_same_number_of_queries_for_5_or_50_people(
    org: Org, review: TalentReview
) -> None:
    grow(org, review, 5)
    few = _counts(org, review)
    TalentRating.objects.filter(employee=org.employee).delete()  # the htmx save creates it again
    for i in range(45):  # 50 under the manager, some a level deeper (under the teammate)
        person = make_employee(manager=org.teammate if i % 2 else org.manager, name=f"More {i:03}")
        rate(review, person, 1 + i % 3, 1 + i % 3, org.manager)
    many = _counts(org, review)
    assert many == few
