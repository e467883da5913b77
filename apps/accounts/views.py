"""HR's security settings page.

accounts sits below the shared web toolkit (careermap/web.py builds on its user model), so
this one page uses Django's own helpers.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from apps.accounts.forms import SecurityPolicyForm
from apps.accounts.middleware import forget_policy
from apps.accounts.models import SecurityPolicy


@login_required
def security_policy(request: HttpRequest) -> HttpResponse:
    if not getattr(request.user, "is_hr", False):
        raise Http404("No such page")
    data = request.POST if request.method == "POST" else None
    form = SecurityPolicyForm(data, instance=SecurityPolicy.current())
    if form.is_bound and form.is_valid():
        policy = form.save()
        forget_policy()
        messages.success(request, f"Saved: {policy}.")
        return redirect("accounts:security")
    return render(request, "accounts/security.html", {"form": form})
