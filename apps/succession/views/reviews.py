"""Talent review pages: cycles, rating a sub-tree, the 9-box, calibration and cell names."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from apps.accounts.models import User
from apps.employees.access import viewer_employee
from apps.employees.models import Department, Employee
from apps.succession import access, queries
from apps.succession.forms.reviews import (
    CalibrationForm,
    NineBoxCellForm,
    RatingForm,
    ReviewForm,
    ScopeForm,
    cell_key,
    parse_cell_key,
)
from apps.succession.models import (
    CalibrationMove,
    NineBoxCell,
    ReviewStatus,
    TalentRating,
    TalentReview,
)
from apps.succession.services import reviews as services
from careermap.exports import csv_response
from careermap.versioning import StaleVersion
from careermap.web import (
    AuthedHttpRequest,
    posted,
    render_page,
    require,
    submit,
    wants_fragment,
)

RATE_PAGE_SIZE = 50
TABLE_PAGE_SIZE = 25
PEOPLE_PER_CELL = 10  # names per grid cell; "list all" pages through the rest
MANAGER_MATCHES = 10  # sub-tree choices offered for a name search


def _page(
    request: AuthedHttpRequest, template: str, context: dict[str, Any], **kwargs: Any
) -> HttpResponse:
    return render_page(request, template, {"nav_active": "talent", **context}, **kwargs)


# ---------------------------------------------------------------- cycles


@require(access.has_talent_scope)
def index(request: AuthedHttpRequest) -> HttpResponse:
    subjects = access.talent_subjects_for(request.user).active()
    reviews = access.reviews_visible_to(request.user).annotate(
        rated=Count("ratings", filter=Q(ratings__employee__in=subjects))
    )[:20]
    context = {
        "reviews": list(reviews),
        "people_in_scope": subjects.count(),
        "is_hr": access.is_hr(request.user),
        "can_rate": access.people_rateable_by(request.user).exists(),
    }
    return _page(request, "succession/reviews/index.html", context)


@require(access.is_hr)
def review_create(request: AuthedHttpRequest) -> HttpResponse:
    form = ReviewForm(posted(request), initial={"opens_on": timezone.localdate()})
    review = submit(form, lambda data: services.review_create(**data, created_by=request.user))
    if review is not None:
        messages.success(
            request,
            _("“%(name)s” is open: managers can now rate their teams.") % {"name": review.name},
        )
        return redirect("succession:review", review_id=review.public_id)
    return _page(request, "succession/reviews/review_form.html", {"form": form})


@login_required
def review(request: AuthedHttpRequest, review_id: UUID) -> HttpResponse:
    cycle = access.get_review_for(request.user, review_id)
    subjects = access.talent_subjects_for(request.user).active()
    ratings = queries.with_final(
        access.talent_ratings_visible_to(request.user).filter(review=cycle)
    )
    stats = ratings.aggregate(
        rated=Count("id", filter=Q(employee__in=subjects)),
        calibrated=Count("id", filter=Q(calibrated_at__isnull=False)),
        high_potential=Count("id", filter=Q(final_pot=queries.HIGH_POTENTIAL)),
    )
    context = {
        "review": cycle,
        "stats": stats,
        "people_in_scope": subjects.count(),
        "is_hr": access.is_hr(request.user),
        "can_rate": access.people_rateable_by(request.user).exists(),
        "open_for_rating": services.is_open_for_rating(cycle),
    }
    return _page(request, "succession/reviews/review.html", context)


@require(access.is_hr)
@require_POST
def review_status(request: AuthedHttpRequest, review_id: UUID) -> HttpResponse:
    cycle = access.get_review_for(request.user, review_id)
    status = request.POST.get("status", "")
    try:
        services.review_set_status(review=cycle, status=status, actor=request.user)
    except ValidationError:
        messages.error(request, _("Choose whether to open or close the review."))
    else:
        closed = cycle.status == ReviewStatus.CLOSED
        text = _("“%(name)s” is closed.") if closed else _("“%(name)s” is open again.")
        messages.success(request, text % {"name": cycle.name})
    return redirect("succession:review", review_id=cycle.public_id)


# ---------------------------------------------------------------- rating a sub-tree


@dataclass
class RateRow:
    person: Employee
    rating: TalentRating | None
    form: RatingForm
    is_direct: bool
    saved: bool = False


def _rate_form(
    person: Employee, rating: TalentRating | None, data: QueryDict | None = None
) -> RatingForm:
    initial = (
        {"performance": rating.performance, "potential": rating.potential, "note": rating.note}
        if rating
        else {}
    )
    version = rating.version if rating else 0
    return RatingForm(data, initial=initial, person_id=person.pk, version=version)


def _rate_people(user: User) -> QuerySet[Employee]:
    me = viewer_employee(user)
    direct_first = Case(
        When(manager=me, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return (
        access.people_rateable_by(user)
        .with_related()
        .annotate(direct=direct_first)
        .order_by("direct", "full_name", "pk")
    )


def _is_direct(user: User, person: Employee) -> bool:
    me = viewer_employee(user)
    return me is not None and person.manager_id == me.pk


def _progress(user: User, cycle: TalentReview) -> dict[str, int]:
    people = access.people_rateable_by(user)
    rated = TalentRating.objects.filter(review=cycle, employee__in=people).count()
    return {"rated": rated, "total": people.count()}


def _rate_context(
    request: AuthedHttpRequest, cycle: TalentReview, bound: dict[int, RatingForm] | None = None
) -> dict[str, Any]:
    page = Paginator(_rate_people(request.user), RATE_PAGE_SIZE).get_page(request.GET.get("page"))
    people = list(page.object_list)
    ratings = {
        rating.employee_id: rating
        for rating in TalentRating.objects.filter(review=cycle, employee__in=people)
    }
    bound = bound or {}
    rows = [
        RateRow(
            person=person,
            rating=ratings.get(person.pk),
            form=bound.get(person.pk) or _rate_form(person, ratings.get(person.pk)),
            is_direct=_is_direct(request.user, person),
        )
        for person in people
    ]
    return {
        "review": cycle,
        "page": page,
        "rows": rows,
        "progress": _progress(request.user, cycle),
        "open_for_rating": services.is_open_for_rating(cycle),
        "performance_guidance": services.PERFORMANCE_GUIDANCE,
        "potential_guidance": services.POTENTIAL_GUIDANCE,
    }


@login_required
def rate(request: AuthedHttpRequest, review_id: UUID) -> HttpResponse:
    cycle = access.get_review_for(request.user, review_id)
    if not access.people_rateable_by(request.user).exists():
        raise Http404("Nobody to rate")
    return _page(request, "succession/reviews/rate.html", _rate_context(request, cycle))


@login_required
@require_POST
def rating_save(request: AuthedHttpRequest, review_id: UUID, employee_id: UUID) -> HttpResponse:
    cycle = access.get_review_for(request.user, review_id)
    person = access.get_rateable_person(request.user, employee_id)
    existing = TalentRating.objects.filter(review=cycle, employee=person).first()
    form = _rate_form(person, existing, request.POST)
    saved = submit(
        form,
        lambda data: services.rating_set(
            review=cycle, employee=person, rated_by=request.user, **data
        ),
    )
    if form.stale:  # the row shows the rating as it is stored now
        existing = TalentRating.objects.filter(review=cycle, employee=person).first()
    if wants_fragment(request):
        return _rate_row(request, cycle, person, saved or existing, form)
    if saved is None:
        context = _rate_context(request, cycle, bound={person.pk: form})
        return _page(request, "succession/reviews/rate.html", context)
    messages.success(request, _("Rating of %(full_name)s saved.") % {"full_name": person.full_name})
    return redirect(_rate_page_url(request, cycle, person))


def _rate_page_url(request: AuthedHttpRequest, cycle: TalentReview, person: Employee) -> str:
    """Back to the page of the rate list the form was on, at the person's row."""
    url = reverse("succession:rate", kwargs={"review_id": cycle.public_id})
    page = request.POST.get("page", "")
    query = f"?page={page}" if page.isdigit() else ""
    return f"{url}{query}#person-{person.public_id}"


