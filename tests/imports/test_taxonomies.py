"""Importing taxonomies: ESCO and O*NET bundles, career ladders (the samples in the repository,
with counts checked by hand: see apps/imports/samples/README.md)."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

from apps.imports import services
from apps.imports.kinds.esco import EscoOptions
from apps.imports.kinds.onet import OnetOptions, rescale_level
from apps.imports.kinds.taxonomy import clean_options, fit
from apps.imports.models import ImportJob, JobStatus
from apps.roles.models import Importance, JobFamily, Role, RoleRequirement, RoleTransition, Track
from apps.skills.models import Skill, SkillCategory
from apps.succession.models import AuditLog
from tests.conftest import Org
from tests.factories import RoleFactory, SkillCategoryFactory, SkillFactory

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).resolve().parents[2] / "apps" / "imports" / "samples"
ESCO_URI = "http://data.europa.eu/esco/"


def bundle(
    folder: str, *, drop: str = "", change: dict[str, str] | None = None, only: str = ""
) -> bytes:
    """The sample's files in a .zip (in a folder, as the downloads have them), one left out
    or with some text replaced (in every file, or ``only`` that one)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted((SAMPLES / folder).iterdir()):
            if path.name == drop or path.suffix not in (".csv", ".txt"):
                continue
            text = path.read_text(encoding="utf-8")
            for old, new in (change or {}).items() if not only or only == path.name else ():
                text = text.replace(old, new)
            archive.writestr(f"{folder}_download/{path.name}", text)
    return out.getvalue()


def check(org: Org, kind: str, data: bytes, name: str = "bundle.zip", **options: Any) -> ImportJob:
    job = services.job_create(kind=kind, file_name=name, data=data, actor=org.hr_user,
                              options=options, enqueue=False)  # fmt: skip
    return services.job_check(job.pk)


def write(org: Org, job: ImportJob) -> ImportJob:
    assert job.status == JobStatus.READY, (job.message, list(job.issues.values_list("message")))
    services.job_confirm(job=job, actor=org.hr_user, enqueue=False)
    job = services.job_write(job.pk)
    assert job.status == JobStatus.DONE, job.message
    return job


def counts(job: ImportJob) -> tuple[int, int, int, int]:
    s = job.summary
    return s["create"], s["update"], s["unchanged"], s["errors"]


def requirement(role: str, skill: str) -> tuple[int, str]:
    found = RoleRequirement.objects.get(role__title=role, skill__name=skill)
    return found.required_level, found.importance


# ---------------------------------------------------------------- ESCO


def test_the_esco_sample_is_mapped_as_expected(org: Org):
    job = check(org, "esco", bundle("esco"))

    assert counts(job) == (36, 0, 0, 0)
    assert job.summary["extra"] == {
        "job families to create": 3,
        "categories to create": 8,
        "skills to create": 9,
        "skills: names shortened to 120 characters": 1,
        "synonyms left out (another skill's name, or too long)": 1,
        "roles to create": 3,
        "requirements to create": 13,
    }
    assert not Skill.objects.exists()  # nothing before HR confirms
    write(org, job)

    # The group hierarchy, with the second of two groups of the same label told apart.
    icts = SkillCategory.objects.get(name="information and communication technologies (icts)")
    assert icts.parent.name == "knowledge"
    assert icts.source_uri == f"{ESCO_URI}isced-f/06"
    narrow = SkillCategory.objects.get(source_uri=f"{ESCO_URI}isced-f/061")
    assert (narrow.name, narrow.parent) == (f"{icts.name} (061)", icts)
    assert SkillCategory.objects.get(name="programming computer systems").parent.name == (
        "working with computers"
    )
    # Skills: alternative labels are synonyms (one that is another skill's name is left out);
    # a skill under a skill takes its group; one without a group goes in the catch-all.
    code = Skill.objects.get(name="write computer code")
    assert code.synonyms == ["program computers", "write code"]
    assert code.category.name == "programming computer systems"
    assert Skill.objects.get(name="debug software").category == code.category
    assert Skill.objects.get(name="manage a team").category.name == "ESCO skills without a group"
    sql = Skill.objects.get(name="SQL")
    assert (sql.category, sql.synonyms) == (narrow, ["structured query language"])
    assert sql.source_uri.startswith(f"{ESCO_URI}skill/")
    long = Skill.objects.get(name__startswith="adapt communication style")
    assert len(long.name) <= 120
    assert long.name.endswith(", colleagues…")  # cut at a word, within the limit
    # Occupations are roles in the family of their ISCO group, with their skills.
    developer = Role.objects.get(title="software developer")
    assert developer.family.name == "Software developers"
    assert developer.family.source_uri == f"{ESCO_URI}isco/C2512"
    assert developer.summary.startswith("Software developers implement")
    assert (developer.level, developer.track, developer.is_key_position) == (1, Track.INDIVIDUAL,
                                                                            False)  # fmt: skip
    assert developer.requirements.count() == 5
    assert requirement("software developer", "SQL") == (3, Importance.ESSENTIAL)
    assert requirement("software developer", "use spreadsheets software") == (
        2,
        Importance.DESIRABLE,
    )
    assert Role.objects.get(title="sales manager").requirements.count() == 5
    assert AuditLog.objects.filter(summary__startswith="Imported bundle.zip").count() == 1


