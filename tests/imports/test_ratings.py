"""Importing skill ratings: the current self and manager ratings, and their history."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import Workbook

from apps.employees.models import Employee, RatingSource, SkillRating, SkillRatingHistory
from apps.employees.services import rating_set
from apps.imports import services
from apps.imports.models import JobStatus
from apps.skills.models import Skill
from apps.succession.models import AuditLog
from tests.conftest import Org
from tests.factories import SkillFactory, make_employee
from tests.imports.test_catalogue import (
    check,
    counts,
    failing_insert,
    imported,
    issues,
    plan,
    write,
)

pytestmark = pytest.mark.django_db

HEADER = "employee,skill,source,level,rated_on,rated_by\n"


@pytest.fixture
def sql(db: None) -> Skill:
    return SkillFactory(name="SQL", synonyms=["Structured Query Language"])


@pytest.fixture
def python(db: None) -> Skill:
    return SkillFactory(name="Python")


@pytest.fixture
def e1(org: Org) -> Employee:
    org.employee.external_id = "E1"
    org.employee.save()
    return org.employee


def noon(day: str) -> datetime:
    return timezone.make_aware(datetime.fromisoformat(day).replace(hour=12))


def rating(employee: Employee, skill: Skill) -> SkillRating:
    return SkillRating.objects.get(employee=employee, skill=skill)


def history(employee: Employee, skill: Skill) -> list[tuple[str, int, int | None, datetime]]:
    entries = SkillRatingHistory.objects.filter(employee=employee, skill=skill)
    return [(h.source, h.level, h.rated_by_id, h.rated_at) for h in entries.order_by("id")]


def test_it_records_self_and_manager_ratings_with_their_history(org: Org, e1, sql, python):
    text = HEADER + (
        "E1,SQL,self,3,2024-05-10,\n"
        "employee@example.com,Structured Query Language,Manager,4,2024-05-12,manager@example.com\n"
        "TEAMMATE@example.com,Python,self,2,,\n"
        "teammate@example.com,python,manager,Novice,,\n"
    )
    job = check(org, "ratings", text)

    assert counts(job) == (4, 0, 0, 0)
    assert job.summary["samples"]["create"][0] == "Employee: SQL 3 (self, 2024-05-10)"
    assert not SkillRating.objects.exists()
    before = timezone.now()
    write(org, job)

    current = rating(org.employee, sql)
    assert (current.self_level, current.self_rated_at) == (3, noon("2024-05-10"))
    assert (current.manager_level, current.manager_rated_at) == (4, noon("2024-05-12"))
    assert current.manager_rated_by == org.manager.user
    assert history(org.employee, sql) == [
        ("self", 3, org.employee.user_id, noon("2024-05-10")),
        ("manager", 4, org.manager.user_id, noon("2024-05-12")),
    ]
    teammate = rating(org.teammate, python)
    assert (teammate.self_level, teammate.manager_level) == (2, 2)
    # No date: given now, as rating_set stamps it; no rater: the HR user who confirmed.
    assert teammate.self_rated_at is not None
    assert teammate.self_rated_at >= before
    assert teammate.manager_rated_by == org.hr_user
    assert history(org.teammate, python) == [
        ("self", 2, org.teammate.user_id, teammate.self_rated_at),
        ("manager", 2, org.hr_user.pk, teammate.manager_rated_at),
    ]
    assert AuditLog.objects.filter(summary__startswith="Imported ratings.csv").count() == 1


def test_a_new_level_changes_its_side_only_and_adds_one_history_row(org: Org, e1, sql):
    rating_set(employee=e1, skill=sql, level=2, source=RatingSource.SELF, rated_by=e1.user)
    rating_set(employee=e1, skill=sql, level=3, source=RatingSource.MANAGER,
               rated_by=org.manager.user)  # fmt: skip
    manager_side = rating(e1, sql).manager_rated_at

    job = imported(org, "ratings", HEADER + "E1,SQL,self,4,,\n")

    assert counts(job) == (0, 1, 0, 0)
    current = rating(e1, sql)
    assert current.self_level == 4
    assert (current.manager_level, current.manager_rated_by, current.manager_rated_at) == (
        3, org.manager.user, manager_side
    )  # fmt: skip
    assert [entry[:2] for entry in history(e1, sql)] == [
        ("self", 2), ("manager", 3), ("self", 4)
    ]  # fmt: skip


RERUN = HEADER + (
    "E1,SQL,self,3,2024-05-10,\nE1,SQL,manager,4,,\nteammate@example.com,SQL,self,1,2024-06-01,\n"
)


def test_re_running_a_ratings_file_changes_nothing(org: Org, e1, sql):
    imported(org, "ratings", RERUN)
    ratings = list(SkillRating.objects.values())

    again = imported(org, "ratings", RERUN)

    assert counts(again) == (0, 0, 3, 0)
    assert list(SkillRating.objects.values()) == ratings
    assert SkillRatingHistory.objects.count() == 3


def test_the_same_level_on_the_same_day_is_unchanged_and_a_later_day_is_a_new_rating(
    org: Org, e1, sql
):
    imported(org, "ratings", HEADER + "E1,SQL,self,3,2024-05-10,\n")

    same_day = check(org, "ratings", HEADER + "E1,SQL,self,3,2024-05-10,\n")
    no_day = check(org, "ratings", HEADER + "E1,SQL,self,3,,\n")
    later = imported(org, "ratings", HEADER + "E1,SQL,self,3,2024-07-01,\n")

    assert counts(same_day) == counts(no_day) == (0, 0, 1, 0)
    assert counts(later) == (0, 1, 0, 0)
    assert rating(e1, sql).self_rated_at == noon("2024-07-01")
    assert [entry[3] for entry in history(e1, sql)] == [noon("2024-05-10"), noon("2024-07-01")]


def test_a_rating_older_than_the_current_one_goes_into_the_history_only(org: Org, e1, sql):
    rating_set(employee=e1, skill=sql, level=4, source=RatingSource.SELF, rated_by=e1.user)
    older = HEADER + "E1,SQL,self,2,2024-01-15,\n"

    job = imported(org, "ratings", older)

    assert counts(job) == (0, 0, 0, 0)
    assert job.summary["extra"] == {"older than the current rating: history only": 1}
    assert rating(e1, sql).self_level == 4  # an old file never overwrites a newer rating
    assert history(e1, sql)[-1] == ("self", 2, e1.user_id, noon("2024-01-15"))
    assert counts(imported(org, "ratings", older)) == (0, 0, 1, 0)  # already in the history
    assert SkillRatingHistory.objects.count() == 2


def test_every_bad_ratings_row_is_named_with_its_column_and_reason(org: Org, e1, sql):
    make_employee(name="Kim Noaccount", work_email="kim@example.com")
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    text = HEADER + (
        "E999,SQL,self,3,,\n"  # 2
        "E1,Juggling,self,3,,\n"  # 3
        "E1,SQL,peer,3,,\n"  # 4
        "E1,SQL,self,6,,\n"  # 5
        "E1,SQL,self,-1,,\n"  # 6
        "E1,SQL,self,3,03/04/2024,\n"  # 7
        "E1,SQL,self,3,2024-02-30,\n"  # 8
        f"E1,SQL,self,3,{tomorrow},\n"  # 9
        "E1,SQL,manager,3,,kim@example.com\n"  # 10
        "E1,SQL,manager,3,,nobody-here@example.com\n"  # 11
        "E1,SQL,self,3,,manager@example.com\n"  # 12
        "E1,SQL,self,3,,employee@example.com\n"  # 13: the person themselves may be named
        "employee@example.com,structured query language,self,2,,\n"  # 14: the same rating
        ",,,,,\n"  # blank rows are skipped
        "E1,,,,,\n"  # 16
        "kim@example.com,SQL,self,3,,kim@example.com\n"  # 17: a self rating needs no account
    )

    job = check(org, "ratings", text)

    off_scale = "is a level off the scale: use 0 (None) to 5 (Expert)."
    unreadable = "is not a date we can read: write it as YYYY-MM-DD."
    assert issues(job) == [
        (2, "employee", "No one has the external id or work email “E999”."),
        (3, "skill", "There is no skill “Juggling” (by name or synonym)."),
        (4, "source", "“peer” is not a source: use “Self” or “Manager”."),
        (5, "level", f"“6” {off_scale}"),
        (6, "level", f"“-1” {off_scale}"),
        (7, "rated_on", f"“03/04/2024” {unreadable}"),
        (8, "rated_on", f"“2024-02-30” {unreadable}"),
        (9, "rated_on", f"{tomorrow} is in the future."),
        (10, "rated_by", "Kim Noaccount has no CareerMap account yet, so cannot be recorded as "
                         "the rater: invite them first, or leave this blank (the rating is then "
                         "recorded as given by whoever confirms the import)."),
        (11, "rated_by", "No one has the external id or work email “nobody-here@example.com”."),
        (12, "rated_by", "A self rating is the person's own: leave this blank."),
        (14, "skill", "Row 13 already gives Employee's self rating of SQL."),
        (16, "skill", "Give the skill: this column cannot be blank."),
        (16, "source", "Give the source (self or manager): this column cannot be blank."),
        (16, "level", "Give the level: this column cannot be blank."),
    ]  # fmt: skip
    assert job.status == JobStatus.INVALID
    assert not SkillRating.objects.exists()


def test_a_workbook_with_date_cells_is_read(org: Org, e1, sql):
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Employee", "Skill", "Source", "Level", "Rated on"])
    sheet.append(["E1", "SQL", "self", 3, datetime(2024, 3, 1)])
    sheet.append(["E1", "SQL", "manager", 4, date(2024, 3, 2)])
    buffer = io.BytesIO()
    book.save(buffer)
    job = services.job_create(kind="ratings", file_name="ratings.xlsx", data=buffer.getvalue(),
                              actor=org.hr_user, enqueue=False)  # fmt: skip

    write(org, services.job_check(job.pk))

    current = rating(e1, sql)
    assert (current.self_level, current.self_rated_at) == (3, noon("2024-03-01"))
    assert (current.manager_level, current.manager_rated_at) == (4, noon("2024-03-02"))


def test_a_failure_while_writing_ratings_leaves_nothing(org: Org, e1, sql, python):
    text = HEADER + "E1,SQL,self,3,,\nE1,SQL,manager,2,,\nE1,Python,self,5,,\n"
    failing_insert("employees_skillratinghistory", "level", "5")  # the last history row

    job = write(org, check(org, "ratings", text))

    assert job.status == JobStatus.FAILED
    assert not SkillRating.objects.exists()
    assert not SkillRatingHistory.objects.exists()
    assert not AuditLog.objects.exists()


def _people(n: int) -> list[Employee]:
    return Employee.objects.bulk_create(
        Employee(full_name=f"Person {i}", work_email=f"p{i}@example.com", external_id=f"P{i}")
        for i in range(n)
    )


def test_the_ratings_check_takes_the_same_queries_for_5_rows_or_500(org: Org):
    people = _people(50)
    skills = [SkillFactory(name=f"Skill {i}") for i in range(10)]
    # One current rating that the first row predates: the history is looked up too.
    rating_set(employee=people[0], skill=skills[0], level=5, source=RatingSource.SELF,
               rated_by=None)  # fmt: skip

    def rows(n: int) -> str:
        return HEADER + "".join(
            f"P{i // 10},Skill {i % 10},self,{i % 6},2024-01-01,\n" for i in range(n)
        )

    with CaptureQueriesContext(connection) as few:
        plan("ratings", rows(5))
    with CaptureQueriesContext(connection) as many:
        plan("ratings", rows(500))

    assert len(few) == len(many) <= 5


def test_a_file_of_20000_ratings_is_checked_written_and_rechecked(org: Org):
    people = _people(2000)
    skills = [SkillFactory(name=f"Skill {i}").name for i in range(5)]
    text = HEADER + "".join(
        f"{p.external_id},{skill},{source},{(n + len(source)) % 6},2024-0{n % 9 + 1}-15,\n"
        for n, p in enumerate(people)
        for skill in skills
        for source in ("self", "manager")
    )

    job = imported(org, "ratings", text)

    assert counts(job) == (20_000, 0, 0, 0)
    assert SkillRating.objects.count() == 10_000
    assert SkillRatingHistory.objects.count() == 20_000
    assert counts(check(org, "ratings", text)) == (0, 0, 20_000, 0)