def _rate_row(
    request: AuthedHttpRequest,
    cycle: TalentReview,
    person: Employee,
    rating: TalentRating | None,
    form: RatingForm,
) -> HttpResponse:
    """The saved row, plus the progress line swapped out of band."""
    if not form.errors:
        form = _rate_form(person, rating)
    row = RateRow(
        person=person,
        rating=rating,
        form=form,
        is_direct=_is_direct(request.user, person),
        saved=not form.errors,
    )
    context = {
        "review": cycle,
        "row": row,
        "progress": _progress(request.user, cycle),
        "open_for_rating": services.is_open_for_rating(cycle),
        "page": None,
        "oob": True,
    }
    return _page(request, "succession/reviews/rate.html", context, fragment="saved")


# ---------------------------------------------------------------- the 9-box


def _scope_managers(user: User) -> QuerySet[Employee]:
    """The managers whose sub-tree the viewer may choose (a manager: their own too)."""
    has_reports = Exists(Employee.objects.filter(manager=OuterRef("pk")))
    managers = access.talent_subjects_for(user).filter(has_reports).order_by("full_name")
    me = viewer_employee(user)
    if me is not None and not access.is_hr(user):
        managers = Employee.objects.filter(Q(pk=me.pk) | Q(pk__in=managers.values("pk"))).order_by(
            "full_name", "pk"
        )
    return managers


