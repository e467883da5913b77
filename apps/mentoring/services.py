"""Mentor matching: offers to mentor, the ranking of mentors, and the mentorship flow.

Everyone with an employee record may offer to mentor and look for a mentor; HR has no special
part here. A mentorship is visible only to its mentor and mentee (404 to anyone else). The
ranking shows only a mentor's name, role, department and levels in the skills asked about.

For the map pages: ``mentorships_for_map(career_map)`` lists the accepted mentorships of the
map's owner (as mentee or as mentor) for ``templates/mentoring/_on_map.html``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.careermaps.models import CareerMap, NetworkContact
from apps.careermaps.services.maps import map_create
from apps.careermaps.services.plan import contact_create
from apps.employees.access import viewer_employee
from apps.employees.gaps import SkillGap, current_level, skill_gaps
from apps.employees.models import Employee, EmploymentStatus, SkillRating
from apps.mentoring.models import MentorOffer, Mentorship, MentorshipStatus
from apps.skills.models import Skill
from careermap.fields import MEDIUM, SHORT
from careermap.sql import fetch
from careermap.versioning import lock_current, save_current

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

FOLLOW_UP_DAYS = 30
RANKING_LIMIT = 25
OPEN = (MentorshipStatus.REQUESTED, MentorshipStatus.ACCEPTED)

HOW_MENTORS_ARE_RANKED = gettext_lazy(
    "Only colleagues who have opted in as mentors, are taking new mentees and mentor at least "
    "one of the chosen skills are listed. For each chosen skill a mentor offers, we compare "
    "their current level with yours (a current level is the manager's rating if there is "
    "one, otherwise the person's own rating, otherwise 0). Their lead in that skill is how "
    "many levels they are above you, or 0 if they are not above you. The score is the sum of "
    "those leads. Mentors with the same score are ordered by the number of chosen skills in "
    "which they are ahead of you, then by name."
)

# --------------------------------------------------------------------------- access


def mentoring_employee(user: Any) -> Employee:
    """The viewer's employee record; mentoring does not exist for anyone without one."""
    me = viewer_employee(user)
    if me is None:
        raise Http404("No employee record")
    return me


def _people(queryset: QuerySet[Mentorship]) -> QuerySet[Mentorship]:
    related = ("current_role", "department")
    return queryset.select_related(
        "mentor", "mentee", *(f"{who}__{r}" for who in ("mentor", "mentee") for r in related)
    ).prefetch_related(Prefetch("focus_skills", queryset=Skill.objects.order_by("name")))


def mentorship_for(user: Any, mentorship_id: UUID, *, as_mentor: bool = False) -> Mentorship:
    """A mentorship the viewer is part of (only as its mentor with ``as_mentor``), else 404."""
    me = mentoring_employee(user)
    mine = Q(mentor=me) if as_mentor else Q(mentor=me) | Q(mentee=me)
    mentorship = _people(Mentorship.objects.filter(mine, public_id=mentorship_id)).first()
    if mentorship is None:
        raise Http404("No such mentorship")
    return mentorship


def mentor_for_request(mentor_id: UUID) -> Employee:
    """Someone who has opted in as a mentor (open or not), else 404."""
    mentor = (
        Employee.objects.with_related()
        .filter(public_id=mentor_id, mentor_offer__isnull=False)
        .exclude(status=EmploymentStatus.LEFT)
        .select_related("mentor_offer")
        .first()
    )
    if mentor is None:
        raise Http404("No such mentor")
    return mentor


# --------------------------------------------------------------------------- offers


def offer_of(employee: Employee) -> MentorOffer | None:
    return MentorOffer.objects.filter(employee=employee).prefetch_related("skills").first()


@transaction.atomic
def mentor_offer_save(
    *,
    employee: Employee,
    is_open: bool,
    skills: Iterable[Skill],
    note: str = "",
    version: int | None = None,
) -> MentorOffer:
    """Opt in as a mentor (or update or close the offer). From the form, ``version`` is the
    offer shown (0: none yet): one saved since raises :class:`StaleVersion`."""
    chosen = list(skills)
    if is_open and not chosen:
        raise ValidationError(
            {"skills": _("Name at least one skill you can mentor, or stop taking new mentees.")}
        )
    mine = MentorOffer.objects.filter(employee=employee)
    offer = mine.select_for_update().first()
    if offer is not None and version is not None:
        offer = lock_current(mine, offer.pk, version)
    offer = offer or MentorOffer(employee=employee)
    offer.is_open, offer.note = is_open, note.strip()
    offer.full_clean(exclude=["employee"], validate_unique=False)
    if offer.pk is None:
        offer.save()
    else:
        save_current(offer, is_open=offer.is_open, note=offer.note)
    offer.skills.set(chosen)
    return offer


# --------------------------------------------------------------------------- finding a mentor


