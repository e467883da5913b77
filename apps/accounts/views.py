"""HR's security settings page.

accounts sits below the shared web toolkit (careermap/web.py builds on its user model), so
this one page uses Django's own helpers.
"""

from __future__ import annotations

from typing import Any

from allauth.account.views import LoginView
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.accounts import sso
from apps.accounts.forms import OidcProviderForm, SecurityPolicyForm, SsoOnlyForm
from apps.accounts.middleware import forget_policy
from apps.accounts.models import SecurityPolicy


def _require_hr(request: HttpRequest) -> None:
    if not getattr(request.user, "is_hr", False):
        raise Http404("No such page")


@login_required
def security_policy(request: HttpRequest) -> HttpResponse:
    _require_hr(request)
    data = request.POST if request.method == "POST" else None
    form = SecurityPolicyForm(data, instance=SecurityPolicy.current())
    if form.is_bound and form.is_valid():
        policy = form.save()
        forget_policy()
        messages.success(request, _("Saved: %(policy)s.") % {"policy": policy})
        return redirect("accounts:security")
    return render(request, "accounts/security.html", {"form": form})


def _oidc_form(request: HttpRequest) -> OidcProviderForm:
    app = sso.oidc_app()
    initial: dict[str, Any] = {}
    if app is not None:
        domains = app.settings.get("verified_email") or []
        initial = {
            "name": app.name,
            "server_url": app.settings.get("server_url", ""),
            "client_id": app.client_id,
            "verified_domains": ", ".join(domains),
        }
    data = request.POST if request.method == "POST" else None
    return OidcProviderForm(data, initial=initial, saved_secret=app.secret if app else "")


def _sso_page(
    request: HttpRequest, form: OidcProviderForm, mode: SsoOnlyForm | None = None
) -> HttpResponse:
    policy = SecurityPolicy.current()
    ready = sso.any_provider_configured()
    invalid = form.is_bound or (mode is not None and mode.is_bound)
    context = {
        "form": form,
        "mode_form": mode
        or SsoOnlyForm(initial={"sso_only": policy.sso_only}, provider_ready=ready),
        "app": sso.oidc_app(),
        "from_environment": sso.oidc_from_environment(),
        "sso_only_from_environment": bool(settings.SSO_ONLY),
        "callback_url": f"{settings.SITE_URL}/accounts/oidc/{sso.OIDC_ID}/login/callback/",
    }
    return render(request, "accounts/sso.html", context, status=400 if invalid else 200)


@login_required
def sso_settings(request: HttpRequest) -> HttpResponse:
    """HR's single sign-on page: the OpenID Connect identity provider and SSO-only mode."""
    _require_hr(request)
    if request.method == "POST" and sso.oidc_from_environment():
        raise Http404("Configured by the environment")
    form = _oidc_form(request)
    if form.is_bound and form.is_valid():
        app = sso.oidc_app_save(**form.cleaned_data)
        messages.success(
            request, _("Saved: people can now sign in with %(name)s.") % {"name": app.name}
        )
        return redirect("accounts:sso")
    return _sso_page(request, form)


@login_required
@require_POST
def sso_remove(request: HttpRequest) -> HttpResponse:
    _require_hr(request)
    sso.oidc_app_remove()
    messages.success(request, _("Removed the identity provider."))
    return redirect("accounts:sso")


@login_required
@require_POST
def sso_mode(request: HttpRequest) -> HttpResponse:
    _require_hr(request)
    mode = SsoOnlyForm(request.POST, provider_ready=sso.any_provider_configured())
    if not mode.is_valid():
        request.method = "GET"
        return _sso_page(request, _oidc_form(request), mode)
    policy = sso.sso_only_set(enabled=mode.cleaned_data["sso_only"])
    done = _("Single sign-on only is on.") if policy.sso_only else _("Single sign-on only is off.")
    messages.success(request, done)
    return redirect("accounts:sso")


class BreakGlassLoginView(LoginView):
    """The password form for superusers while SSO only is on (the adapter refuses others)."""

    template_name = "account/break_glass.html"


break_glass_login = BreakGlassLoginView.as_view()
