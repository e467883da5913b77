"""The audit log: written with every change, readable by HR, editable by nobody."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.contrib import admin
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import User
from apps.succession.audit import audit, snapshot
from apps.succession.models import AuditAction, AuditLog, TalentRating, TalentReview
from apps.succession.services.reviews import rating_calibrate, rating_set
from tests.conftest import Org, client_for
from tests.factories import PASSWORD, UserFactory
from tests.succession.test_reviews import restore_cells


@pytest.fixture
def review(db: None) -> TalentReview:
    today = timezone.localdate()
    return TalentReview.objects.create(
        name="Audited review", opens_on=today, closes_on=today + timedelta(days=10)
    )


def test_audit_writes_who_what_and_before_after(org: Org, review: TalentReview) -> None:
    log = audit(
        actor=org.hr_user,
        action=AuditAction.UPDATE,
        obj=review,
        summary="Renamed",
        before={"name": "Old"},
        after={"name": "New"},
    )
    stored = AuditLog.objects.get(pk=log.pk)
    assert stored.actor == org.hr_user
    assert (stored.action, stored.object_type) == ("update", "succession.TalentReview")
    assert stored.object_id == str(review.public_id)  # the opaque id, never the row number
    assert (stored.before, stored.after) == ({"name": "Old"}, {"name": "New"})


def test_an_export_names_the_model_without_a_record(org: Org) -> None:
    log = audit(actor=org.hr_user, action="export", obj=TalentRating, summary="CSV")
    assert (log.object_type, log.object_id) == ("succession.TalentRating", "")


def test_snapshot_is_json_safe(org: Org, review: TalentReview) -> None:
    rating = TalentRating.objects.create(
        review=review, employee=org.employee, performance=2, potential=3, rated_by=org.hr_user
    )
    assert snapshot(rating, ["employee", "performance", "rated_by", "public_id"]) == {
        "employee": org.employee.pk,
        "performance": 2,
        "rated_by": org.hr_user.pk,
        "public_id": str(rating.public_id),
    }
    assert snapshot(review, ["opens_on"]) == {"opens_on": review.opens_on.isoformat()}


def test_an_anonymous_actor_is_stored_as_nobody(review: TalentReview) -> None:
    from django.contrib.auth.models import AnonymousUser

    log = audit(actor=AnonymousUser(), action="create", obj=review, summary="x")
    assert log.actor is None


def test_the_log_refuses_changes_and_deletion(org: Org, review: TalentReview) -> None:
    log = audit(actor=org.hr_user, action="create", obj=review, summary="Opened")
    log.summary = "Rewritten"
    with pytest.raises(ValueError, match="cannot be changed"):
        log.save()
    with pytest.raises(ValueError, match="cannot be deleted"):
        log.delete()
    assert AuditLog.objects.get().summary == "Opened"


def test_the_admin_shows_the_log_read_only(org: Org, review: TalentReview) -> None:
    root = User.objects.create_superuser("root@example.com", PASSWORD)
    log = audit(actor=org.hr_user, action="create", obj=review, summary="Opened")
    request = RequestFactory().get("/")
    request.user = root
    model_admin = admin.site._registry[AuditLog]
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, log)
    assert not model_admin.has_delete_permission(request, log)
    client = client_for(root)
    change_url = reverse("admin:succession_auditlog_change", args=[log.pk])
    assert client.post(change_url, {"summary": "Edited"}).status_code == 403
    delete_url = reverse("admin:succession_auditlog_delete", args=[log.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert AuditLog.objects.get().summary == "Opened"


def test_a_rating_changed_in_the_admin_is_audited(org: Org, review: TalentReview) -> None:
    root = User.objects.create_superuser("root@example.com", PASSWORD)
    rating = TalentRating.objects.create(
        review=review, employee=org.employee, performance=1, potential=1, rated_by=org.hr_user
    )
    response = client_for(root).post(
        reverse("admin:succession_talentrating_change", args=[rating.pk]),
        {
            "review": review.pk,
            "employee": org.employee.pk,
            "performance": 3,
            "potential": 1,
            "note": "",
            "rated_by": org.hr_user.pk,
            "rated_at_0": "2026-01-01",
            "rated_at_1": "10:00:00",
            "calibrated_performance": "",
            "calibrated_potential": "",
            "calibrated_by": "",
            "calibrated_at_0": "",
            "calibrated_at_1": "",
        },
    )
    assert response.status_code == 302
    log = AuditLog.objects.get()
    assert (log.action, log.actor) == ("update", root)
    assert (log.before["performance"], log.after["performance"]) == (1, 3)


# ---------------------------------------------------------------- the audit page


@pytest.fixture
def history(org: Org, review: TalentReview) -> dict[str, Any]:
    """A rating by the manager, a calibration by HR, and an export by a second HR user."""
    restore_cells()
    rating = rating_set(
        review=review, employee=org.employee, performance=2, potential=2, rated_by=org.manager.user
    )
    rating_calibrate(
        rating=rating, performance=3, potential=3, reason="Led the launch", moved_by=org.hr_user
    )
    other_hr = UserFactory(name="Olga Other")
    audit(actor=other_hr, action="export", obj=review, summary="Exported 1 rating")
    return {"rating": rating, "other_hr": other_hr}


def _entries(org: Org, **filters: Any) -> list[str]:
    response = client_for(org.hr_user).get(reverse("succession:audit"), filters)
    assert response.status_code == 200
    return [entry.log.summary for entry in response.context["entries"]]


def test_hr_reads_the_log_newest_first(org: Org, history: dict[str, Any]) -> None:
    assert _entries(org) == [
        "Exported 1 rating",
        "Calibrated Employee: Led the launch",
        "Rated Employee in “Audited review”",
    ]


def test_the_page_shows_before_and_after_of_a_change(org: Org, history: dict[str, Any]) -> None:
    response = client_for(org.hr_user).get(reverse("succession:audit"), {"action": "update"})
    (entry,) = response.context["entries"]
    changed = {c.field: (c.before, c.after) for c in entry.changes if c.changed}
    assert changed == {
        "calibrated_performance": (None, 3),
        "calibrated_potential": (None, 3),
        "calibrated_by": (None, org.hr_user.pk),
        "reason": (None, "Led the launch"),
    }
    assert entry.record == "Talent rating"


def test_hr_filters_by_actor_record_and_date(org: Org, history: dict[str, Any]) -> None:
    assert _entries(org, actor=history["other_hr"].pk) == ["Exported 1 rating"]
    assert _entries(org, actor=org.manager.user.pk) == ["Rated Employee in “Audited review”"]
    assert _entries(org, object_type="succession.TalentReview") == ["Exported 1 rating"]
    today = timezone.localdate()
    assert len(_entries(org, since=today, until=today)) == 3
    assert _entries(org, since=today + timedelta(days=1)) == []
    # Entries cannot be back-dated (the log is append-only): add an old one as it was written.
    AuditLog.objects.create(
        at=timezone.now() - timedelta(days=40),
        actor=history["other_hr"],
        action="export",
        object_type="succession.TalentReview",
        summary="Exported 2 ratings",
    )
    assert _entries(org, until=today - timedelta(days=30)) == ["Exported 2 ratings"]


def test_a_reversed_date_range_is_explained(org: Org, history: dict[str, Any]) -> None:
    response = client_for(org.hr_user).get(
        reverse("succession:audit"), {"since": "2026-05-02", "until": "2026-05-01"}
    )
    assert response.context["form"].errors == {
        "until": ["The end date must be on or after the start date."]
    }


def test_the_log_is_paginated_by_50(org: Org, review: TalentReview) -> None:
    AuditLog.objects.bulk_create(
        AuditLog(actor=org.hr_user, action="export", object_type="x", summary=f"Row {i:02}")
        for i in range(51)
    )
    first = client_for(org.hr_user).get(reverse("succession:audit"))
    second = client_for(org.hr_user).get(reverse("succession:audit"), {"page": 2})
    assert len(first.context["entries"]) == 50
    assert len(second.context["entries"]) == 1


@pytest.mark.parametrize("persona", ["employee", "manager", "director", "other_employee"])
def test_nobody_but_hr_reads_the_log(org: Org, persona: str) -> None:
    user = getattr(org, persona).user
    assert client_for(user).get(reverse("succession:audit")).status_code == 404


def _queries(org: Org) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client_for(org.hr_user).get(
            reverse("succession:audit"), {"action": "", "since": "2020-01-01"}
        )
    assert response.status_code == 200
    return len(captured)


def test_the_audit_page_runs_the_same_number_of_queries_for_5_or_60_entries(
    org: Org, review: TalentReview
) -> None:
    def add(n: int) -> None:
        for i in range(n):
            audit(
                actor=UserFactory(),
                action="update",
                obj=review,
                summary=f"Change {i}",
                before={"a": i, "when": date(2026, 1, 1)},
                after={"a": i + 1, "id": uuid.uuid4(), "at": datetime(2026, 1, 1, 10, 0)},
            )

    add(5)
    few = _queries(org)
    add(55)
    assert _queries(org) == few


def test_the_database_refuses_to_change_or_delete_an_entry(
    org: Org, history: dict[str, Any]
) -> None:
    from django.db import DatabaseError, connection, transaction

    entry = AuditLog.objects.order_by("id").first()
    assert entry is not None
    for attempt in (
        lambda: AuditLog.objects.filter(pk=entry.pk).update(summary="Nothing happened"),
        lambda: AuditLog.objects.filter(pk=entry.pk).delete(),
        lambda: connection.cursor().execute(
            "UPDATE succession_auditlog SET at = now() - interval '1 year' WHERE id = %s",
            [entry.pk],
        ),
        lambda: connection.cursor().execute("DELETE FROM succession_auditlog"),
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            attempt()
    assert AuditLog.objects.get(pk=entry.pk).summary == entry.summary
    # Deleting an account still works: its entries stay, with the actor link cleared.
    actor = history["other_hr"]
    kept = AuditLog.objects.filter(actor=actor).count()
    actor.delete()
    assert kept > 0
    assert AuditLog.objects.filter(actor=None).count() >= kept