def test_re_importing_esco_changes_nothing(org: Org):
    write(org, check(org, "esco", bundle("esco")))

    again = check(org, "esco", bundle("esco"))

    assert counts(again) == (0, 0, 36, 0)
    write(org, again)
    assert (Skill.objects.count(), SkillCategory.objects.count(), Role.objects.count()) == (9, 8, 3)
    assert RoleRequirement.objects.count() == 13


def test_esco_subset_by_isco_group_and_the_options(org: Org):
    job = check(org, "esco", bundle("esco"), isco_group="25", include_optional=False,
                essential_level=4)  # fmt: skip
    write(org, job)

    assert set(Role.objects.values_list("title", flat=True)) == {
        "software developer",
        "ICT application developer",
    }
    # Only essential skills of the two: 2, 3, 4, 5 and 4 again.
    assert set(Skill.objects.values_list("name", flat=True)) == {
        "Python (computer programming)",
        "SQL",
        "write computer code",
        "debug software",
    }
    assert set(RoleRequirement.objects.values_list("required_level", "importance")) == {
        (4, Importance.ESSENTIAL)
    }
    assert RoleRequirement.objects.count() == 5

    every = check(org, "esco", bundle("esco"), isco_group="2514", skills="all")
    assert every.summary["extra"]["skills to create"] == 5  # the nine, less the four in already
    assert every.summary["extra"]["requirements to create"] == 2  # the optional ones now


def test_an_existing_record_is_matched_by_name_and_keeps_what_hr_set(org: Org):
    mine = SkillFactory(name="sql", description="Ours.")
    python = SkillFactory(name="Python (computer programming)", source_uri="elsewhere:python")
    RoleFactory(title="Sales Manager", level=7, is_key_position=True)
    write(org, check(org, "esco", bundle("esco")))

    mine.refresh_from_db()
    assert mine.source_uri.startswith(f"{ESCO_URI}skill/")  # adopted: the URI recorded
    assert (mine.name, mine.description) == ("sql", "The computer language SQL for querying "
                                                    "databases.")  # fmt: skip
    # A record from another source keeps its name; ESCO's skill is told apart.
    python.refresh_from_db()
    assert python.source_uri == "elsewhere:python"
    assert Skill.objects.get(name="Python (computer programming) (knowledge)").source_uri
    manager = Role.objects.get(title="Sales Manager")
    assert (manager.level, manager.is_key_position, manager.requirements.count()) == (7, True, 5)

    # HR sets a level; the next import keeps it, and follows ESCO's importance.
    found = RoleRequirement.objects.get(role=manager, skill__name="team building")
    found.required_level = 5
    found.save()
    team_building = (
        '"skill/competence","http://data.europa.eu/esco/skill/00000000-0000-4000-8000-000000000008"'
    )
    changed = bundle(
        "esco",
        change={f'"essential",{team_building}': f'"optional",{team_building}'},
        only="occupationSkillRelations_en.csv",
    )
    job = write(org, check(org, "esco", changed))
    assert counts(job)[:2] == (0, 1)
    assert requirement("Sales Manager", "team building") == (5, Importance.DESIRABLE)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (bundle("esco", drop="occupations_en.csv"), "The archive lacks occupations_en.csv."),
        (
            bundle("esco", change={'"conceptUri","iscoGroup"': '"uri","iscoGroup"'}),
            "occupations_en.csv lacks the column conceptUri: upload the files as published, "
            "unchanged.",
        ),
        (b"skills_en.csv,not a zip", "Upload the files as one .zip archive."),
    ],
)
def test_a_bad_esco_bundle_is_refused_with_a_plain_message(org: Org, data: bytes, message: str):
    job = check(org, "esco", data)

    assert (job.status, job.message) == (JobStatus.FAILED, message)
    assert not Skill.objects.exists()


