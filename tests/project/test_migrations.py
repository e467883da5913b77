"""Migrations: the schema matches the models, and moving models between apps keeps every row.

Learning resources and mentoring left the career-map app (careermaps 0003). A database built
before the move is migrated forward here: every table keeps the same rows, and the new apps'
models read them, foreign keys and many-to-many links included.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from apps.careermaps.models import CareerMap, DevelopmentAction
from apps.learning.models import LearningResource, ResourceSkill
from apps.mentoring.models import MentorOffer, Mentorship
from tests.conftest import Org
from tests.factories import SkillFactory, make_resource

BEFORE_THE_MOVE = [("careermaps", "0002_recognition"), ("learning", None), ("mentoring", None)]
CHECKIN_TABLES = {"checkins_checkin", "checkins_agreedaction"}
# The dashboards' trigger-kept aggregates read the map's newer tables: like check-ins.
DASHBOARD_TABLES = {"dashboards_map_health", "dashboards_ratings_waiting"}
MOVED_TABLES = (
    "careermaps_learningresource",
    "careermaps_resourceskill",
    "careermaps_mentoroffer",
    "careermaps_mentoroffer_skills",
    "careermaps_mentorship",
    "careermaps_mentorship_focus_skills",
)


def _row_counts() -> dict[str, int]:
    """Rows in every table of the schema (not only the moved ones), but the migration log."""
    counts = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table == "django_migrations":
                continue
            cursor.execute(f'SELECT count(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
    return counts


def _migrate(targets: list[tuple[str, str | None]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def _some_of_everything_moved(org: Org) -> None:
    sql, python = SkillFactory(name="SQL"), SkillFactory(name="Python")
    resource = make_resource("SQL course", (sql, 3), (python, 2))
    career_map = CareerMap.objects.create(employee=org.employee)
    DevelopmentAction.objects.create(
        career_map=career_map, kind="education", title="SQL course", resource=resource
    )
    MentorOffer.objects.create(employee=org.teammate).skills.add(sql, python)
    mentorship = Mentorship.objects.create(mentor=org.teammate, mentee=org.employee)
    mentorship.focus_skills.add(sql)


@pytest.mark.django_db
def test_the_models_and_the_migrations_agree() -> None:
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_a_database_from_before_the_move_migrates_forward_with_every_row(org: Org) -> None:
    _some_of_everything_moved(org)
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    _migrate(BEFORE_THE_MOVE)
    try:
        before = _row_counts()
        old_state = MigrationExecutor(connection).loader.project_state(BEFORE_THE_MOVE[0]).apps
        old_resources = old_state.get_model("careermaps", "LearningResource").objects.count()
    finally:
        _migrate(latest)

    assert old_resources == 1
    assert all(before[table] > 0 for table in MOVED_TABLES)
    after = _row_counts()
    assert {t: (n, after.get(t)) for t, n in before.items() if after.get(t) != n} == {}
    # Check-ins (and the dashboards' aggregates) came later and depend on the map's newer
    # migrations: going back drops them, going forward brings them back (check-ins empty, the
    # aggregates refilled from the rows); every other table is the same.
    assert after.keys() - before.keys() == CHECKIN_TABLES | DASHBOARD_TABLES
    assert before.keys() <= after.keys()
    action = DevelopmentAction.objects.select_related("resource").get()
    assert action.resource == LearningResource.objects.get(title="SQL course")
    assert ResourceSkill.objects.filter(resource=action.resource).count() == 2
    assert MentorOffer.objects.get().skills.count() == 2
    assert list(Mentorship.objects.get().focus_skills.values_list("name", flat=True)) == ["SQL"]


@pytest.mark.django_db(transaction=True)
def test_content_types_follow_the_moved_models(org: Org) -> None:
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    _migrate(BEFORE_THE_MOVE)
    try:
        labels = set(
            ContentType.objects.filter(model="mentorship").values_list("app_label", flat=True)
        )
    finally:
        _migrate(latest)

    assert labels == {"careermaps"}
    for model, app_label in [("learningresource", "learning"), ("mentorship", "mentoring")]:
        assert ContentType.objects.get(model=model).app_label == app_label
