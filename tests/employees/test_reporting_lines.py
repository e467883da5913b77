from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from apps.employees.models import Employee, RatingSource, SkillRating, SkillRatingHistory
from apps.employees.services import employee_set_manager, rating_set
from tests.factories import SkillFactory, UserFactory, make_employee

pytestmark = pytest.mark.django_db


def _chain(depth: int) -> list[Employee]:
    people: list[Employee] = []
    for _ in range(depth):
        people.append(make_employee(manager=people[-1] if people else None))
    return people


def test_it_finds_everyone_under_a_manager_at_any_depth() -> None:
    top, middle, bottom = _chain(3)
    side = make_employee(manager=top)
    stranger = make_employee()
    under_top = set(Employee.objects.in_subtree(top, include_root=False))
    assert under_top == {middle, bottom, side}
    assert set(Employee.objects.in_subtree(middle)) == {middle, bottom}
    assert stranger not in Employee.objects.in_subtree(top)


def test_it_keeps_paths_right_when_someone_changes_manager() -> None:
    a, b, c, d = _chain(4)
    other = make_employee()
    employee_set_manager(employee=b, manager=other)
    # b's whole sub-tree moved with them, one level deeper than before.
    assert set(Employee.objects.in_subtree(other, include_root=False)) == {b, c, d}
    assert set(Employee.objects.in_subtree(a, include_root=False)) == set()
    d.refresh_from_db()
    assert d.path == f"/{other.pk}/{b.pk}/{c.pk}/{d.pk}/"
    assert d.depth == 3
    assert d.ancestor_ids == [other.pk, b.pk, c.pk]


def test_it_moves_someone_to_the_top() -> None:
    _, b, c = _chain(3)
    employee_set_manager(employee=b, manager=None)
    c.refresh_from_db()
    b.refresh_from_db()
    assert (b.path, b.depth, b.manager_id) == (f"/{b.pk}/", 0, None)
    assert c.path == f"/{b.pk}/{c.pk}/"


def test_a_manager_cannot_become_their_own_descendant() -> None:
    a, b, c = _chain(3)
    with pytest.raises(ValidationError) as error:
        employee_set_manager(employee=a, manager=c)
    assert "cannot report to" in str(error.value)
    a.refresh_from_db()
    c.refresh_from_db()
    # Nothing changed.
    assert (a.manager_id, a.path) == (None, f"/{a.pk}/")
    assert c.path == f"/{a.pk}/{b.pk}/{c.pk}/"


def test_nobody_reports_to_themselves() -> None:
    (a,) = _chain(1)
    with pytest.raises(ValidationError, match="themselves"):
        employee_set_manager(employee=a, manager=a)


def test_the_subtree_query_uses_the_path_index() -> None:
    top, *_ = _chain(3)
    assert "employee_path_like" in _explain(Employee.objects.in_subtree(top))


def _explain(qs: object) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        sql, params = qs.query.sql_with_params()  # type: ignore[attr-defined]
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_ratings_keep_history_and_current_row() -> None:
    person = make_employee()
    rater = UserFactory()
    skill = SkillFactory()
    rating_set(employee=person, skill=skill, level=2, source=RatingSource.SELF, rated_by=None)
    rating_set(employee=person, skill=skill, level=3, source=RatingSource.SELF, rated_by=None)
    rating_set(employee=person, skill=skill, level=4, source=RatingSource.MANAGER, rated_by=rater)
    current = SkillRating.objects.get(employee=person, skill=skill)
    assert (current.self_level, current.manager_level, current.current_level) == (3, 4, 4)
    assert current.manager_rated_by == rater
    history = list(
        SkillRatingHistory.objects.filter(employee=person).values_list("source", "level")
    )
    assert history == [("manager", 4), ("self", 3), ("self", 2)]


def test_a_rating_outside_the_scale_is_refused() -> None:
    person, skill = make_employee(), SkillFactory()
    with pytest.raises(ValidationError):
        rating_set(employee=person, skill=skill, level=6, source=RatingSource.SELF, rated_by=None)
    assert not SkillRating.objects.exists()


def test_the_database_refuses_out_of_scale_ratings_too() -> None:
    person, skill = make_employee(), SkillFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        SkillRating.objects.create(employee=person, skill=skill, self_level=7)
    with pytest.raises(IntegrityError), transaction.atomic():
        SkillRating.objects.create(employee=person, skill=skill, manager_level=-1)
