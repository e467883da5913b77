"""Internal opportunities: the ranked list, a detail page with my gaps, interest, and the
poster's pages (post, edit, the interested people by fit, shortlist, fill, close)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.employees import gaps
from apps.employees.access import viewer_employee
from apps.opportunities import access, fit, services
from apps.opportunities.forms import FilterForm, InterestForm, OpportunityForm, initial_for
from apps.opportunities.models import Interest, Opportunity, OpportunityStatus
from careermap.web import AuthedHttpRequest, posted, render_page, require, submit

NAV = {"nav_active": "opportunities"}


def _open_now() -> Q:
    return Q(status=OpportunityStatus.OPEN) & (
        Q(closes_on__isnull=True) | Q(closes_on__gte=timezone.localdate())
    )


def _ranked(request: AuthedHttpRequest, listed: Any) -> list[tuple[Opportunity, fit.Fit | None]]:
    """The open opportunities, by the viewer's readiness when they have a record."""
    by_id = {opportunity.pk: opportunity for opportunity in listed}
    me = viewer_employee(request.user)
    if me is None:
        return [(opportunity, None) for opportunity in by_id.values()]
    fits = fit.fits_for_employee(me, listed)
    return [(by_id[f.key], f) for f in fits if f.key in by_id]


@require(access.can_browse)
def index(request: AuthedHttpRequest) -> HttpResponse:
    form = FilterForm(request.GET or None)
    listed = access.opportunities_visible_to(request.user).filter(_open_now()).listed()
    listed = listed.filter(**form.filters())
    context = {
        "form": form,
        "rows": _ranked(request, listed),
        "mine": list(access.own_interests(request.user).select_related("opportunity")),
        "managed": list(
            access.opportunities_managed_by(request.user).listed().order_by("-created_at")[:50]
        ),
        "can_post": access.can_post(request.user),
        "how_readiness": gaps.HOW_READINESS_IS_COMPUTED,
        **NAV,
    }
    return render_page(request, "opportunities/index.html", context, fragment="results")


def _detail_context(request: AuthedHttpRequest, opportunity: Opportunity) -> dict[str, Any]:
    me = viewer_employee(request.user)
    my_gaps = fit.gaps_for(me, opportunity) if me else []
    interest = access.own_interests(request.user).filter(opportunity=opportunity).first()
    return {
        "opportunity": opportunity,
        "me": me,
        "gaps": my_gaps,
        "explanation": gaps.explain(my_gaps) if my_gaps else None,
        "how_readiness": gaps.HOW_READINESS_IS_COMPUTED,
        "interest": interest,
        "interest_form": InterestForm(
            initial={"note": interest.note, "tell_manager": interest.tell_manager}
            if interest
            else None
        ),
        "manages": access.is_manager_of_post(request.user, opportunity),
        "skills": list(opportunity.skills.select_related("skill")),
        **NAV,
    }


@require(access.can_browse)
def detail(request: AuthedHttpRequest, opportunity_id: UUID) -> HttpResponse:
    opportunity = access.get_opportunity_for(request.user, opportunity_id)
    return render(request, "opportunities/detail.html", _detail_context(request, opportunity))


@require(access.can_browse)
@require_POST
def interest(request: AuthedHttpRequest, opportunity_id: UUID) -> HttpResponse:
    opportunity = access.get_opportunity_for(request.user, opportunity_id)
    me = viewer_employee(request.user)
    form = InterestForm(request.POST)
    if me is None:
        form.add_error(None, _("Only people with an employee record can express interest."))
    elif submit(
        form,
        lambda data: services.interest_express(opportunity=opportunity, employee=me, **data),
    ):
        messages.success(request, _("Your interest is recorded. The poster can see it."))
        return redirect("opportunities:detail", opportunity_id=opportunity.public_id)
    context = {**_detail_context(request, opportunity), "interest_form": form}
    return render(request, "opportunities/detail.html", context, status=400)


@require(access.can_browse)
@require_POST
def withdraw(request: AuthedHttpRequest, opportunity_id: UUID) -> HttpResponse:
    opportunity = access.get_opportunity_for(request.user, opportunity_id)
    own = access.own_interests(request.user).filter(opportunity=opportunity).first()
    if own is None:
        messages.error(request, _("There is no open interest to withdraw."))
    else:
        _apply(request, lambda: services.interest_withdraw(interest=own), _("Interest withdrawn."))
    return redirect("opportunities:detail", opportunity_id=opportunity.public_id)