def test_a_relation_to_an_unknown_skill_and_bad_options_are_refused(org: Org):
    broken = bundle("esco", change={"8000-000000000009": "8000-000000000099"},
                    only="occupationSkillRelations_en.csv")  # fmt: skip
    job = check(org, "esco", broken)
    assert job.status == JobStatus.INVALID
    (issue,) = job.issues.all()
    assert (issue.row, issue.column) == (13, "occupationSkillRelations_en.csv: skillUri")
    assert "is not in skills_en.csv" in issue.message

    nothing = check(org, "esco", bundle("esco"), isco_group="99")
    assert [i.message for i in nothing.issues.all()] == [
        "No occupation is in the ISCO groups chosen."
    ]
    bad = check(org, "esco", bundle("esco"), essential_level=9)
    assert bad.status == JobStatus.FAILED
    assert bad.message.startswith("The import's options are not valid. Level for an essential")


def failing_insert(table: str, column: str, value: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION refuse_row() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$"
        )
        cursor.execute(
            f"CREATE TRIGGER refuse_row BEFORE INSERT OR UPDATE ON {table} FOR EACH ROW "
            f"WHEN (NEW.{column}::text = '{value}') EXECUTE FUNCTION refuse_row()"
        )


def test_a_failure_late_in_the_write_leaves_nothing(org: Org):
    job = check(org, "esco", bundle("esco"))
    failing_insert("roles_rolerequirement", "importance", "desirable")  # the last table
    services.job_confirm(job=job, actor=org.hr_user, enqueue=False)

    job = services.job_write(job.pk)

    assert job.status == JobStatus.FAILED
    assert not Skill.objects.exists()
    assert not SkillCategory.objects.exists()
    assert not Role.objects.exists()
    assert not AuditLog.objects.exists()


# ---------------------------------------------------------------- O*NET


def test_onet_levels_are_rescaled_from_0_7_to_1_5():
    assert [rescale_level(lv) for lv in (0, 0.87, 1.75, 2.62, 3.5, 4.37, 5.25, 6.12, 7)] == [
        1, 1, 2, 2, 3, 3, 4, 4, 5,
    ]  # fmt: skip
    assert rescale_level(0.875) == 2  # 1.5: halves round up
    assert rescale_level(9) == 5


def test_the_onet_sample_is_mapped_as_expected(org: Org):
    job = check(org, "onet", bundle("onet"))

    assert counts(job) == (33, 0, 0, 0)
    assert job.summary["extra"] == {
        "ratings left out: below the minimum importance": 4,
        "ratings left out: recommended for suppression": 1,
        "ratings left out: level not relevant": 1,
        "job families to create": 2,
        "categories to create": 9,
        "skills to create": 7,
        "roles to create": 3,
        "requirements to create": 12,
    }
    write(org, job)

    developer = Role.objects.get(title="Software Developers")
    assert developer.family.name == "Computer and Mathematical Occupations"
    assert developer.source_uri == "https://www.onetonline.org/link/summary/15-1252.00"
    assert requirement("Software Developers", "Programming") == (4, Importance.ESSENTIAL)
    assert requirement("Software Developers", "Mathematics") == (3, Importance.DESIRABLE)
    assert requirement("Software Developers", "Mathematics (knowledge)") == (
        3,
        Importance.DESIRABLE,
    )
    assert requirement("Computer Systems Analysts", "Programming") == (3, Importance.DESIRABLE)
    assert requirement("Computer Systems Analysts", "Computers and Electronics") == (
        5,
        Importance.ESSENTIAL,
    )
    # Suppressed, not relevant and unimportant ratings are no requirements.
    analyst = set(
        RoleRequirement.objects.filter(role__title="Computer Systems Analysts").values_list(
            "skill__name", flat=True
        )
    )
    assert analyst == {"Reading Comprehension", "Programming", "Computers and Electronics"}
    assert Skill.objects.get(name="Programming").category.parent.name == "Cross-functional skills"
    assert Skill.objects.get(name="Sales and Marketing").source_uri == "onet:element/2.C.1.e"


