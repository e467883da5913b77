"""The API tokens page (/integrations/tokens/): a person's own tokens, a form for a new one,
and revoke. For HR and managers; 404 for everyone else."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.api import access, tokens
from apps.api.forms import TokenForm
from careermap.web import AuthedHttpRequest, posted, render_page, require, submit


@require(access.can_hold_tokens)
def tokens_page(request: AuthedHttpRequest) -> HttpResponse:
    """On a valid POST the page answers with the new secret, once: it is never stored, so the
    answer is not cached and a reload cannot show it again."""
    form = TokenForm(posted(request), user=request.user)
    secret = None
    if request.method == "POST":
        issued = submit(form, lambda data: _issue(request, data))
        if issued is not None:
            secret = issued
            form = TokenForm(user=request.user)
    context = {
        "form": form,
        "secret": secret,
        "tokens": access.tokens_of(request.user),
        "nav_active": "tokens",
    }
    response = render_page(request, "api/tokens.html", context)
    add_never_cache_headers(response)
    return response


def _issue(request: AuthedHttpRequest, data: dict[str, object]) -> str:
    chosen = data["scopes"]
    scopes = [str(scope) for scope in chosen] if isinstance(chosen, list) else []
    _token, secret = tokens.token_issue(owner=request.user, name=str(data["name"]), scopes=scopes)
    return secret


@require(access.can_hold_tokens)
@require_POST
def revoke(request: AuthedHttpRequest, public_id: UUID) -> HttpResponse:
    token = access.get_token_for(request.user, public_id)
    tokens.token_revoke(token=token)
    messages.success(
        request, _("The token “%(name)s” is revoked; it stops working now.") % {"name": token.name}
    )
    return redirect("api:tokens")