def _apply(request: AuthedHttpRequest, write: Any, done: str) -> bool:
    try:
        write()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    messages.success(request, done)
    return True


# --------------------------------------------------------------------------- posting


@require(access.can_post)
def create(request: AuthedHttpRequest) -> HttpResponse:
    form = OpportunityForm(posted(request))
    made = submit(
        form,
        lambda _data: services.opportunity_create(posted_by=request.user, **form.service_data()),
    )
    if made is not None:
        messages.success(request, _("Opportunity saved."))
        return redirect("opportunities:detail", opportunity_id=made.public_id)
    return render(request, "opportunities/form.html", {"form": form, "opportunity": None, **NAV})


@require(access.can_post)
def edit(request: AuthedHttpRequest, opportunity_id: UUID) -> HttpResponse:
    opportunity = access.get_managed_opportunity(request.user, opportunity_id)
    form = OpportunityForm(posted(request), initial=initial_for(opportunity))
    saved = submit(
        form,
        lambda _data: services.opportunity_update(opportunity=opportunity, **form.service_data()),
    )
    if saved is not None:
        messages.success(request, _("Opportunity saved."))
        return redirect("opportunities:detail", opportunity_id=saved.public_id)
    context = {"form": form, "opportunity": opportunity, **NAV}
    return render(request, "opportunities/form.html", context)


@require(access.can_post)
def interested(request: AuthedHttpRequest, opportunity_id: UUID) -> HttpResponse:
    opportunity = access.get_managed_opportunity(request.user, opportunity_id)
    fits = {f.key: f for f in fit.fits_for_interested(opportunity)}
    interests = access.interests_managed_by(request.user, opportunity).select_related(
        "employee", "employee__current_role", "employee__department"
    )
    rows = [(i, fits[i.employee_id]) for i in interests if i.employee_id in fits]
    rows.sort(key=lambda row: (-row[1].score, -(row[1].readiness or 0), row[0].employee.full_name))
    context = {
        "opportunity": opportunity,
        "rows": rows,
        "how_fit": fit.HOW_FIT_IS_COMPUTED % {"points": fit.TARGET_POINTS},
        "placement": getattr(opportunity, "placement", None),
        "can_fill": opportunity.status in (OpportunityStatus.OPEN, OpportunityStatus.CLOSED),
        **NAV,
    }
    return render(request, "opportunities/interested.html", context)


def _managed_interest(
    request: AuthedHttpRequest, opportunity_id: UUID, interest_id: UUID
) -> tuple[Opportunity, Interest]:
    opportunity = access.get_managed_opportunity(request.user, opportunity_id)
    return opportunity, access.get_managed_interest(request.user, opportunity, interest_id)


@require(access.can_post)
@require_POST
def shortlist(request: AuthedHttpRequest, opportunity_id: UUID, interest_id: UUID) -> HttpResponse:
    opportunity, chosen = _managed_interest(request, opportunity_id, interest_id)
    on = request.POST.get("shortlisted") != "0"
    done = _("Added to the shortlist.") if on else _("Taken off the shortlist.")
    _apply(request, lambda: services.interest_shortlist(interest=chosen, shortlisted=on), done)
    return redirect("opportunities:interested", opportunity_id=opportunity.public_id)


@require(access.can_post)
@require_POST
def fill(request: AuthedHttpRequest, opportunity_id: UUID, interest_id: UUID) -> HttpResponse:
    opportunity, chosen = _managed_interest(request, opportunity_id, interest_id)
    done = _("Filled by %(name)s. Everyone else who was interested is told.") % {
        "name": chosen.employee.full_name
    }
    _apply(
        request,
        lambda: services.opportunity_fill(
            actor=request.user, opportunity=opportunity, interest=chosen
        ),
        done,
    )
    return redirect("opportunities:interested", opportunity_id=opportunity.public_id)


@require(access.can_post)
@require_POST
def close(request: AuthedHttpRequest, opportunity_id: UUID) -> HttpResponse:
    opportunity = access.get_managed_opportunity(request.user, opportunity_id)
    done = _("Closed. Everyone who was interested is told.")
    _apply(request, lambda: services.opportunity_close(opportunity=opportunity), done)
    return redirect("opportunities:interested", opportunity_id=opportunity.public_id)