def gaps_of(employee: Employee) -> tuple[CareerMap | None, list[SkillGap]]:
    """The employee's map and the skills they fall short in for its target role."""
    career_map = CareerMap.objects.filter(employee=employee).select_related("target_role").first()
    if career_map is None or career_map.target_role is None:
        return career_map, []
    return career_map, [gap for gap in skill_gaps(employee, career_map.target_role) if gap.gap]


@dataclass(frozen=True, slots=True)
class SkillLead:
    """One chosen skill a mentor offers: their level, mine, and how far ahead they are."""

    skill_id: int
    name: str
    mentor_level: int
    my_level: int

    @property
    def lead(self) -> int:
        return max(0, self.mentor_level - self.my_level)


@dataclass(frozen=True, slots=True)
class MentorMatch:
    public_id: UUID
    name: str
    role: str | None
    department: str | None
    score: int
    covered: int
    skills: list[SkillLead]
    has_open_request: bool

    @property
    def initials(self) -> str:
        return "".join(part[0] for part in self.name.split()[:2]).upper()

    @property
    def working(self) -> str:
        """The score's sum written out, e.g. "(4 - 1) + (3 - 3 → 0) = 3"."""
        terms = [
            f"({s.mentor_level} - {s.my_level}{'' if s.lead else ' → 0'})" for s in self.skills
        ]
        return f"{' + '.join(terms)} = {self.score}"


# One statement ranks every candidate. ``wanted`` is the chosen skills with my level in each;
# ``lead`` pairs them with each open offer of one of them and the mentor's level in it. Levels
# are the gap engine's current level (``mine`` is my rating, ``r`` the mentor's).
_RANK_SQL = """
WITH wanted AS (
    SELECT s.id AS skill_id, s.name, {my_level} AS my_level
      FROM skills_skill s
      LEFT JOIN employees_skillrating mine
             ON mine.skill_id = s.id AND mine.employee_id = %(me)s
     WHERE s.id = ANY(%(skills)s)
), lead AS (
    SELECT o.employee_id, w.skill_id, w.name, w.my_level,
           {mentor_level} AS mentor_level
      FROM careermaps_mentoroffer o
      JOIN careermaps_mentoroffer_skills os ON os.mentoroffer_id = o.id
      JOIN wanted w ON w.skill_id = os.skill_id
      LEFT JOIN employees_skillrating r
             ON r.employee_id = o.employee_id AND r.skill_id = w.skill_id
     WHERE o.is_open
)
SELECT e.public_id, e.full_name, ro.title, d.name,
       sum(GREATEST(l.mentor_level - l.my_level, 0)) AS score,
       count(*) FILTER (WHERE l.mentor_level > l.my_level) AS covered,
       json_agg(json_build_array(l.skill_id, l.name, l.mentor_level, l.my_level)
                ORDER BY l.mentor_level - l.my_level DESC, l.name) AS skills,
       EXISTS (SELECT 1 FROM careermaps_mentorship m
                WHERE m.mentor_id = e.id AND m.mentee_id = %(me)s
                  AND m.status IN ('requested', 'accepted')) AS has_open_request
  FROM lead l
  JOIN employees_employee e ON e.id = l.employee_id
  LEFT JOIN roles_role ro ON ro.id = e.current_role_id
  LEFT JOIN employees_department d ON d.id = e.department_id
 WHERE e.id <> %(me)s AND e.status <> %(left)s {exclude}
 GROUP BY e.id, ro.title, d.name
 ORDER BY score DESC, covered DESC, e.full_name, e.id
 LIMIT %(limit)s
"""

# My managers up the chain (ids from my path) and everyone under me (my path is their prefix).
_EXCLUDE_LINE = "AND NOT (e.id = ANY(%(above)s) OR e.path LIKE %(below)s)"


def rank_mentors(
    *,
    mentee: Employee,
    skill_ids: Iterable[int],
    exclude_reporting_line: bool = False,
    limit: int = RANKING_LIMIT,
) -> list[MentorMatch]:
    """Open mentors for ``skill_ids``, strongest relative to ``mentee`` first (one query).

    See HOW_MENTORS_ARE_RANKED for the score.
    """
    wanted = sorted(set(skill_ids))
    if not wanted:
        return []
    params: dict[str, Any] = {
        "me": mentee.pk,
        "skills": wanted,
        "left": EmploymentStatus.LEFT.value,
        "limit": limit,
        "above": mentee.ancestor_ids,
        "below": f"{mentee.path}%",
    }
    sql = _RANK_SQL.format(
        my_level=current_level("mine"),
        mentor_level=current_level("r"),
        exclude=_EXCLUDE_LINE if exclude_reporting_line else "",
    )
    rows = fetch(sql, params)
    return [
        MentorMatch(
            public_id,
            name,
            role,
            department,
            int(score),
            covered,
            [SkillLead(*skill) for skill in skills],
            has_open_request,
        )
        for public_id, name, role, department, score, covered, skills, has_open_request in rows
    ]