def _scope_form(request: AuthedHttpRequest) -> ScopeForm:
    departments = Department.objects.order_by("name") if access.is_hr(request.user) else None
    managers = _scope_managers(request.user)
    return ScopeForm(request.GET or None, departments=departments, managers=managers)


def _manager_matches(request: AuthedHttpRequest, form: ScopeForm) -> list[Employee]:
    """The first managers in scope whose name holds the search, to choose a sub-tree from."""
    term = form.cleaned_data.get("find_manager", "") if form.is_valid() else ""
    if not term:
        return []
    found = _scope_managers(request.user).filter(full_name__icontains=term)
    return list(found.select_related("current_role")[:MANAGER_MATCHES])


def _scoped(ratings: QuerySet[TalentRating], form: ScopeForm) -> tuple[QuerySet[TalentRating], str]:
    """Narrow ``ratings`` to the chosen department or sub-tree; also name the scope."""
    data = form.cleaned_data if form.is_valid() else {}
    label = _("Everyone you can see")
    if department := data.get("department"):
        ratings, label = ratings.filter(employee__department=department), department.name
    if manager := data.get("manager"):
        ratings = ratings.filter(employee__path__startswith=manager.path).exclude(employee=manager)
        label = (
            _("%(scope)s · under %(name)s") % {"scope": label, "name": manager.full_name}
            if data.get("department")
            else _("Under %(name)s") % {"name": manager.full_name}
        )
    return ratings, label


def _cell_list(names: dict[tuple[int, int], tuple[str, str]]) -> list[NineBoxCell]:
    return [
        NineBoxCell(performance=perf, potential=pot, name=name, description=text)
        for (perf, pot), (name, text) in sorted(
            names.items(), key=lambda item: (-item[0][1], item[0][0])
        )
    ]


@dataclass
class TableRow:
    rating: TalentRating
    rated_cell: str
    final_cell: str
    move: str  # HR's "Move" fetches its form from here (rating_move); "" for anyone else


def _table_row(
    rating: TalentRating, names: dict[tuple[int, int], tuple[str, str]], here: str | None
) -> TableRow:
    """One person in the table; for HR (``here``: the page to come back to) the address of
    the form that moves them, with the version this page shows them at, so a move or a
    re-rating after the page opened stops the move as if the form had been on the page."""
    move = ""
    if here is not None:
        query = urlencode({"next": here, "version": str(rating.version)})
        move = f"{reverse('succession:rating-move', args=[rating.public_id])}?{query}"
    return TableRow(
        rating=rating,
        rated_cell=names[(rating.performance, rating.potential)][0],
        final_cell=names[(rating.final_performance, rating.final_potential)][0],
        move=move,
    )


