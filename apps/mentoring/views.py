"""Mentor matching: find a mentor for my gap skills, offer to mentor, and the request flow."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.employees.access import has_record, record_of
from apps.employees.models import Employee
from apps.mentoring import services
from apps.mentoring.forms import AcceptForm, FindForm, OfferForm, RequestForm
from apps.mentoring.models import MentorOffer, Mentorship, MentorshipStatus
from apps.skills.models import Skill
from careermap.web import (
    AuthedHttpRequest,
    add_service_errors,
    posted,
    render_page,
    require,
    submit,
)

INDEX = "mentoring/index.html"


def _all_skills() -> list[Skill]:
    return list(Skill.objects.select_related("category").order_by("category__name", "name"))


# --------------------------------------------------------------------------- find a mentor


def _find_form(request: AuthedHttpRequest, me: Employee) -> tuple[FindForm, list[int], Any]:
    """The search form, the skills it asks about, and my map's target role (if any)."""
    career_map, gaps = services.gaps_of(me)
    skills = _all_skills()
    if request.GET.get("searched"):
        form = FindForm(request.GET, gaps=gaps, skills=skills)
        chosen = form.chosen()
    else:  # first visit: my gaps, all ticked
        chosen = [gap.skill_id for gap in gaps]
        form = FindForm(initial={"skills": chosen}, gaps=gaps, skills=skills)
    target = career_map.target_role if career_map else None
    return form, chosen, target


def _request_url(match: services.MentorMatch) -> str:
    url = reverse("mentoring:request", args=[match.public_id])
    return f"{url}?{urlencode([('skill', s.skill_id) for s in match.skills])}"


@require(has_record)
def index(request: AuthedHttpRequest) -> HttpResponse:
    me = record_of(request.user)
    form, chosen, target = _find_form(request, me)
    exclude = bool(form.is_bound and form.is_valid() and form.cleaned_data["exclude_line"])
    matches = services.rank_mentors(mentee=me, skill_ids=chosen, exclude_reporting_line=exclude)
    context = {
        "form": form,
        "chosen": chosen,
        "target": target,
        "exclude_line": exclude,
        "matches": [(match, _request_url(match)) for match in matches],
        "limit": services.RANKING_LIMIT,
        "how_ranked": services.HOW_MENTORS_ARE_RANKED,
        "mine": services.mentorships_of(me),
        "offer": services.offer_of(me),
        "nav_active": "mentoring",
    }
    return render_page(request, INDEX, context, fragment="results")


# --------------------------------------------------------------------------- offering


def _offer_initial(current: MentorOffer | None) -> dict[str, Any]:
    if current is None:
        return {"is_open": True}
    return {
        "is_open": current.is_open,
        "note": current.note,
        "skills": [s.pk for s in current.skills.all()],
    }


@require(has_record)
def offer(request: AuthedHttpRequest) -> HttpResponse:
    me = record_of(request.user)
    current = services.offer_of(me)
    skills = _all_skills()
    my_levels = services.levels_of([me.pk], [s.pk for s in skills])
    levels = {skill_id: level for (_, skill_id), level in my_levels.items()}
    initial = _offer_initial(current)
    version = current.version if current else 0
    form = OfferForm(
        posted(request), initial=initial, skills=skills, my_levels=levels, version=version
    )
    saved = submit(form, lambda data: services.mentor_offer_save(employee=me, **data))
    if saved is not None:
        messages.success(request, _offer_saved(saved.is_open))
        return redirect("mentoring:index")
    context = {"form": form, "offer": current, "nav_active": "mentoring"}
    return render(request, "mentoring/offer.html", context)


def _offer_saved(is_open: bool) -> str:
    if is_open:
        return _("You are listed as a mentor. Colleagues looking for your skills can now ask you.")
    return _("Saved. You are not taking new mentees; your current mentorships go on.")


# --------------------------------------------------------------------------- requesting


def _request_context(me: Employee, mentor: Employee, form: RequestForm) -> dict[str, Any]:
    return {
        "mentor": mentor,
        "form": form,
        "is_me": mentor.pk == me.pk,
        "is_open": mentor.mentor_offer.is_open,
        "note": mentor.mentor_offer.note,
        "open_request": Mentorship.objects.filter(
            mentor=mentor, mentee=me, status__in=services.OPEN
        ).first(),
        "nav_active": "mentoring",
    }


