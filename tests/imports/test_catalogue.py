"""Importing the catalogue: skills and categories, job families and roles, role requirements."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.imports import services
from apps.imports.kinds import kind_for
from apps.imports.kinds.base import NoProgress, Plan
from apps.imports.models import ImportJob, JobStatus
from apps.roles.models import Importance, JobFamily, Role, RoleRequirement, Track
from apps.skills.models import Skill, SkillCategory
from apps.succession.models import AuditLog
from tests.conftest import Org
from tests.factories import RoleFactory, RoleRequirementFactory, SkillFactory

pytestmark = pytest.mark.django_db


def check(org: Org, kind: str, text: str) -> ImportJob:
    job = services.job_create(
        kind=kind, file_name=f"{kind}.csv", data=text.encode(), actor=org.hr_user, enqueue=False
    )
    return services.job_check(job.pk)


def write(org: Org, job: ImportJob) -> ImportJob:
    assert job.status == JobStatus.READY, list(job.issues.values_list("row", "column", "message"))
    services.job_confirm(job=job, actor=org.hr_user, enqueue=False)
    return services.job_write(job.pk)


def imported(org: Org, kind: str, text: str) -> ImportJob:
    job = write(org, check(org, kind, text))
    assert job.status == JobStatus.DONE, job.message
    return job


def counts(job: ImportJob) -> tuple[int, int, int, int]:
    s = job.summary
    return s["create"], s["update"], s["unchanged"], s["errors"]


def issues(job: ImportJob) -> list[tuple[int, str, str]]:
    return [(i.row, i.column, i.message) for i in job.issues.all()]


def plan(kind: str, text: str) -> Plan:
    the_kind = kind_for(kind)
    table = the_kind.read(text.encode(), "file.csv")
    return the_kind.plan(table, options={}, full_sync=False, progress=NoProgress())


def failing_insert(table: str, column: str, value: str) -> None:
    """A real database failure in the middle of a write: PostgreSQL refuses one row."""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION refuse_row() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$"
        )
        cursor.execute(
            f"CREATE TRIGGER refuse_row BEFORE INSERT OR UPDATE ON {table} FOR EACH ROW "
            f"WHEN (NEW.{column}::text = '{value}') EXECUTE FUNCTION refuse_row()"
        )


# ---------------------------------------------------------------- skills

SKILLS = (
    "Category,Parent category,Skill,Description,Synonyms\n"
    "Data,Technology,SQL,Querying databases.,Structured Query Language; Postgres queries\n"
    'Data,,Python,,"py\nPython 3"\n'
    "People,,Coaching,Helping others grow.,\n"
)


def test_it_creates_skills_with_their_categories_parents_and_synonyms(org: Org):
    job = check(org, "skills", SKILLS)

    assert counts(job) == (3, 0, 0, 0)
    assert job.summary["extra"] == {"categories to create": 3}
    assert job.summary["samples"]["create"] == ["SQL", "Python", "Coaching"]
    assert not Skill.objects.exists()  # nothing before HR confirms

    write(org, job)

    data = SkillCategory.objects.get(name="Data")
    assert data.parent == SkillCategory.objects.get(name="Technology", parent=None)
    sql = Skill.objects.get(name="SQL")
    assert (sql.category, sql.description) == (data, "Querying databases.")
    assert sql.synonyms == ["Structured Query Language", "Postgres queries"]
    assert Skill.objects.get(name="Python").synonyms == ["py", "Python 3"]
    assert Skill.objects.get(name="Coaching").category.name == "People"
    assert AuditLog.objects.filter(summary__startswith="Imported skills.csv").count() == 1


def test_re_running_a_skills_file_changes_nothing(org: Org):
    imported(org, "skills", SKILLS)

    again = check(org, "skills", SKILLS)

    assert counts(again) == (0, 0, 3, 0)
    assert again.summary["extra"] == {}
    write(org, again)
    assert Skill.objects.count() == 3
    assert SkillCategory.objects.count() == 3


def test_a_skill_is_matched_by_name_in_any_case_and_blank_cells_keep_what_is_there(org: Org):
    sql = SkillFactory(name="SQL", description="Kept.", synonyms=["Structured Query Language"])
    SkillCategory.objects.create(name="Data")

    job = check(org, "skills", "category,skill,description,synonyms\ndata,sql,,SQL queries\n")

    assert counts(job) == (0, 1, 0, 0)
    assert job.summary["samples"]["update"] == ["sql (name, category, synonyms)"]
    write(org, job)
    sql.refresh_from_db()
    assert (sql.name, sql.category.name, sql.description) == ("sql", "Data", "Kept.")
    assert sql.synonyms == ["SQL queries"]  # a filled cell replaces the list
    assert SkillCategory.objects.count() == 2  # "data" is the existing Data


def test_a_skill_named_like_another_skills_synonym_is_refused_not_matched(org: Org):
    SkillFactory(name="JavaScript", synonyms=["JS"])

    job = check(org, "skills", "category,skill\nWeb,js\n")

    assert issues(job) == [
        (2, "skill", "“js” is a synonym of JavaScript: write that name to change it, or take "
                     "the synonym off it first.")
    ]  # fmt: skip


def test_taking_the_synonym_off_in_the_same_file_frees_the_name(org: Org):
    javascript = SkillFactory(name="JavaScript", synonyms=["JS", "ECMAScript"])

    imported(org, "skills", "category,skill,synonyms\nWeb,JavaScript,ECMAScript\nWeb,JS,\n")

    javascript.refresh_from_db()
    assert javascript.synonyms == ["ECMAScript"]
    assert Skill.objects.filter(name="JS").exists()


def test_every_bad_skills_row_is_named_with_its_column_and_reason(org: Org):
    SkillFactory(name="Excel")
    long_name = "x" * 121
    text = (
        "category,parent_category,skill,synonyms\n"
        ",,Blank category,\n"  # 2
        "Data,,,\n"  # 3
        f"Data,,{long_name},\n"  # 4
        "Data,,SQL,\n"  # 5
        "Data,,sql,\n"  # 6: the same skill again
        "Data,,Sheets,excel; Calc\n"  # 7: a synonym that is another skill's name
        "Data,Technology,R,\n"  # 8
        "Data,People,Stats,\n"  # 9: a second parent for Data
        "Misc,misc,Q,\n"  # 10: its own parent
    )

    job = check(org, "skills", text)

    assert job.status == JobStatus.INVALID
    assert issues(job) == [
        (2, "category", "Give the category: this column cannot be blank."),
        (3, "skill", "Give the skill's name: this column cannot be blank."),
        (4, "skill", f"“{'x' * 40}…” is 121 characters long; the limit is 120."),
        (6, "skill", "Row 5 already holds the skill “sql”."),
        (7, "synonyms", "“excel” is the name of another skill."),
        (9, "parent_category", "Row 8 puts Data under Technology: a category has one parent."),
        (10, "parent_category", "A category cannot be its own parent."),
    ]
    assert counts(job)[:3] == (2, 0, 0)  # SQL and R could be created


def test_a_category_loop_is_refused_with_the_loop_spelt_out(org: Org):
    technology = SkillCategory.objects.create(name="Technology")
    SkillCategory.objects.create(name="Data", parent=technology)

    job = check(org, "skills", "category,parent_category,skill\nTechnology,Data,SQL\n")

    assert issues(job) == [
        (2, "parent_category", "This parent makes a loop: Technology → Data → Technology.")
    ]


def test_a_loop_made_within_the_file_is_refused_on_each_row_that_closes_it(org: Org):
    job = check(org, "skills", "category,parent_category,skill\nA,B,One\nB,A,Two\n")

    assert issues(job) == [
        (2, "parent_category", "This parent makes a loop: A → B → A."),
        (3, "parent_category", "This parent makes a loop: B → A → B."),
    ]


def test_moving_a_category_under_a_new_parent_is_counted_and_written(org: Org):
    data = SkillCategory.objects.create(name="Data")
    SkillFactory(name="SQL", category=data)

    job = imported(org, "skills", "category,parent_category,skill\nData,Technology,SQL\n")

    assert counts(job) == (0, 0, 1, 0)  # the skill itself is as it was
    assert job.summary["extra"] == {"categories to create": 1, "categories to move": 1}
    assert SkillCategory.objects.get(name="Technology").children.get() == data


def test_a_failure_while_writing_skills_leaves_nothing(org: Org):
    failing_insert("skills_skill", "name", "Coaching")  # the last of three skills

    job = write(org, check(org, "skills", SKILLS))

    assert job.status == JobStatus.FAILED
    assert not Skill.objects.exists()
    assert not SkillCategory.objects.exists()
    assert not AuditLog.objects.exists()


def _skill_rows(n: int, tag: str = "") -> str:
    return "category,parent_category,skill,synonyms\n" + "".join(
        f"Cat{tag} {i % 7},Top{tag} {i % 7 % 3},Skill{tag} {i},alias{tag} {i}\n" for i in range(n)
    )


def test_the_skills_check_takes_the_same_queries_for_5_rows_or_500(org: Org):
    SkillFactory(name="Skill 1")
    with CaptureQueriesContext(connection) as few:
        plan("skills", _skill_rows(5))
    with CaptureQueriesContext(connection) as many:
        plan("skills", _skill_rows(500))

    assert len(few) == len(many) <= 3


def test_the_skills_write_takes_the_same_queries_for_5_rows_or_500(org: Org):
    queries = []
    for n in (5, 500):
        the_plan = plan("skills", _skill_rows(n, tag=f"-{n}"))
        with CaptureQueriesContext(connection) as captured:
            kind_for("skills").apply(the_plan, actor=org.hr_user, options={},
                                     progress=NoProgress())  # fmt: skip
        queries.append(len(captured))
        assert Skill.objects.filter(name__startswith=f"Skill-{n} ").count() == n

    assert queries[0] == queries[1]


# ---------------------------------------------------------------- roles

ROLES = (
    "job family,title,level,track,summary,responsibilities,key position\n"
    'Engineering,Data Engineer,4,individual contributor,Builds pipelines.,"- Design\n\n  Review "'
    ",no\n"
    "Engineering,Engineering Manager,7,Manager,Leads a team.,,yes\n"
    "Support,Support Agent,,,,,\n"
)


def test_it_creates_roles_and_their_job_families(org: Org):
    job = check(org, "roles", ROLES)

    assert counts(job) == (3, 0, 0, 0)
    assert job.summary["extra"] == {"job families to create": 2}
    write(org, job)

    engineer = Role.objects.get(title="Data Engineer")
    assert (engineer.family.name, engineer.level, engineer.track) == (
        "Engineering",
        4,
        Track.INDIVIDUAL,
    )
    assert engineer.responsibilities == "- Design\nReview"
    manager = Role.objects.get(title="Engineering Manager")
    assert (manager.track, manager.is_key_position) == (Track.MANAGER, True)
    agent = Role.objects.get(title="Support Agent")  # blank cells: the model's defaults
    assert (agent.level, agent.track, agent.is_key_position, agent.summary) == (
        1, Track.INDIVIDUAL, False, ""
    )  # fmt: skip


def test_re_running_a_roles_file_changes_nothing(org: Org):
    imported(org, "roles", ROLES)

    again = imported(org, "roles", ROLES)

    assert counts(again) == (0, 0, 3, 0)
    assert (Role.objects.count(), JobFamily.objects.count()) == (3, 2)


def test_a_role_is_matched_by_title_in_any_case_and_blank_cells_keep_what_is_there(org: Org):
    role = RoleFactory(title="Data Engineer", level=3, summary="Kept.", is_key_position=True)

    job = imported(
        org, "roles", "job_family,title,level,key_position\nengineering,DATA ENGINEER,5,\n"
    )

    assert counts(job) == (0, 1, 0, 0)
    assert job.summary["samples"]["update"] == ["DATA ENGINEER (title, family, level)"]
    role.refresh_from_db()
    assert (role.title, role.family.name, role.level) == ("DATA ENGINEER", "engineering", 5)
    assert (role.summary, role.is_key_position) == ("Kept.", True)


def test_a_job_family_is_matched_in_any_case(org: Org):
    RoleFactory(title="Analyst", family__name="Data")

    job = imported(org, "roles", "job_family,title\nDATA,Analyst\nDATA,Scientist\n")

    assert counts(job) == (1, 0, 1, 0)
    assert job.summary["extra"] == {}
    assert Role.objects.get(title="Scientist").family.name == "Data"


def test_every_bad_roles_row_is_named_with_its_column_and_reason(org: Org):
    text = (
        "job_family,title,level,track,key_position\n"
        ",Nameless,,,\n"  # 2
        "Eng,,,,\n"  # 3
        "Eng,Zero,0,,\n"  # 4
        "Eng,Thirteen,13,,\n"  # 5
        "Eng,Senior,senior,,\n"  # 6
        "Eng,Boss,,boss,maybe\n"  # 7
        "Eng,Twice,,,\n"  # 8
        "Eng,twice,,,\n"  # 9
    )

    job = check(org, "roles", text)

    assert issues(job) == [
        (2, "job_family", "Give the job family: this column cannot be blank."),
        (3, "title", "Give the role's title: this column cannot be blank."),
        (4, "level", "“0” is not a whole number from 1 to 12."),
        (5, "level", "“13” is not a whole number from 1 to 12."),
        (6, "level", "“senior” is not a whole number from 1 to 12."),
        (7, "track", "“boss” is not a track: use “Individual contributor” or “People manager”."),
        (7, "key_position", "Write yes or no (or true/false, 1/0), not “maybe”."),
        (9, "title", "Row 8 already holds the role “twice”."),
    ]
    assert not Role.objects.exists()


def test_a_failure_while_writing_roles_leaves_nothing(org: Org):
    failing_insert("roles_role", "title", "Support Agent")

    job = write(org, check(org, "roles", ROLES))

    assert job.status == JobStatus.FAILED
    assert not Role.objects.exists()
    assert not JobFamily.objects.exists()


def test_the_roles_check_takes_the_same_queries_for_5_rows_or_500(org: Org):
    def rows(n: int) -> str:
        return "job_family,title,level\n" + "".join(
            f"F{i % 4},Role {i},{i % 12 + 1}\n" for i in range(n)
        )

    RoleFactory(title="Role 1")
    with CaptureQueriesContext(connection) as few:
        plan("roles", rows(5))
    with CaptureQueriesContext(connection) as many:
        plan("roles", rows(500))

    assert len(few) == len(many) <= 2


# ---------------------------------------------------------------- requirements


@pytest.fixture
def catalogue(db: None) -> dict[str, object]:
    return {
        "engineer": RoleFactory(title="Data Engineer"),
        "analyst": RoleFactory(title="Analyst"),
        "sql": SkillFactory(name="SQL", synonyms=["Structured Query Language"]),
        "python": SkillFactory(name="Python"),
        "excel": SkillFactory(name="Excel", synonyms=["Sheets"]),
        "calc": SkillFactory(name="Calc", synonyms=["Sheets"]),
    }


REQUIREMENTS = (
    "role;skill;level;importance;weight\n"
    "data engineer;Structured Query Language;4;Essential;1,5\n"
    "Data Engineer;python;3;desirable;\n"
    "Analyst;SQL;Expert;;\n"
)


def test_it_creates_requirements_by_role_title_and_skill_name_or_synonym(org: Org, catalogue):
    job = check(org, "requirements", REQUIREMENTS)

    assert counts(job) == (3, 0, 0, 0)
    assert job.summary["samples"]["create"][0] == "Data Engineer: SQL at 4 (essential)"
    write(org, job)

    got = {
        (r.role.title, r.skill.name): (r.required_level, r.importance, r.weight)
        for r in RoleRequirement.objects.select_related("role", "skill")
    }
    assert got == {
        ("Data Engineer", "SQL"): (4, Importance.ESSENTIAL, Decimal("1.50")),
        ("Data Engineer", "Python"): (3, Importance.DESIRABLE, Decimal("1.00")),
        ("Analyst", "SQL"): (5, Importance.ESSENTIAL, Decimal("1.00")),  # the defaults
    }


def test_re_running_a_requirements_file_changes_nothing(org: Org, catalogue):
    imported(org, "requirements", REQUIREMENTS)

    again = imported(org, "requirements", REQUIREMENTS)

    assert counts(again) == (0, 0, 3, 0)
    assert RoleRequirement.objects.count() == 3


def test_a_requirement_is_updated_and_those_not_in_the_file_stay(org: Org, catalogue):
    engineer = catalogue["engineer"]
    kept = RoleRequirementFactory(role=engineer, skill=catalogue["excel"], required_level=2)
    changed = RoleRequirementFactory(
        role=engineer,
        skill=catalogue["sql"],
        required_level=2,
        importance=Importance.DESIRABLE,
        weight=Decimal("3"),
    )

    job = imported(org, "requirements", "role,skill,level\nData Engineer,SQL,4\n")

    assert counts(job) == (0, 1, 0, 0)
    changed.refresh_from_db()
    # Blank importance and weight keep what was there.
    assert (changed.required_level, changed.importance, changed.weight) == (
        4, Importance.DESIRABLE, Decimal("3.00")
    )  # fmt: skip
    assert RoleRequirement.objects.filter(pk=kept.pk, required_level=2).exists()


def test_every_bad_requirements_row_is_named_with_its_column_and_reason(org: Org, catalogue):
    text = (
        "role,skill,level,importance,weight\n"
        "Astronaut,SQL,3,,\n"  # 2
        "Analyst,Juggling,3,,\n"  # 3
        "Analyst,SQL,0,,\n"  # 4
        "Analyst,SQL,6,,\n"  # 5
        "Analyst,SQL,high,,\n"  # 6
        "Analyst,Python,3,critical,\n"  # 7
        "Analyst,Python,3,,0\n"  # 8
        "Analyst,Python,3,,11\n"  # 9
        "Analyst,Python,3,,1.234\n"  # 10
        "Analyst,Python,3,,heavy\n"  # 11
        "Analyst,Sheets,3,,\n"  # 12: a synonym of two skills
        "Analyst,Python,3,,\n"  # 13
        "analyst,python,4,,\n"  # 14: the same requirement again
        ",,,,\n"  # blank rows are skipped
        "Analyst,,,,\n"  # 16
    )

    job = check(org, "requirements", text)

    weight = "is not a number from 0.1 to 10 (at most 2 decimal places)."
    assert issues(job) == [
        (2, "role", "There is no role “Astronaut”: import it with the roles first."),
        (3, "skill", "There is no skill “Juggling” (by name or synonym)."),
        (4, "level", "“0” is a level off the scale: use 1 (Awareness) to 5 (Expert)."),
        (5, "level", "“6” is a level off the scale: use 1 (Awareness) to 5 (Expert)."),
        (6, "level", "“high” is a level off the scale: use 1 (Awareness) to 5 (Expert)."),
        (7, "importance", "“critical” is not an importance: use “Essential” or “Desirable”."),
        (8, "weight", f"“0” {weight}"),
        (9, "weight", f"“11” {weight}"),
        (10, "weight", f"“1.234” {weight}"),
        (11, "weight", f"“heavy” {weight}"),
        (12, "skill", "“Sheets” is a synonym of several skills (Calc, Excel): use the name."),
        (14, "skill", "Row 13 already gives Analyst the skill Python."),
        (16, "skill", "Give the skill: this column cannot be blank."),
        (16, "level", "Give the required level: this column cannot be blank."),
    ]
    assert not RoleRequirement.objects.exists()


def test_a_failure_while_writing_requirements_leaves_nothing(org: Org, catalogue):
    failing_insert("roles_rolerequirement", "required_level", "5")  # the last row: Analyst, SQL

    job = write(org, check(org, "requirements", REQUIREMENTS))

    assert job.status == JobStatus.FAILED
    assert not RoleRequirement.objects.exists()


def test_the_requirements_check_takes_the_same_queries_for_5_rows_or_500(org: Org):
    roles = [RoleFactory(title=f"Role {i}").title for i in range(50)]
    skills = [SkillFactory(name=f"Skill {i}").name for i in range(10)]

    def rows(n: int) -> str:
        return "role,skill,level\n" + "".join(
            f"{roles[i // 10]},{skills[i % 10]},{i % 5 + 1}\n" for i in range(n)
        )

    with CaptureQueriesContext(connection) as few:
        plan("requirements", rows(5))
    with CaptureQueriesContext(connection) as many:
        plan("requirements", rows(500))

    assert len(few) == len(many) <= 3