def test_re_importing_onet_changes_nothing_and_a_new_release_updates(org: Org):
    write(org, check(org, "onet", bundle("onet")))

    assert counts(check(org, "onet", bundle("onet"))) == (0, 0, 33, 0)

    newer = bundle("onet", change={"Programming\tLV\t5.88": "Programming\tLV\t7.00"})
    job = write(org, check(org, "onet", newer))
    assert counts(job) == (0, 1, 32, 0)
    assert requirement("Software Developers", "Programming") == (5, Importance.ESSENTIAL)


def test_onet_subset_and_minimum_importance(org: Org):
    job = check(org, "onet", bundle("onet"), soc_prefix="15-", min_importance=4)
    write(org, job)

    assert set(Role.objects.values_list("title", flat=True)) == {
        "Software Developers",
        "Computer Systems Analysts",
    }
    assert set(RoleRequirement.objects.values_list("role__title", "skill__name")) == {
        ("Software Developers", "Reading Comprehension"),
        ("Software Developers", "Programming"),
        ("Software Developers", "Computers and Electronics"),
        ("Computer Systems Analysts", "Reading Comprehension"),
        ("Computer Systems Analysts", "Computers and Electronics"),
    }
    assert JobFamily.objects.count() == 1


def test_a_bad_onet_bundle_is_refused(org: Org):
    missing = check(org, "onet", bundle("onet", drop="Knowledge.txt"))
    assert missing.message == "The archive lacks Knowledge.txt."
    wrong = check(org, "onet", bundle("onet", change={"Recommend Suppress": "Suppress"}))
    assert wrong.message == (
        "Skills.txt lacks the column Recommend Suppress: upload the files as published, unchanged."
    )


# ---------------------------------------------------------------- career ladders


def ladder(name: str) -> bytes:
    return (SAMPLES / "ladder" / name).read_bytes()


@pytest.mark.parametrize("name", ["engineering-ladder.yaml", "engineering-ladder.json"])
def test_a_career_ladder_becomes_roles_promotions_and_requirements(org: Org, name: str):
    job = check(org, "ladder", ladder(name), name=name)

    assert counts(job) == (32, 0, 0, 0)
    write(org, job)

    senior = Role.objects.get(title="Senior Software Engineer")
    assert (senior.family.name, senior.level, senior.track) == ("Software engineering", 3, "ic")
    assert senior.responsibility_list == [
        "Code quality: Sets the standards of quality the team follows.",
        "Delivery: Delivers projects of several people on time.",
        "Mentoring: Mentors engineers on the team.",
    ]
    # Criteria alone: the level's place in the track, 1-5; numbers given win.
    assert [requirement(title, "Code quality")[0] for title in (
        "Software Engineer I", "Software Engineer II", "Senior Software Engineer",
        "Staff Software Engineer")] == [1, 2, 4, 5]  # fmt: skip
    assert requirement("Senior Software Engineer", "Delivery") == (3, Importance.ESSENTIAL)
    assert requirement("Senior Software Engineer", "Mentoring") == (4, Importance.DESIRABLE)
    assert requirement("Engineering Manager", "Mentoring") == (4, Importance.ESSENTIAL)
    assert Role.objects.get(title="Engineering Manager").track == Track.MANAGER
    assert Skill.objects.get(name="Hiring").category.name == "People"
    assert set(RoleTransition.objects.values_list("from_role__title", "to_role__title",
                                                  "kind", "typical_months")) == {
        ("Software Engineer I", "Software Engineer II", "promotion", 18),
        ("Software Engineer II", "Senior Software Engineer", "promotion", 24),
        ("Senior Software Engineer", "Staff Software Engineer", "promotion", 30),
        ("Engineering Manager", "Director of Engineering", "promotion", 36),
    }  # fmt: skip

    again = check(org, "ladder", ladder(name), name=name)
    assert counts(again)[:2] == (0, 0)
    assert counts(again)[2] > 0


