"""Nobody sees confidential data about themselves, HR included.

The HR user here is rated (high potential, with a note), her own seat is a key position with a
successor and notes, and she sits on another slate. Another HR colleague wrote all of it, so the
audit log holds rows about her. Every page, export, email and notification she can reach must
leave all of it out, while the same data about other people still shows (so a page that shows
nothing cannot pass).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from apps.accounts.models import User
from apps.employees.models import Employee
from apps.notifications.models import Notification
from apps.succession import access
from apps.succession.models import AuditLog, Band, SuccessionPlan, TalentRating, TalentReview
from apps.succession.reminders import closing_reviews, due_plan_reviews, plan_reviews_send
from apps.succession.services import plans as plan_services
from apps.succession.services import reviews as review_services
from tests.conftest import Org, client_for
from tests.factories import RoleFactory, UserFactory, make_employee, make_hr

pytestmark = pytest.mark.django_db

HIDDEN = (
    "HILARY-RATING-NOTE",
    "HILARY-SEAT-NOTE",
    "HILARY-SUCCESSOR-NOTE",
    "HILARY-SLATE-NOTE",
    "HILARY-DEV-NOTE",
)
SHOWN = ("VISIBLE-RATING-NOTE", "VISIBLE-PLAN-NOTE")


@dataclass
class Scene:
    hr: User
    me: Employee
    lead: Employee
    review: TalentReview
    my_rating: TalentRating
    other_rating: TalentRating
    my_seat: SuccessionPlan
    my_slate: SuccessionPlan
    visible: SuccessionPlan


@pytest.fixture
def scene(org: Org) -> Scene:
    hr = org.hr_user
    colleague = make_hr(UserFactory(email="hr2@example.com", name="Second HR"))
    lead = make_employee(name="HR Lead", department=org.director.department)
    me = make_employee(
        user=hr, name="Hilary HR", manager=lead, department=org.director.department,
        current_role=RoleFactory(title="HR Partner"),
    )  # fmt: skip
    today = timezone.localdate()
    review = review_services.review_create(
        name="2026 review", opens_on=today - timedelta(days=5),
        closes_on=today + timedelta(days=5), created_by=colleague,
    )  # fmt: skip

    def rate(person: Employee, note: str) -> TalentRating:
        return review_services.rating_set(
            review=review, employee=person, performance=Band.HIGH, potential=Band.HIGH,
            note=note, rated_by=colleague,
        )  # fmt: skip

    my_rating = rate(me, "HILARY-RATING-NOTE")
    other_rating = rate(org.employee, "VISIBLE-RATING-NOTE")
    review_services.rating_calibrate(
        rating=my_rating, performance=Band.MODERATE, potential=Band.HIGH,
        reason="HILARY-RATING-NOTE moved", moved_by=colleague,
    )  # fmt: skip
    long_ago = timezone.now() - timedelta(days=200)
    my_seat = plan_services.plan_create(
        actor=colleague, role=me.current_role, incumbent=me, notes="HILARY-SEAT-NOTE"
    )
    plan_services.candidate_add(
        actor=colleague, plan=my_seat, employee=org.teammate, readiness="now",
        development_note="HILARY-SUCCESSOR-NOTE",
    )  # fmt: skip
    my_slate = plan_services.plan_create(
        actor=colleague, role=RoleFactory(title="Head of People"), notes="HILARY-SLATE-NOTE"
    )
    plan_services.candidate_add(
        actor=colleague, plan=my_slate, employee=me, readiness="1-2",
        development_note="HILARY-DEV-NOTE",
    )  # fmt: skip
    visible = plan_services.plan_create(
        actor=colleague, role=RoleFactory(title="Head of Support"), incumbent=org.director,
        notes="VISIBLE-PLAN-NOTE",
    )  # fmt: skip
    plan_services.candidate_add(
        actor=colleague, plan=visible, employee=org.employee, readiness="now"
    )
    SuccessionPlan.objects.update(created_at=long_ago)  # all three are due for review
    return Scene(hr, me, lead, review, my_rating, other_rating, my_seat, my_slate, visible)


def _text(response) -> str:
    assert response.status_code == 200, response.status_code
    if response["Content-Type"].startswith("application/vnd.openxmlformats"):
        book = load_workbook(io.BytesIO(response.content))
        cells = (c for sheet in book for row in sheet.iter_rows(values_only=True) for c in row)
        return "\n".join(str(cell) for cell in cells if cell is not None)
    return response.content.decode()


def _assert_nothing_about_her(text: str, scene: Scene) -> None:
    for secret in HIDDEN:
        assert secret not in text
    for record in (scene.my_rating, scene.my_seat, scene.my_slate):
        assert str(record.public_id) not in text


def _pages(scene: Scene) -> list[str]:
    review = scene.review.public_id
    return [
        reverse("succession:index"),
        reverse("succession:review", args=[review]),
        reverse("succession:nine-box", args=[review]),
        reverse("succession:review-export", args=[review]),
        reverse("succession:audit"),
        reverse("succession:plan-index"),
        reverse("succession:plan-suggestions", args=[scene.visible.public_id]),
        reverse("succession:report-succession"),
        reverse("succession:report-succession-csv"),
        reverse("succession:report-succession-xlsx"),
        reverse("succession:report-succession-print"),
        reverse("succession:report-skills"),
        reverse("succession:report-future"),
        reverse("succession:report-equity"),
        reverse("dashboards:team") + f"?manager={scene.lead.public_id}",
        reverse("notifications:list"),
    ]


def test_no_page_or_export_shows_hr_anything_about_herself(scene: Scene) -> None:
    client = client_for(scene.hr)
    for url in _pages(scene):
        _assert_nothing_about_her(_text(client.get(url)), scene)
        _assert_nothing_about_her(_text(client.get(url, headers={"HX-Request": "true"})), scene)


def test_the_same_pages_still_show_other_peoples_data(scene: Scene) -> None:
    client = client_for(scene.hr)
    audit = _text(client.get(reverse("succession:audit")))
    assert all(note in audit for note in SHOWN)
    assert "VISIBLE-PLAN-NOTE" in _text(
        client.get(reverse("succession:plan-detail", args=[scene.visible.public_id]))
    )
    assert str(scene.visible.public_id) in _text(client.get(reverse("succession:plan-index")))
    nine_box = _text(client.get(reverse("succession:nine-box", args=[scene.review.public_id])))
    assert str(scene.other_rating.public_id) in nine_box


def test_her_own_records_answer_404(scene: Scene) -> None:
    client = client_for(scene.hr)
    for url in (
        reverse("succession:rating", args=[scene.my_rating.public_id]),
        reverse("succession:plan-detail", args=[scene.my_seat.public_id]),
        reverse("succession:plan-detail", args=[scene.my_slate.public_id]),
        reverse("succession:plan-suggestions", args=[scene.my_seat.public_id]),
        reverse("succession:plan-edit", args=[scene.my_slate.public_id]),
    ):
        assert client.get(url).status_code == 404, url


def test_the_audit_log_leaves_out_every_row_about_her(scene: Scene) -> None:
    mine = AuditLog.objects.filter(subjects__contains=[scene.me.pk])
    # Rated, calibrated; her seat created and its successor added; her slate's entry added.
    assert mine.count() == 5
    visible = access.audit_visible_to(scene.hr)
    assert not visible.filter(pk__in=mine.values("pk")).exists()
    assert visible.count() == AuditLog.objects.count() - mine.count() - 1  # her slate's creation


def test_rows_written_before_she_joined_a_slate_are_hidden_too(scene: Scene, org: Org) -> None:
    """A plan created (and audited) before she was put on its slate concerns her now."""
    colleague = User.objects.get(email="hr2@example.com")
    plan_services.candidate_add(
        actor=colleague, plan=scene.visible, employee=scene.me, readiness="3-5"
    )
    client = client_for(scene.hr)
    audit = _text(client.get(reverse("succession:audit")))
    assert "VISIBLE-PLAN-NOTE" not in audit
    assert "VISIBLE-RATING-NOTE" in audit
    response = client.get(reverse("succession:plan-detail", args=[scene.visible.public_id]))
    assert response.status_code == 404


def test_suggestions_never_offer_her(scene: Scene) -> None:
    response = client_for(scene.hr).get(
        reverse("succession:plan-suggestions", args=[scene.visible.public_id])
    )
    page = _main(_text(response))
    assert str(scene.me.public_id) not in page
    assert "Suggested" in page or "suggest" in page.lower()


def test_the_reminder_email_and_notification_leave_out_her_plans(scene: Scene) -> None:
    assert plan_reviews_send(user_id=scene.hr.pk)
    (email,) = mail.outbox
    assert "Head of Support" in email.body
    assert "HR Partner" not in email.body  # her own seat
    assert "Head of People" not in email.body  # the slate she sits on
    assert "1 succession plan has" in email.subject
    notes = Notification.objects.filter(user=scene.hr)
    assert notes.exists()
    for note in notes:
        text = f"{note.title} {note.body} {note.url}"
        assert "HR Partner" not in text
        assert "Head of People" not in text
    listed = _main(_text(client_for(scene.hr).get(reverse("notifications:list"))))
    assert "HR Partner" not in listed
    assert "Head of People" not in listed


def test_no_reminder_when_her_own_plans_are_the_only_stale_ones(scene: Scene) -> None:
    scene.visible.delete()
    due = {d.user_id for batch in due_plan_reviews(now=timezone.now()) for d in batch}
    hr2 = User.objects.get(email="hr2@example.com")
    # The colleague may be due (it is morning somewhere or not); she never is.
    assert scene.hr.pk not in due
    assert not plan_reviews_send(user_id=scene.hr.pk)
    assert plan_reviews_send(user_id=hr2.pk)


def test_dashboard_high_potential_panel_leaves_her_out(scene: Scene, org: Org) -> None:
    """Her manager's dashboard lists his reports' high potentials: everyone's but hers."""
    client = client_for(scene.hr)
    team = reverse("dashboards:team")
    others = _text(client.get(team + f"?manager={org.director.public_id}&scope=subtree"))
    assert 'id="high-potential"' in others
    assert str(org.employee.public_id) in _section(others, "high-potential")
    hers = _text(client.get(team + f"?manager={scene.lead.public_id}&scope=subtree"))
    assert 'id="high-potential"' in hers
    assert str(scene.me.public_id) not in _section(hers, "high-potential")