def _request_form(me: Employee, mentor: Employee, data: Any, wanted: list[str]) -> RequestForm:
    offered = list(mentor.mentor_offer.skills.order_by("name"))
    levels = services.levels_of([me.pk, mentor.pk], [s.pk for s in offered])
    label = _("%(skill)s (their level %(theirs)s, yours %(mine)s)")
    labels = {
        s.pk: label
        % {
            "skill": s.name,
            "theirs": levels.get((mentor.pk, s.pk), 0),
            "mine": levels.get((me.pk, s.pk), 0),
        }
        for s in offered
    }
    initial = [s.pk for s in offered if str(s.pk) in wanted]
    return RequestForm(data, initial={"focus_skills": initial}, offered=offered, labels=labels)


@require(has_record)
def request_mentor(request: AuthedHttpRequest, employee_id: UUID) -> HttpResponse:
    me = record_of(request.user)
    mentor = services.mentor_for_request(employee_id)
    form = _request_form(me, mentor, posted(request), request.GET.getlist("skill"))
    mentorship = submit(
        form, lambda data: services.mentorship_request(mentee=me, mentor=mentor, **data)
    )
    if mentorship is not None:
        messages.success(request, _("Request sent to %(name)s.") % {"name": mentor.full_name})
        return redirect("mentoring:detail", mentorship_id=mentorship.public_id)
    return render(request, "mentoring/request.html", _request_context(me, mentor, form))


# --------------------------------------------------------------------------- answering


def _detail(request: AuthedHttpRequest, mentorship: Mentorship, **extra: Any) -> HttpResponse:
    me = record_of(request.user)
    context = {
        "mentorship": mentorship,
        "is_mentor": mentorship.mentor_id == me.pk,
        "other": mentorship.mentee if mentorship.mentor_id == me.pk else mentorship.mentor,
        "accept_form": AcceptForm(initial={"follow_up": services.default_follow_up()}),
        "Status": MentorshipStatus,
        "nav_active": "mentoring",
        **extra,
    }
    return render(request, "mentoring/detail.html", context)


@require(has_record)
def detail(request: AuthedHttpRequest, mentorship_id: UUID) -> HttpResponse:
    return _detail(request, services.mentorship_for(request.user, mentorship_id))


def _answered(request: AuthedHttpRequest, mentorship: Mentorship, notice: str) -> HttpResponse:
    messages.success(request, notice)
    return redirect("mentoring:detail", mentorship_id=mentorship.public_id)


def _refused(
    request: AuthedHttpRequest, mentorship: Mentorship, error: ValidationError
) -> HttpResponse:
    messages.error(request, " ".join(error.messages))
    return redirect("mentoring:detail", mentorship_id=mentorship.public_id)


@require(has_record)
@require_POST
def accept(request: AuthedHttpRequest, mentorship_id: UUID) -> HttpResponse:
    mentorship = services.mentorship_for(request.user, mentorship_id, as_mentor=True)
    me = record_of(request.user)
    form = AcceptForm(request.POST)
    if form.is_valid():
        try:
            done = services.mentorship_accept(mentorship=mentorship, mentor=me, **form.cleaned_data)
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                return _refused(request, mentorship, error)
            add_service_errors(form, error)
        else:
            when = date_format(done.follow_up, _("j M Y")) if done.follow_up else _("later")
            notice = _("You are now mentoring %(name)s. First follow-up: %(when)s.") % {
                "name": mentorship.mentee.full_name,
                "when": when,
            }
            return _answered(request, mentorship, notice)
    return _detail(request, mentorship, accept_form=form)


@require(has_record)
@require_POST
def decline(request: AuthedHttpRequest, mentorship_id: UUID) -> HttpResponse:
    mentorship = services.mentorship_for(request.user, mentorship_id, as_mentor=True)
    me = record_of(request.user)
    try:
        services.mentorship_decline(mentorship=mentorship, mentor=me)
    except ValidationError as error:
        return _refused(request, mentorship, error)
    notice = _("Declined %(name)s's request.") % {"name": mentorship.mentee.full_name}
    return _answered(request, mentorship, notice)


@require(has_record)
@require_POST
def end(request: AuthedHttpRequest, mentorship_id: UUID) -> HttpResponse:
    mentorship = services.mentorship_for(request.user, mentorship_id)
    me = record_of(request.user)
    try:
        ended = services.mentorship_end(mentorship=mentorship, by=me)
    except ValidationError as error:
        return _refused(request, mentorship, error)
    was_request = ended.responded_at is None
    return _answered(
        request,
        mentorship,
        _("Request withdrawn.")
        if was_request
        else _("Mentorship ended. Thank you for the time you spent together."),
    )