def levels_of(employee_ids: Iterable[int], skill_ids: Iterable[int]) -> dict[tuple[int, int], int]:
    """Current levels (manager's rating, else self, else absent) by (employee, skill)."""
    ratings = SkillRating.objects.filter(
        employee_id__in=list(employee_ids), skill_id__in=list(skill_ids)
    ).only("employee_id", "skill_id", "manager_level", "self_level")
    return {(r.employee_id, r.skill_id): r.current_level for r in ratings}


# --------------------------------------------------------------------------- the flow


def _name(employee: Employee) -> str:
    return employee.full_name


def _check_request(mentee: Employee, mentor: Employee) -> MentorOffer:
    if mentor.pk == mentee.pk:
        raise ValidationError(_("You cannot be your own mentor: choose someone else."))
    offer = MentorOffer.objects.filter(employee=mentor).prefetch_related("skills").first()
    if offer is None or not offer.is_open or mentor.status == EmploymentStatus.LEFT:
        raise ValidationError(
            _("%(name)s is not taking new mentees at the moment.") % {"name": _name(mentor)}
        )
    existing = Mentorship.objects.filter(mentor=mentor, mentee=mentee, status__in=OPEN).first()
    if existing is not None:
        raise ValidationError(_duplicate_message(existing, mentor))
    return offer


def _duplicate_message(existing: Mentorship, mentor: Employee) -> str:
    if existing.status == MentorshipStatus.ACCEPTED:
        return _("%(name)s is already your mentor.") % {"name": _name(mentor)}
    return _("You have already asked %(name)s: wait for their answer before asking again.") % {
        "name": _name(mentor)
    }


@transaction.atomic
def mentorship_request(
    *, mentee: Employee, mentor: Employee, message: str, focus_skills: Iterable[Skill]
) -> Mentorship:
    """Ask ``mentor`` for mentoring in ``focus_skills`` (skills they offer)."""
    offer = _check_request(mentee, mentor)
    focus, offered = list(focus_skills), {skill.pk: skill for skill in offer.skills.all()}
    errors: dict[str, StrOrPromise] = {}
    if not focus:
        errors["focus_skills"] = _("Choose at least one skill to focus on.")
    elif not_offered := [skill.name for skill in focus if skill.pk not in offered]:
        names = ", ".join(sorted(skill.name for skill in offered.values()))
        errors["focus_skills"] = _(
            "%(name)s does not mentor %(missing)s. They mentor: %(offered)s."
        ) % {"name": _name(mentor), "missing": ", ".join(not_offered), "offered": names}
    message = message.strip()
    if not message:
        errors["message"] = _("Say in a few words what you would like help with.")
    elif len(message) > MEDIUM:
        errors["message"] = _("Keep your message to at most %(limit)s characters.") % {
            "limit": MEDIUM
        }
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            mentorship = Mentorship.objects.create(mentor=mentor, mentee=mentee, message=message)
    except IntegrityError:  # the same request sent twice at once
        raise ValidationError(
            _("You have already asked %(name)s: wait for their answer.") % {"name": _name(mentor)}
        ) from None
    mentorship.focus_skills.set(focus)
    return mentorship


def _locked(mentorship: Mentorship) -> Mentorship:
    """The stored row, locked: two clicks (or two tabs) answer a request once."""
    return Mentorship.objects.select_for_update().get(pk=mentorship.pk)


def _require_request(row: Mentorship, mentor: Employee) -> None:
    if row.mentor_id != mentor.pk:
        raise ValidationError(_("Only the mentor answers a mentorship request."))
    if row.status != MentorshipStatus.REQUESTED:
        status = str(MentorshipStatus(row.status).label).lower()
        raise ValidationError(
            _("This request has already been answered: it is %(status)s.") % {"status": status}
        )


def default_follow_up(today: date | None = None) -> date:
    return (today or timezone.localdate()) + timedelta(days=FOLLOW_UP_DAYS)


@transaction.atomic
def mentorship_accept(
    *, mentorship: Mentorship, mentor: Employee, follow_up: date | None = None
) -> Mentorship:
    """Accept a request: it shows on both maps and the mentor joins the mentee's network."""
    row = _locked(mentorship)
    _require_request(row, mentor)
    today = timezone.localdate()
    follow_up = follow_up or default_follow_up(today)
    if follow_up < today:
        raise ValidationError({"follow_up": _("Choose a follow-up date from today onwards.")})
    row.status, row.follow_up = MentorshipStatus.ACCEPTED, follow_up
    row.responded_at = timezone.now()
    row.save(update_fields=["status", "responded_at", "follow_up"])
    _add_mentor_to_network(row, mentor)
    return row