def _main(html: str) -> str:
    """The page's own content, without the navigation (which links to her own profile)."""
    return html[html.index("<main") : html.index("</main>")]


def _section(html: str, section_id: str) -> str:
    start = html.index(f'id="{section_id}"')
    end = html.find("</section>", start)
    return html[start:end]


def test_htmx_audit_filter_leaves_her_out(scene: Scene) -> None:
    client = client_for(scene.hr)
    url = reverse("succession:audit") + "?object_type=succession.TalentRating"
    text = _text(client.get(url, headers={"HX-Request": "true"}))
    assert "VISIBLE-RATING-NOTE" in text
    _assert_nothing_about_her(text, scene)


def test_the_closing_reminder_count_does_not_tell_her_whether_she_is_rated(
    scene: Scene,
) -> None:
    today = timezone.localdate()
    (rated,) = closing_reviews(today, scene.hr)
    scene.my_rating.delete()
    (unrated,) = closing_reviews(today, scene.hr)
    assert rated.missing == unrated.missing
    (for_anyone,) = closing_reviews(today)
    assert for_anyone.missing == unrated.missing + 1


def test_the_admin_leaves_out_her_records_too(scene: Scene) -> None:
    User.objects.filter(pk=scene.hr.pk).update(is_staff=True, is_superuser=True)
    client = client_for(User.objects.get(pk=scene.hr.pk))

    def change(record: object) -> int:
        meta = record._meta  # type: ignore[attr-defined]
        url = f"/admin/{meta.app_label}/{meta.model_name}/{record.pk}/change/"  # type: ignore[attr-defined]
        return client.get(url).status_code

    assert change(scene.other_rating) == 200
    assert change(scene.visible) == 200
    assert change(scene.my_rating) != 200
    assert change(scene.my_seat) != 200
    assert change(scene.my_slate) != 200
    log = _text(client.get("/admin/succession/auditlog/"))
    assert "Rated Employee" in log
    assert "Rated Hilary HR" not in log
    assert "Successor added: Hilary HR" not in log