def _table(
    request: AuthedHttpRequest,
    ratings: QuerySet[TalentRating],
    cell: str,
    names: dict[tuple[int, int], tuple[str, str]],
    search: str = "",
) -> tuple[Page, list[TableRow]]:
    listed = queries.with_final(ratings).select_related(
        "employee", "employee__department", "employee__current_role", "rated_by"
    )
    if search:
        listed = listed.filter(employee__full_name__icontains=search)
    if cell:
        perf, pot = parse_cell_key(cell)
        listed = listed.filter(Q(final_perf=perf) & Q(final_pot=pot))
    page = Paginator(listed.order_by("employee__full_name", "pk"), TABLE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    here = request.get_full_path() if access.is_hr(request.user) else None
    rows = [_table_row(rating, names, here) for rating in page.object_list]
    return page, rows


@require(access.has_talent_scope)
def nine_box(request: AuthedHttpRequest, review_id: UUID) -> HttpResponse:
    cycle = access.get_review_for(request.user, review_id)
    form = _scope_form(request)
    ratings, scope_label = _scoped(
        access.talent_ratings_visible_to(request.user).filter(review=cycle), form
    )
    names = queries.cell_names()
    grid = queries.nine_box(ratings, names, per_cell=PEOPLE_PER_CELL)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    cell, search = data.get("cell", ""), data.get("q", "")
    page, rows = _table(request, ratings, cell, names, search)
    context = {
        "review": cycle,
        "form": form,
        "grid": grid,
        "total": sum(square.count for row in grid for square in row),
        "scope_label": scope_label,
        "cell": cell,
        "search": search,
        "chosen_manager": data.get("manager"),
        "manager_matches": _manager_matches(request, form),
        "manager_limit": MANAGER_MATCHES,
        "cell_name": names[parse_cell_key(cell)][0] if cell else "",
        "page": page,
        "rows": rows,
        "is_hr": access.is_hr(request.user),
    }
    return _page(request, "succession/reviews/nine_box.html", context)


# ---------------------------------------------------------------- one rating and calibration


def _rating_context(
    request: AuthedHttpRequest, rating: TalentRating, form: CalibrationForm | None = None
) -> dict[str, Any]:
    names = queries.cell_names()
    moves = list(
        access.calibration_moves_visible_to(request.user)
        .filter(rating=rating)
        .select_related("moved_by")
    )
    is_hr = access.is_hr(request.user)
    if is_hr and form is None:
        form = CalibrationForm(cells=_cell_list(names), prefix_id="rating", version=rating.version)
    return {
        "rating": rating,
        "person": rating.employee,
        "review": rating.review,
        "rated_cell": names[(rating.performance, rating.potential)][0],
        "final_cell": names[(rating.final_performance, rating.final_potential)][0],
        "history": [
            (
                move,
                names[(move.from_performance, move.from_potential)][0],
                names[(move.to_performance, move.to_potential)][0],
            )
            for move in moves
        ],
        "form": form,
        "is_hr": is_hr,
    }


@login_required
def rating(request: AuthedHttpRequest, rating_id: UUID) -> HttpResponse:
    """One rating and its calibration history; HR also gets the form that moves the person."""
    found = access.get_rating_for(request.user, rating_id)
    return _page(request, "succession/reviews/rating.html", _rating_context(request, found))


@require(access.is_hr)
@require_GET
def rating_move(request: AuthedHttpRequest, rating_id: UUID) -> HttpResponse:
    """The form that moves one person, fetched by htmx when HR opens "Move" in the 9-box's
    table: 25 forms rendered up front were most of that page's time, for the one or two HR
    opens. ``version`` is the rating's version the table showed; ``next`` the page to return
    to. Without htmx (a link opened in a new tab), the rating page, which has the same form.
    """
    found = access.get_rating_for(request.user, rating_id)
    if not wants_fragment(request):
        return redirect(reverse("succession:rating", args=[found.public_id]) + "#calibrate")
    version = request.GET.get("version", "")
    form = CalibrationForm(
        initial={"next": request.GET.get("next", "")},
        cells=_cell_list(queries.cell_names()),
        prefix_id=str(found.public_id),
        version=int(version) if version.isdigit() else found.version,
    )
    context = {"rating": found, "form": form}
    return render(request, "succession/reviews/nine_box.html#move-form", context)


def _calibrate(rating: TalentRating, data: dict[str, Any], moved_by: User) -> CalibrationMove:
    performance, potential = parse_cell_key(data["cell"])
    return services.rating_calibrate(
        rating=rating,
        version=data["version"],
        performance=performance,
        potential=potential,
        reason=data["reason"],
        moved_by=moved_by,
    )


@require(access.is_hr)
@require_POST
def rating_calibrate(request: AuthedHttpRequest, rating_id: UUID) -> HttpResponse:
    found = access.get_rating_for(request.user, rating_id)
    cells = _cell_list(queries.cell_names())
    form = CalibrationForm(request.POST, cells=cells, prefix_id="rating", version=found.version)
    if submit(form, lambda data: _calibrate(found, data, request.user)) is None:
        if form.stale:  # show where the person is now, not where the page had them
            found = access.get_rating_for(request.user, rating_id)
        context = _rating_context(request, found, form)
        return _page(request, "succession/reviews/rating.html", context)
    messages.success(
        request,
        _("%(full_name)s moved. The move is in the calibration history.")
        % {"full_name": found.employee.full_name},
    )
    return redirect(_safe_next(request, form.cleaned_data.get("next", ""), found))


def _safe_next(request: AuthedHttpRequest, target: str, found: TalentRating) -> str:
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("succession:rating", kwargs={"rating_id": found.public_id})


# ---------------------------------------------------------------- cell names


def _cell_forms(data: QueryDict | None = None) -> list[tuple[NineBoxCell, NineBoxCellForm]]:
    existing = {(c.performance, c.potential): c for c in NineBoxCell.objects.all()}
    pairs = []
    for (perf, pot), (name, text) in sorted(
        queries.default_cell_names().items(), key=lambda item: (-item[0][1], item[0][0])
    ):
        cell = existing.get((perf, pot)) or NineBoxCell(
            performance=perf, potential=pot, name=name, description=text
        )
        form = NineBoxCellForm(
            data,
            prefix=f"cell-{cell_key(perf, pot)}",
            initial={"name": cell.name, "description": cell.description},
            version=cell.version if cell.pk else 0,
        )
        pairs.append((cell, form))
    return pairs


@require(access.is_hr)
def cells(request: AuthedHttpRequest) -> HttpResponse:
    pairs = _cell_forms(posted(request))
    valid = request.method == "POST" and all(form.is_valid() for _, form in pairs)
    if valid and _cells_saved(request.user, pairs):
        messages.success(request, _("9-box cell names saved."))
        return redirect("succession:cells")
    return _page(request, "succession/reviews/cells.html", {"pairs": pairs})


@transaction.atomic
def _cells_saved(actor: User, pairs: list[tuple[NineBoxCell, NineBoxCellForm]]) -> bool:
    """All nine names, or none: a cell renamed meanwhile shows its name beside this one."""
    for cell, form in pairs:
        try:
            services.nine_box_cell_update(cell=cell, actor=actor, **form.cleaned_data)
        except StaleVersion as stale:
            form.mark_stale(stale.current)
    if any(form.stale for _, form in pairs):
        transaction.set_rollback(True)
        return False
    return True


# ---------------------------------------------------------------- export


EXPORT_COLUMNS = (
    "employee",
    "work_email",
    "department",
    "role",
    "performance",
    "potential",
    "calibrated_performance",
    "calibrated_potential",
    "final_cell",
    "rated_by",
    "rated_at",
    "note",
)


@require(access.is_hr)
def review_export(request: AuthedHttpRequest, review_id: UUID) -> HttpResponse:
    cycle = access.get_review_for(request.user, review_id)
    names = queries.cell_names()
    ratings = (
        access.talent_ratings_visible_to(request.user)
        .filter(review=cycle)
        .select_related("employee", "employee__department", "employee__current_role", "rated_by")
        .order_by("employee__full_name", "pk")
    )
    rows = [_export_row(item, names) for item in ratings]
    services.ratings_exported(
        review=cycle, actor=request.user, rows=len(rows), scope="organisation"
    )
    return csv_response(f"talent-review-{cycle.opens_on}.csv", EXPORT_COLUMNS, rows)


def _export_row(item: TalentRating, names: dict[tuple[int, int], tuple[str, str]]) -> list[object]:
    person = item.employee
    return [
        person.full_name,
        person.work_email,
        person.department.name if person.department else "",
        person.current_role.title if person.current_role else "",
        item.performance,
        item.potential,
        item.calibrated_performance or "",
        item.calibrated_potential or "",
        names[(item.final_performance, item.final_potential)][0],
        item.rated_by.name if item.rated_by else "",
        item.rated_at.isoformat(),
        item.note,
    ]
