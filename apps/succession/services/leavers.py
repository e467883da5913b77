"""A leaver's data, on HR's request: the whole record as JSON, and anonymisation.

It lives here because succession is the highest app that owns personal data (ratings, slates,
the audit log) and already builds on employees, career maps and mentoring.

Anonymising keeps every number and link that the reports count (skill levels, role,
department, location, dates, ratings, slate places, map dates), so supply and demand, bench
strength and equity give the same totals after; it replaces who the person is (name, email,
HR-system id, sign-in) and every free text they or others wrote about them. It is one
transaction, and free text is cleared with ``QuerySet.update`` so no ``updated_at`` moves (the
equity report counts maps updated recently).
"""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import F, Q, TextField, Value
from django.db.models.functions import Cast, Replace
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.careermaps.export import map_export
from apps.careermaps.models import (
    CareerMap,
    DevelopmentAction,
    Goal,
    Milestone,
    NetworkContact,
    Recognition,
    Reflection,
    SwotItem,
)
from apps.employees.models import (
    ANONYMISED_DOMAIN,
    Employee,
    EmploymentStatus,
    Invitation,
    SkillRating,
    SkillRatingHistory,
)
from apps.mentoring.models import MentorOffer, Mentorship
from apps.notifications.models import Notification
from apps.succession.audit import audit
from apps.succession.models import (
    AuditAction,
    AuditLog,
    CalibrationMove,
    SuccessorCandidate,
    TalentRating,
)

FORMAT = "careermap-person/v1"
REMOVED = "(removed)"
# The audit log's trigger lets summaries and snapshots change only while this names a leaver
# (apps/succession/migrations/0006_audit_log_anonymise_leaver.py).
ANONYMISING = "careermap.anonymising"
# Keys of audit snapshots that hold free text about the person.
FREE_TEXT_KEYS = ("note", "development_note", "reason", "message")


def pseudonym(employee: Employee) -> str:
    return f"Former employee #{employee.pk}"


def pseudonymous_email(employee: Employee) -> str:
    return f"former-employee-{employee.pk}@{ANONYMISED_DOMAIN}"


# --------------------------------------------------------------------------- export


def _profile(employee: Employee) -> dict[str, Any]:
    return {
        "name": employee.full_name,
        "email": employee.work_email,
        "external_id": employee.external_id,
        "role": employee.current_role.title if employee.current_role else None,
        "department": employee.department.name if employee.department else None,
        "manager": employee.manager.full_name if employee.manager else None,
        "hire_date": employee.hire_date,
        "location": employee.location,
        "status": employee.status,
        "timezone": employee.timezone,
    }


def _skills(employee: Employee) -> dict[str, Any]:
    ratings = SkillRating.objects.filter(employee=employee).select_related("skill")
    history = SkillRatingHistory.objects.filter(employee=employee).select_related("skill")
    return {
        "skill_ratings": [
            {
                "skill": r.skill.name,
                "self": r.self_level,
                "manager": r.manager_level,
                "note": r.note,
            }
            for r in ratings.order_by("skill__name")
        ],
        "rating_history": [
            {
                "skill": h.skill.name,
                "source": h.source,
                "level": h.level,
                "note": h.note,
                "at": h.rated_at,
            }
            for h in history.order_by("rated_at", "id")
        ],
    }


def _mentoring(employee: Employee) -> dict[str, Any]:
    offer = MentorOffer.objects.filter(employee=employee).first()
    mentorships = Mentorship.objects.filter(Q(mentor=employee) | Q(mentee=employee))
    return {
        "mentor_offer": {"note": offer.note, "skills": [s.name for s in offer.skills.all()]}
        if offer
        else None,
        "mentorships": [
            {
                "mentor": m.mentor.full_name,
                "mentee": m.mentee.full_name,
                "status": m.status,
                "message": m.message,
                "requested_at": m.requested_at,
            }
            for m in mentorships.select_related("mentor", "mentee").order_by("requested_at")
        ],
    }


def _talent(employee: Employee) -> dict[str, Any]:
    ratings = TalentRating.objects.filter(employee=employee).select_related("review")
    slots = SuccessorCandidate.objects.filter(employee=employee).select_related("plan__role")
    return {
        "talent_ratings": [
            {
                "review": r.review.name,
                "performance": r.final_performance,
                "potential": r.final_potential,
                "note": r.note,
            }
            for r in ratings.order_by("review__opens_on")
        ],
        "successor_for": [
            {"role": s.plan.role.title, "readiness": s.readiness, "note": s.development_note}
            for s in slots
        ],
    }


@transaction.atomic
def person_export(*, actor: Any, employee: Employee) -> dict[str, Any]:
    """Everything CareerMap keeps about ``employee``, as JSON-ready data; the export is audited."""
    career_map = CareerMap.objects.filter(employee=employee).first()
    data = {
        "format": FORMAT,
        "exported_at": timezone.now().isoformat(),
        "profile": _profile(employee),
        **_skills(employee),
        "career_map": map_export(career_map) if career_map else None,
        **_mentoring(employee),
        **_talent(employee),
    }
    audit(
        actor=actor,
        action=AuditAction.EXPORT,
        obj=employee,
        summary=f"Exported the personal data of {employee.full_name}",
        after={"format": "json"},
        subjects=[employee.pk],
    )
    return json.loads(json.dumps(data, default=str))


# --------------------------------------------------------------------------- anonymise


