"""The web toolkit every app's views share.

- ``HtmxHttpRequest`` / ``AuthedHttpRequest``: requests typed as the middleware leaves them
  (``request.htmx`` from django-htmx; a signed-in ``User`` behind ``login_required``).
- ``render_page``: the whole page, or one ``{% partialdef %}`` fragment of it when htmx swaps
  part of the page (never for a history restore, which needs the whole page).
- ``submit``: run a service with a valid form's data; a refusal goes beside the fields, a row
  saved elsewhere meanwhile comes back as the form's ``stale`` (careermap/versioning.py).
- ``require``: a view only some people may use; to everyone else it does not exist (404).
- ``posted``: the POST data for a bound form, or None on GET.

Views fetch records with Django's ``get_object_or_404(scoped_queryset, ...)``, the queryset
coming from the app's ``access.py``: "not yours" and "does not exist" answer the same 404.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django_htmx.middleware import HtmxDetails

from careermap.versioning import StaleVersion, VersionedForm

if TYPE_CHECKING:
    from apps.accounts.models import User

View = Callable[..., HttpResponse]


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


class AuthedHttpRequest(HtmxHttpRequest):
    """A request behind ``login_required`` or ``require``: the user is signed in."""

    user: User


def wants_fragment(request: HtmxHttpRequest) -> bool:
    """htmx asks for part of a page; a history restore (no snapshot left) needs all of it."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def render_page(
    request: HtmxHttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    fragment: str | None = None,
    status: int = 200,
) -> HttpResponse:
    """``template``, or only its ``fragment`` partial when htmx asks for part of the page."""
    name = f"{template}#{fragment}" if fragment and wants_fragment(request) else template
    response = render(request, name, context, status=status)
    # The same URL answers with a page or a fragment: caches must keep them apart.
    patch_vary_headers(response, ("HX-Request",))
    return response


def posted(request: HttpRequest) -> QueryDict | None:
    """The POST data for a bound form, or None on GET (an empty POST is still a POST)."""
    return request.POST if request.method == "POST" else None


def add_service_errors(form: BaseForm, error: ValidationError) -> None:
    """A rule a service enforces becomes an error beside its field (or above the form); a row
    saved elsewhere meanwhile shows its current values beside the user's."""
    if isinstance(error, StaleVersion) and isinstance(form, VersionedForm):
        form.mark_stale(error.current)
        return
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def submit[T](form: BaseForm, write: Callable[[dict[str, Any]], T]) -> T | None:
    """Run ``write`` with the valid form's data. None when the form is invalid or the service
    refuses; the service's reasons then stand beside the fields they concern."""
    if not form.is_valid():
        return None
    try:
        return write(form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
        return None


def require(test: Callable[[Any], bool]) -> Callable[[View], View]:
    """Signed in (else the sign-in page), and ``test(user)`` true (else 404, as for a page
    that does not exist): ``@require(access.is_hr)``."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not test(request.user):
                raise Http404("No such page")
            return view(request, *args, **kwargs)

        return login_required(wrapped)

    return decorator
