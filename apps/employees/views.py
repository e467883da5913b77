from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def directory(request: HttpRequest) -> HttpResponse:
    raise NotImplementedError


org_tree = tree_children = person = invite = invitations = invitation_revoke = directory
invitation_accept = directory