def _clear(queryset: models.QuerySet[Any], *names: str) -> None:
    """Empty the text fields (a required one reads "(removed)"), without touching dates."""
    model = queryset.model
    values = {name: "" if model._meta.get_field(name).blank else REMOVED for name in names}
    queryset.update(**values)


def _clear_own_text(employee: Employee) -> None:
    maps = CareerMap.objects.filter(employee=employee)
    _clear(maps, "aspiration", "strengths", "weaknesses", "values", "interests")
    _clear(
        Goal.objects.filter(career_map__in=maps), "specific", "measurable", "achievable", "relevant"
    )
    _clear(Milestone.objects.filter(goal__career_map__in=maps), "title")
    _clear(DevelopmentAction.objects.filter(career_map__in=maps), "title", "detail", "evidence")
    _clear(SwotItem.objects.filter(career_map__in=maps), "text")
    _clear(
        NetworkContact.objects.filter(career_map__in=maps), "name", "organisation", "how_they_help"
    )
    _clear(Reflection.objects.filter(career_map__in=maps), "progress", "went_well", "adjust")
    _clear(Recognition.objects.filter(career_map__in=maps), "message")
    _clear(MentorOffer.objects.filter(employee=employee), "note")
    _clear(Mentorship.objects.filter(Q(mentor=employee) | Q(mentee=employee)), "message")
    _clear(SkillRating.objects.filter(employee=employee), "note")
    _clear(SkillRatingHistory.objects.filter(employee=employee), "note")
    _clear(TalentRating.objects.filter(employee=employee), "note")
    _clear(CalibrationMove.objects.filter(rating__employee=employee), "reason")
    _clear(SuccessorCandidate.objects.filter(employee=employee), "development_note")


# Other people's text that may name the leaver: the name is replaced by the pseudonym there.
NAMED_IN = (
    (NetworkContact, ("name", "how_they_help")),
    (Recognition, ("message",)),
    (Notification, ("title", "body")),
)


def _replace_name_elsewhere(employee: Employee, alias: str) -> None:
    for model, names in NAMED_IN:
        for name in names:
            rows = model.objects.filter(**{f"{name}__contains": employee.full_name})
            rows.update(**{name: Replace(F(name), Value(employee.full_name), Value(alias))})


def _scrub_text(text: str, employee: Employee, alias: str) -> str:
    for said in (employee.full_name, employee.work_email):
        text = text.replace(said, alias)
    return text


def _scrub_snapshot(value: Any, employee: Employee, alias: str, about: bool) -> Any:
    if value is None:
        return None
    if about and isinstance(value, dict):
        value = {k: (REMOVED if k in FREE_TEXT_KEYS and v else v) for k, v in value.items()}
    return json.loads(_scrub_text(json.dumps(value), employee, alias))


def _scrub_audit(employee: Employee, alias: str) -> int:
    """Rewrite the log's rows that name the person (the trigger allows it for this leaver)."""
    mentions = Q(subjects__contains=[employee.pk])
    for said in (employee.full_name, employee.work_email):
        mentions |= Q(summary__contains=said) | Q(before_text__contains=said)
        mentions |= Q(after_text__contains=said)
    texts = {"before_text": Cast("before", TextField()), "after_text": Cast("after", TextField())}
    rows = list(AuditLog.objects.annotate(**texts).filter(mentions))
    for row in rows:
        about = employee.pk in row.subjects
        row.summary = _scrub_text(row.summary, employee, alias)[:300]
        row.before = _scrub_snapshot(row.before, employee, alias, about)
        row.after = _scrub_snapshot(row.after, employee, alias, about)
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, %s, true)", [ANONYMISING, str(employee.pk)])
        AuditLog.objects.bulk_update(rows, ["summary", "before", "after"], batch_size=500)
        cursor.execute("SELECT set_config(%s, '', true)", [ANONYMISING])
    return len(rows)


def _close_account(employee: Employee, alias: str) -> None:
    """No sign-in left: no password, no email address, no second factor, no invitation."""
    Invitation.objects.filter(employee=employee).delete()
    if employee.user_id is None:
        return
    Notification.objects.filter(user_id=employee.user_id).delete()
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    EmailAddress.objects.filter(user_id=employee.user_id).delete()
    Authenticator.objects.filter(user_id=employee.user_id).delete()
    user = User.objects.get(pk=employee.user_id)
    user.email, user.name, user.is_active = pseudonymous_email(employee), alias, False
    user.set_unusable_password()
    user.save(update_fields=["email", "name", "is_active", "password"])


def _check_leaver(employee: Employee) -> None:
    if employee.status != EmploymentStatus.LEFT:
        raise ValidationError(
            _("Only a leaver can be anonymised: record that they have left the organisation first.")
        )
    if employee.is_anonymised:
        raise ValidationError(_("This person is already anonymised."))


@transaction.atomic
def person_anonymise(*, actor: Any, employee: Employee) -> Employee:
    """Make a leaver unidentifiable everywhere, keeping what the aggregate reports count."""
    employee = Employee.objects.select_for_update().get(pk=employee.pk)
    _check_leaver(employee)
    alias = pseudonym(employee)
    _clear_own_text(employee)
    _replace_name_elsewhere(employee, alias)
    rewritten = _scrub_audit(employee, alias)
    _close_account(employee, alias)
    Employee.objects.filter(pk=employee.pk).update(
        full_name=alias, work_email=pseudonymous_email(employee), external_id=None
    )
    employee.refresh_from_db()
    audit(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=employee,
        summary=f"Anonymised a leaver: {alias}",
        after={"audit_rows_rewritten": rewritten},
        subjects=[employee.pk],
    )
    return employee
