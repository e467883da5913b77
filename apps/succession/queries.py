"""Read-side helpers on talent ratings that other parts of the app (reports, views) reuse.

These are not access-checked: callers pass querysets already scoped by ``access.py`` (or use
them inside HR-only code). They are thin wrappers over the QuerySet methods in querysets.py,
which say what "the latest review" and "final" mean (the latest cycle that holds a rating;
calibrated if HR calibrated, else the manager's).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module

from django.db.models import Count, F, Q, QuerySet

from apps.succession.models import Band, NineBoxCell, TalentRating, TalentReview
from apps.succession.querysets import TalentRatingQuerySet

HIGH_POTENTIAL = Band.HIGH
# The annotations with_final() adds (named in filters through Q, which the type checker allows).
FINAL = ("final_perf", "final_pot")


def _ratings(ratings: QuerySet[TalentRating] | None) -> TalentRatingQuerySet:
    # Every talent-rating queryset comes from the model's manager, so it has the QuerySet
    # methods; the public signatures keep the plain QuerySet type that views already pass.
    if ratings is None:
        return TalentRating.objects.all()
    if not isinstance(ratings, TalentRatingQuerySet):
        raise TypeError("Talent ratings must come from TalentRating.objects")
    return ratings


def with_final(ratings: QuerySet[TalentRating]) -> QuerySet[TalentRating]:
    """Annotate ``final_perf`` and ``final_pot`` (calibrated if set, else as rated)."""
    return _ratings(ratings).with_final()


def latest_review() -> TalentReview | None:
    """The latest talent review: the most recent cycle that holds a rating, or None."""
    return TalentReview.objects.latest_rated().first()


def high_potential_ratings(
    review: TalentReview | None = None, ratings: QuerySet[TalentRating] | None = None
) -> QuerySet[TalentRating]:
    """Ratings whose final potential is high in ``review`` (default: the latest review).

    Pass a queryset already scoped by ``access.py`` as ``ratings`` to narrow it.
    """
    base = _ratings(ratings)
    in_review = base.filter(review=review) if review is not None else base.in_latest_review()
    return in_review.high_potential()


def high_potential_ids(
    review: TalentReview | None = None, ratings: QuerySet[TalentRating] | None = None
) -> QuerySet[TalentRating, int]:
    """Employee ids with final potential high in ``review`` (default: the latest review).

    Returns a lazy ``values_list`` queryset (the latest review is a subquery too), so
    ``Employee.objects.filter(pk__in=high_potential_ids())`` is a single query.
    """
    return high_potential_ratings(review, ratings).values_list("employee_id", flat=True)


# ---------------------------------------------------------------- the 9-box


@dataclass
class NineBoxSquare:
    """One cell of the grid, with how many people sit in it and the first few of them."""

    performance: int
    potential: int
    name: str
    description: str
    count: int = 0
    people: list[TalentRating] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.performance}-{self.potential}"

    @property
    def tone(self) -> int:
        """2 (both low) to 6 (both high): the CSS colour step, always shown beside text."""
        return self.performance + self.potential

    @property
    def performance_label(self) -> str:
        return Band(self.performance).label.lower()

    @property
    def potential_label(self) -> str:
        return Band(self.potential).label.lower()

    @property
    def more(self) -> int:
        return self.count - len(self.people)


def default_cell_names() -> dict[tuple[int, int], tuple[str, str]]:
    """The conventional names, used where a cell row is missing (e.g. after a test flush)."""
    cells = import_module("apps.succession.migrations.0002_nine_box_defaults").CELLS
    return {(perf, pot): (name, text) for perf, pot, name, text in cells}


def cell_names() -> dict[tuple[int, int], tuple[str, str]]:
    names = default_cell_names()
    for cell in NineBoxCell.objects.all():
        names[(cell.performance, cell.potential)] = (cell.name, cell.description)
    return names


def nine_box(
    ratings: QuerySet[TalentRating],
    names: dict[tuple[int, int], tuple[str, str]],
    *,
    per_cell: int = 25,
) -> list[list[NineBoxSquare]]:
    """Rows from high potential down, columns from low performance up: two queries, any size.

    ``ratings`` must already be scoped to the viewer and to one review.
    """
    squares = {key: NineBoxSquare(key[0], key[1], *names[key]) for key in sorted(names)}
    final = _ratings(ratings).with_final()
    for row in final.values(*FINAL).annotate(n=Count("id")).order_by():
        squares[(row["final_perf"], row["final_pot"])].count = row["n"]
    for rating in _first_people(final, per_cell):
        squares[(rating.final_performance, rating.final_potential)].people.append(rating)
    return [[squares[(perf, pot)] for perf in (1, 2, 3)] for pot in (3, 2, 1)]


def _first_people(final: QuerySet[TalentRating], per_cell: int) -> QuerySet[TalentRating]:
    """The first ``per_cell`` people of each cell by name, in one query: one LIMITed branch per
    cell (UNION ALL), each walking the employee name index until its cell has ``per_cell``.

    A window over the whole review sorted every rating (~20k) to keep 90.
    """
    named = final.select_related("employee").annotate(sort_name=F("employee__full_name"))
    cells = [
        named.filter(Q(final_perf=perf) & Q(final_pot=pot)).order_by("sort_name", "id")[:per_cell]
        for perf in (1, 2, 3)
        for pot in (1, 2, 3)
    ]
    return cells[0].union(*cells[1:], all=True).order_by("sort_name", "id")
