"""The reflection journal: writing entries, sharing them, and what the journal page shows.

Privacy is decided by ``access.reflections_visible_to``: everything here that a reader sees is
built from that queryset only, so a private entry leaves no trace (no text, count or date).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apps.careermaps import access
from apps.careermaps.models import Cadence, CareerMap, Reflection
from apps.careermaps.services.maps import next_reflection_due
from careermap.fields import LONG

TREND_POINTS = 24  # the chart shows at most this many of the latest entries
CHART_WIDTH, CHART_HEIGHT, CHART_PAD = 260, 140, 20


@transaction.atomic
def reflection_create(
    *, career_map: CareerMap, progress: str, went_well: str = "", adjust: str = "", confidence: int
) -> Reflection:
    """Add a private entry to the journal; raises ValidationError and saves nothing if invalid."""
    reflection = Reflection(
        career_map=career_map,
        progress=progress.strip(),
        went_well=went_well.strip(),
        adjust=adjust.strip(),
        confidence=confidence,
    )
    _check_lengths(reflection)
    reflection.full_clean()
    reflection.save()
    return reflection


def _check_lengths(reflection: Reflection) -> None:
    # A TextField's max_length (LONG here) is only enforced by forms: enforce it for every caller.
    errors = {}
    for name in ("progress", "went_well", "adjust"):
        limit = LONG
        if len(getattr(reflection, name)) > limit:
            errors[name] = _("Keep this to at most %(limit)s characters.") % {"limit": limit}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def reflection_share_set(
    *, career_map: CareerMap, reflection: Reflection, shared: bool
) -> Reflection:
    """Share an entry with the author's managers (or make it private again)."""
    if reflection.career_map_id != career_map.pk:
        raise ValueError("The reflection belongs to another map.")
    reflection.shared_with_manager = shared
    reflection.save(update_fields=["shared_with_manager"])
    return reflection


@dataclass(frozen=True)
class Due:
    """When the next reflection is due, as the owner sees it."""

    cadence: str
    on: date | None
    days: int | None  # days from today; negative when overdue

    @property
    def is_off(self) -> bool:
        return self.on is None

    @property
    def overdue_by(self) -> int:
        return -self.days if self.days is not None and self.days < 0 else 0


def reflection_due(
    career_map: CareerMap, last_reflection_at: Any, today: date | None = None
) -> Due:
    on = next_reflection_due(career_map, last_reflection_at)
    cadence = str(Cadence(career_map.reflection_cadence).label)
    if on is None:
        return Due(cadence=cadence, on=None, days=None)
    return Due(cadence=cadence, on=on, days=(on - (today or timezone.localdate())).days)


@dataclass(frozen=True)
class TrendPoint:
    reflection: Reflection
    x: int
    y: int


@dataclass(frozen=True)
class Trend:
    points: list[TrendPoint]

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x},{p.y}" for p in self.points)

    @property
    def description(self) -> str:
        values = ", ".join(str(p.reflection.confidence) for p in self.points)
        count = len(self.points)
        return ngettext(
            "Confidence over %(count)s reflection, oldest to newest, out of 5: %(values)s.",
            "Confidence over %(count)s reflections, oldest to newest, out of 5: %(values)s.",
            count,
        ) % {"count": count, "values": values}


def _y(confidence: int) -> int:
    usable = CHART_HEIGHT - 2 * CHART_PAD
    return CHART_PAD + round(usable * (5 - confidence) / 4)


def _x(index: int, count: int) -> int:
    if count == 1:
        return CHART_WIDTH // 2
    return CHART_PAD + round(index * (CHART_WIDTH - 2 * CHART_PAD) / (count - 1))


def confidence_trend(entries: list[Reflection]) -> Trend:
    """Chart coordinates for the newest entries (``entries`` is newest first)."""
    latest = list(reversed(entries[:TREND_POINTS]))
    return Trend(
        [
            TrendPoint(entry, _x(i, len(latest)), _y(entry.confidence))
            for i, entry in enumerate(latest)
        ]
    )


CHART = {
    "width": CHART_WIDTH,
    "height": CHART_HEIGHT,
    "pad": CHART_PAD,
    "label_x": CHART_PAD - 8,
    "right": CHART_WIDTH - CHART_PAD,
    "grid": [{"value": level, "y": _y(level)} for level in range(5, 0, -1)],
}


def journal_context(user: Any, career_map: CareerMap) -> dict[str, Any]:
    """What the journal page shows this viewer: one query for the entries they may see."""
    entries = list(access.reflections_visible_to(user, career_map))
    owner = access.is_owner(user, career_map)
    latest = entries[0] if entries else None
    return {
        "entries": entries,
        "trend": confidence_trend(entries) if entries else None,
        "chart": CHART,
        # Only the owner learns anything derived from private entries.
        "due": reflection_due(career_map, latest.created_at if latest else None) if owner else None,
        "previous": latest if owner else None,
    }