def _add_mentor_to_network(mentorship: Mentorship, mentor: Employee) -> NetworkContact | None:
    """The mentor as a contact on the mentee's map (starting the map if needed), once."""
    mentee = mentorship.mentee
    career_map = CareerMap.objects.filter(employee=mentee).first() or map_create(employee=mentee)
    if career_map.contacts.filter(name__iexact=mentor.full_name).exists():
        return None
    skills = ", ".join(skill.name for skill in mentorship.focus_skills.order_by("name"))
    department = mentor.department.name if mentor.department is not None else ""
    return contact_create(
        career_map=career_map,
        name=mentor.full_name[:SHORT],
        organisation=department,
        how_they_help=f"Mentor: {skills}"[: SHORT * 2],
        next_follow_up=mentorship.follow_up,
    )


@transaction.atomic
def mentorship_decline(*, mentorship: Mentorship, mentor: Employee) -> Mentorship:
    row = _locked(mentorship)
    _require_request(row, mentor)
    row.status, row.responded_at = MentorshipStatus.DECLINED, timezone.now()
    row.save(update_fields=["status", "responded_at"])
    return row


@transaction.atomic
def mentorship_end(*, mentorship: Mentorship, by: Employee) -> Mentorship:
    """Either person ends a mentorship; the mentee may also withdraw a request."""
    row = _locked(mentorship)
    if by.pk not in (row.mentor_id, row.mentee_id):
        raise ValidationError(_("Only the mentor or the mentee can end a mentorship."))
    if row.status == MentorshipStatus.REQUESTED and by.pk == row.mentor_id:
        raise ValidationError(_("Decline the request instead."))
    if row.status not in OPEN:
        raise ValidationError(_("This mentorship has already ended."))
    row.status, row.ended_at = MentorshipStatus.ENDED, timezone.now()
    row.save(update_fields=["status", "ended_at"])
    return row


# --------------------------------------------------------------------------- my mentorships


@dataclass(frozen=True, slots=True)
class MyMentorships:
    """The viewer's open mentorships and requests, split by their part in each."""

    incoming: list[Mentorship] = field(default_factory=list)  # requests waiting for me
    outgoing: list[Mentorship] = field(default_factory=list)  # my requests, waiting
    mentoring: list[Mentorship] = field(default_factory=list)  # accepted, I am the mentor
    mentored: list[Mentorship] = field(default_factory=list)  # accepted, I am the mentee


def mentorships_of(employee: Employee) -> MyMentorships:
    """Two queries, whatever the number of mentorships."""
    rows = list(
        _people(
            Mentorship.objects.filter(Q(mentor=employee) | Q(mentee=employee), status__in=OPEN)
        ).order_by("-requested_at", "-id")
    )
    result = MyMentorships()
    for row in rows:
        requested = row.status == MentorshipStatus.REQUESTED
        if row.mentor_id == employee.pk:
            (result.incoming if requested else result.mentoring).append(row)
        else:
            (result.outgoing if requested else result.mentored).append(row)
    return result


@dataclass(frozen=True, slots=True)
class MapMentorship:
    """An accepted mentorship as one map shows it: the other person and the owner's part."""

    mentorship: Mentorship
    owner_is_mentor: bool
    other: Employee  # with their current role and department

    @property
    def focus_skills(self) -> list[Skill]:
        return list(self.mentorship.focus_skills.all())

    @property
    def follow_up(self) -> date | None:
        return self.mentorship.follow_up


def mentorships_for_map(career_map: CareerMap) -> list[MapMentorship]:
    """The accepted mentorships of the map's owner, as mentee then as mentor.

    One query on the mentorship table alone, and only if it finds some, two more (the other
    people with their role and department, the focus skills). Most maps show none, and the
    seven-table join that answered at once cost PostgreSQL more to plan (~0.6 ms) than the
    rest of the panel.
    """
    owner = career_map.employee_id
    rows = list(
        Mentorship.objects.filter(
            Q(mentor_id=owner) | Q(mentee_id=owner), status=MentorshipStatus.ACCEPTED
        )
        .only("public_id", "mentor_id", "mentee_id", "follow_up")
        .order_by("follow_up", "id")
    )
    if not rows:
        return []
    prefetch_related_objects(
        rows, Prefetch("focus_skills", queryset=Skill.objects.order_by("name"))
    )
    other_ids = {row.mentee_id if row.mentor_id == owner else row.mentor_id for row in rows}
    people = Employee.objects.filter(pk__in=other_ids).select_related("current_role", "department")
    others = {person.pk: person for person in people}
    found = [
        MapMentorship(
            row,
            owner_is_mentor=row.mentor_id == owner,
            other=others[row.mentee_id if row.mentor_id == owner else row.mentor_id],
        )
        for row in rows
    ]
    return sorted(found, key=lambda item: item.owner_is_mentor)