def test_a_ladder_matches_existing_roles_and_skills_by_name(org: Org):
    RoleFactory(title="staff software engineer", level=9)
    coding = SkillFactory(name="code quality", category=SkillCategoryFactory(name="Mine"))
    job = write(org, check(org, "ladder", ladder("engineering-ladder.json"), name="l.json"))

    # Five roles, three skills, two categories ("Craft" is not needed), 13 requirements, four
    # promotions, two families to create; the staff engineer to update.
    assert counts(job)[:2] == (29, 1)
    staff = Role.objects.get(title__iexact="staff software engineer")
    assert (staff.level, staff.family.name) == (4, "Software engineering")
    coding.refresh_from_db()
    assert coding.category.name == "Mine"  # a skill the ladder names is not moved
    assert Skill.objects.count() == 4


@pytest.mark.parametrize(
    ("document", "column", "message"),
    [
        ({"tracks": []}, "tracks", "Give a list here (at least one item)."),
        (
            {"tracks": [{"name": "A", "levels": [{"title": "X"}, {"title": "x"}]}]},
            "tracks[0].levels[1].title",
            "tracks[0].levels[0] has the title “x” already: each level is its own role.",
        ),
        (
            {"tracks": [{"name": "A", "levels": [{"title": "X", "level": 13}]}]},
            "tracks[0].levels[0].level",
            "Write a whole number from 1 to 12.",
        ),
        (
            {"tracks": [{"name": "A", "levels": [{"key": "1", "title": "X"}],
                         "competencies": [{"name": "C", "levels": {"1": 6}}]}]},
            "tracks[0].competencies[0].levels.1",
            "Write a whole number from 1 to 5.",
        ),
    ],
)  # fmt: skip
def test_a_ladder_that_does_not_fit_is_refused_with_where(org, document, column, message):
    job = check(org, "ladder", json.dumps(document).encode(), name="ladder.json")

    assert job.status == JobStatus.INVALID
    assert [(i.row, i.column, i.message) for i in job.issues.all()] == [(0, column, message)]
    assert not Role.objects.exists()


def test_an_unreadable_ladder_fails_with_the_reason(org: Org):
    assert check(org, "ladder", b"{not json", name="l.json").message.startswith(
        "The JSON cannot be read"
    )
    assert check(org, "ladder", b"a: [b", name="l.yaml").message.startswith(
        "The YAML cannot be read"
    )


def test_names_are_shortened_at_a_word_boundary():
    assert fit("manage a very large team", 15) == "manage a very…"
    assert fit("short", 15, " (k)") == "short (k)"
    assert fit("abcdefghijklmnopqrstuvwxyz", 10) == "abcdefghi…"


def test_options_from_the_command_line_are_read_by_the_kinds_form(org: Org, tmp_path: Path):
    path = tmp_path / "esco.zip"
    path.write_bytes(bundle("esco"))
    out = io.StringIO()

    call_command("import_data", "esco", str(path), "--write", "--option", "isco_group=1221",
                 "--option", "include_optional=false", stdout=out)  # fmt: skip

    assert list(Role.objects.values_list("title", flat=True)) == ["sales manager"]
    assert RoleRequirement.objects.count() == 4  # the optional skill left out
    assert "Imported" in out.getvalue()


def test_the_options_a_job_keeps_are_plain_json():
    for form in (EscoOptions, OnetOptions):
        options = clean_options(form, {})
        assert json.loads(json.dumps(options)) == options
