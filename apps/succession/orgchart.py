"""HR's overlay on the org chart: which boxes hold a key position and how well it is covered,
and who is on a slate and how ready. Two queries for the boxes drawn, whatever their number."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from apps.employees.models import Employee
from apps.succession import access
from apps.succession.models import Readiness, SuccessorCandidate

# Best first: a person on several slates shows the readiest nomination.
READINESS_ORDER = [str(r) for r in (Readiness.READY_NOW, Readiness.ONE_TWO_YEARS,
                                     Readiness.THREE_FIVE_YEARS)]  # fmt: skip


@dataclass(frozen=True, slots=True)
class Seat:
    """A key position the person holds (their seat's plan, else their role's)."""

    plan_id: Any
    successors: int
    ready_now: int

    @property
    def tone(self) -> str:
        if self.ready_now:
            return "covered"
        return "thin" if self.successors else "open"


@dataclass(frozen=True, slots=True)
class Nomination:
    """The person as a successor: on how many slates, and their readiest place."""

    slates: int
    best: str  # a Readiness value

    @property
    def short(self) -> str:
        """The readiness in a few letters, to fit a box: "ready now", "1-2 years"."""
        if self.best == Readiness.READY_NOW:
            return _("ready now")
        return _("%(years)s years") % {"years": self.best}


@dataclass(frozen=True, slots=True)
class BoxOverlay:
    seat: Seat | None
    nomination: Nomination | None


def overlay(user: Any, people: Sequence[Employee]) -> dict[int, BoxOverlay]:
    seats = _seats(user, people)
    nominations = _nominations(user, people)
    return {
        person.pk: BoxOverlay(seats.get(person.pk), nominations.get(person.pk))
        for person in people
        if person.pk in seats or person.pk in nominations
    }


def _seats(user: Any, people: Sequence[Employee]) -> dict[int, Seat]:
    ids = [p.pk for p in people]
    roles = {p.current_role_id for p in people if p.current_role_id}
    plans = (
        access.plans_visible_to(user)
        .filter(Q(incumbent_id__in=ids) | Q(incumbent__isnull=True, role_id__in=roles))
        .annotate(
            successors=Count("candidates"),
            ready=Count("candidates", filter=Q(candidates__readiness=Readiness.READY_NOW)),
        )
        .values_list("public_id", "incumbent_id", "role_id", "successors", "ready")
    )
    by_seat: dict[int, Seat] = {}
    by_role: dict[int, Seat] = {}
    for public_id, incumbent_id, role_id, successors, ready in plans:
        plan_seat = Seat(public_id, successors, ready)
        if incumbent_id:
            by_seat[incumbent_id] = plan_seat
        else:
            by_role[role_id] = plan_seat
    found: dict[int, Seat] = {}
    for person in people:
        seat = by_seat.get(person.pk) or by_role.get(person.current_role_id or 0)
        if seat is not None:
            found[person.pk] = seat
    return found


def _nominations(user: Any, people: Sequence[Employee]) -> dict[int, Nomination]:
    rows = SuccessorCandidate.objects.filter(
        plan__in=access.plans_visible_to(user), employee_id__in=[p.pk for p in people]
    ).values_list("employee_id", "readiness")
    places: dict[int, list[str]] = {}
    for employee_id, readiness in rows:
        places.setdefault(employee_id, []).append(readiness)
    return {
        employee_id: Nomination(len(found), min(found, key=READINESS_ORDER.index))
        for employee_id, found in places.items()
    }
