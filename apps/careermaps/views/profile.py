"""The career-map card on a person's profile (the employees app's page loads it with htmx).

The profile lives in a lower app that cannot know about maps; the card answers the one question
it needs: may the viewer open this person's map? Same access rule as the map itself.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from apps.careermaps import access
from careermap.web import AuthedHttpRequest


@login_required
def profile_card(request: AuthedHttpRequest, employee_id: UUID) -> HttpResponse:
    """The map's target and a link to it, or nothing: a map the viewer may not read, and a
    person without one, answer the same empty card (no one learns that a map exists)."""
    career_map = (
        access.maps_visible_to(request.user)
        .select_related("target_role")
        .filter(employee__public_id=employee_id)
        .first()
    )
    is_owner = career_map is not None and access.is_owner(request.user, career_map)
    context = {"career_map": career_map, "is_owner": is_owner}
    return render(request, "careermaps/_profile_card.html", context)
