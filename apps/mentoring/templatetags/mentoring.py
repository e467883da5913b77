"""Mentoring's panel on a career map (``{% load mentoring %}``).

The map sits below mentoring and never imports it; its overview page shows the owner's accepted
mentorships by loading this tag, so Python imports still run one way.
"""

from __future__ import annotations

from typing import Any

from django import template

from apps.mentoring.services import mentorships_for_map

register = template.Library()


@register.inclusion_tag("mentoring/_on_map.html", takes_context=True)
def map_mentorships(context: template.Context, career_map: Any) -> dict[str, Any]:
    """``{% map_mentorships career_map %}``: the accepted mentorships, as mentee then as mentor
    (one query when there are none, three otherwise). Uses ``is_owner`` from the map's tab
    context."""
    return {
        "mentorships": mentorships_for_map(career_map),
        "is_owner": context.get("is_owner", False),
    }