def test_rows_from_before_subjects_existed_are_backfilled_from_their_snapshots(
    scene: Scene, org: Org
) -> None:
    """A row about a rating deleted long ago, written before ``subjects`` existed."""
    from importlib import import_module

    from django.db import DatabaseError, connection

    old = AuditLog.objects.create(
        action="delete", object_type="succession.TalentRating", object_id="gone",
        summary="HILARY-RATING-NOTE deleted", before={"employee": scene.me.pk, "note": "x"},
    )  # fmt: skip
    plan = AuditLog.objects.create(
        action="delete", object_type="succession.SuccessionPlan", object_id="gone-too",
        summary="HILARY-SEAT-NOTE deleted",
        before={"incumbent": org.director.pk, "successors": [scene.me.pk, org.employee.pk]},
    )  # fmt: skip
    assert access.audit_visible_to(scene.hr).filter(pk=old.pk).exists()  # not yet
    migration = import_module("apps.succession.migrations.0007_audit_log_backfill_subjects")
    with connection.cursor() as cursor:
        cursor.execute(migration.BACKFILL)
    old.refresh_from_db()
    plan.refresh_from_db()
    assert old.subjects == [scene.me.pk]
    assert plan.subjects == sorted([org.director.pk, scene.me.pk, org.employee.pk])
    assert not access.audit_visible_to(scene.hr).filter(pk__in=[old.pk, plan.pk]).exists()
    with pytest.raises(DatabaseError, match="append-only"):  # the trigger is on again
        AuditLog.objects.filter(pk=old.pk).update(summary="x")
