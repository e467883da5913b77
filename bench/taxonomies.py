"""`python -m bench.taxonomies`: an ESCO import of the full size, check and write, timed.

Works in a database of its own beside the one in DATABASE_URL (its name plus
``_bench_taxonomies``, created and migrated if missing, emptied of the catalogue at the start of
every run), so nothing else is touched. It synthesises the five ESCO CSV files at the size of
ESCO 1.2 (14,000 skills with alternative labels in multi-line cells, 640 skill groups in four
levels, the broader relations, 3,000 occupations in 430 ISCO groups and 130,000
occupation-skill relations) into a .zip in memory, and runs it through the real services,
``job_create``, ``job_check``, ``job_confirm`` and ``job_write``, as the Celery tasks do:

1. the first import: every record new;
2. the same bundle again: nothing changes, nothing is written.

It prints the seconds and queries of each phase against the budget (check plus write within
five minutes: "minutes, not hours"). Results also go to bench/results/taxonomies.json.

    DATABASE_URL=... .venv/bin/python -m bench.taxonomies
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SKILLS = int(os.environ.get("BENCH_ESCO_SKILLS", "14000"))
OCCUPATIONS = int(os.environ.get("BENCH_ESCO_OCCUPATIONS", "3000"))
RELATIONS = int(os.environ.get("BENCH_ESCO_RELATIONS", "130000"))
GROUPS = 640
ISCO_GROUPS = 430
BUDGET_SECONDS = 300.0
SEED = 14_000
HR_EMAIL = "hr@taxonomies.bench.test"
SKILL = "http://data.europa.eu/esco/skill/"
WORDS = (
    "analyse",
    "apply",
    "assess",
    "build",
    "coordinate",
    "design",
    "develop",
    "ensure",
    "evaluate",
    "handle",
    "inspect",
    "maintain",
    "manage",
    "monitor",
    "operate",
    "perform",
    "plan",
    "prepare",
    "repair",
    "supervise",
    "test",
    "use",
    "write",
    "customer",
    "data",
    "safety",
    "quality",
    "equipment",
    "software",
    "food",
    "machinery",
    "budget",
    "team",
    "project",
    "chemical",
    "document",
    "vehicle",
    "patient",
    "product",
    "material",
    "report",
    "network",
    "legal",
    "energy",
)


def _setup() -> None:
    from bench.imports import own_database

    own_database("_bench_taxonomies")


def _reset() -> Any:
    from django.db import connection

    from apps.accounts.models import User

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE roles_rolerequirement, roles_roletransition, roles_role, roles_jobfamily, "
            "skills_skill, skills_skillcategory, imports_importjob CASCADE"
        )
    hr, _ = User.objects.get_or_create(email=HR_EMAIL, defaults={"name": "Bench HR"})
    return hr


def _label(rng: random.Random, n: int) -> str:
    return f"{' '.join(rng.sample(WORDS, 3))} {n}"


def _table(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


def esco_bundle() -> bytes:
    """Five CSV files the size of ESCO's, as a .zip."""
    rng = random.Random(SEED)  # noqa: S311 - bench data, not secrets
    group_uris = [f"{SKILL}S{n}" for n in range(GROUPS)]
    groups = [["SkillGroup", uri, f"group {_label(rng, n)}", "", "", "released", "", "", "",
               "A group of skills.", f"S{n}"] for n, uri in enumerate(group_uris)]  # fmt: skip
    broader = [["SkillGroup", uri, "SkillGroup", group_uris[(n - 1) // 4]]
               for n, uri in enumerate(group_uris) if n]  # fmt: skip
    skill_uris = [f"{SKILL}{n:08d}-0000-4000-8000-000000000000" for n in range(SKILLS)]
    skills = []
    for n, uri in enumerate(skill_uris):
        alt = "\n".join(_label(rng, n * 10 + k) for k in range(rng.randint(2, 9)))
        kind = "knowledge" if n % 3 == 0 else "skill/competence"
        skills.append(["KnowledgeSkillCompetence", uri, kind, "sector-specific", _label(rng, n),
                       alt, "", "released", "", "", "", "",
                       "What the skill covers, in a sentence or two."])  # fmt: skip
        if n % 5 == 0 and n:  # one skill in five sits under another skill
            broader.append(["KnowledgeSkillCompetence", uri, "KnowledgeSkillCompetence",
                            skill_uris[n - 1]])  # fmt: skip
        else:
            broader.append(["KnowledgeSkillCompetence", uri, "SkillGroup",
                            rng.choice(group_uris[GROUPS // 4 :])])  # fmt: skip
    occupation_uris = [f"http://data.europa.eu/esco/occupation/{n:08d}" for n in range(OCCUPATIONS)]
    occupations = [["Occupation", uri, f"{1000 + n % ISCO_GROUPS}", f"occupation {_label(rng, n)}",
                    "", "", "released", "", "", "", "", "", "What the occupation does.",
                    f"{1000 + n % ISCO_GROUPS}.{n}"]
                   for n, uri in enumerate(occupation_uris)]  # fmt: skip
    relations = []
    per_occupation = RELATIONS // OCCUPATIONS
    for uri in occupation_uris:
        for skill in rng.sample(skill_uris, per_occupation):
            kind = "essential" if rng.random() < 0.55 else "optional"
            relations.append([uri, kind, "skill/competence", skill])
    files = {
        "skillGroups_en.csv": _table(["conceptType", "conceptUri", "preferredLabel", "altLabels",
                                      "hiddenLabels", "status", "modifiedDate", "scopeNote",
                                      "inScheme", "description", "code"], groups),
        "skills_en.csv": _table(["conceptType", "conceptUri", "skillType", "reuseLevel",
                                 "preferredLabel", "altLabels", "hiddenLabels", "status",
                                 "modifiedDate", "scopeNote", "definition", "inScheme",
                                 "description"], skills),
        "broaderRelationsSkillPillar_en.csv": _table(["conceptType", "conceptUri", "broaderType",
                                                      "broaderUri"], broader),
        "occupations_en.csv": _table(["conceptType", "conceptUri", "iscoGroup", "preferredLabel",
                                      "altLabels", "hiddenLabels", "status", "modifiedDate",
                                      "regulatedProfessionNote", "scopeNote", "definition",
                                      "inScheme", "description", "code"], occupations),
        "occupationSkillRelations_en.csv": _table(["occupationUri", "relationType", "skillType",
                                                   "skillUri"], relations),
    }  # fmt: skip
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(f"ESCO dataset - v1.2.0 - classification - en - csv/{name}", data)
    return out.getvalue()


def _import(run: str, data: bytes, hr: Any, options: dict[str, Any]) -> dict[str, Any]:
    from bench.imports import checked_and_written

    job, times = checked_and_written(
        run, hr, kind="esco", file_name="esco.zip", data=data, options=options
    )
    s = job.summary
    return {
        "run": run,
        "bytes": len(data),
        "create": s["create"],
        "update": s["update"],
        "unchanged": s["unchanged"],
        "extra": s["extra"],
        **times,
        "ok": times["total_s"] <= BUDGET_SECONDS,
    }


def main() -> int:
    _setup()
    hr = _reset()
    data = esco_bundle()
    print(
        f"ESCO import bench: {SKILLS:,} skills, {GROUPS} groups, {OCCUPATIONS:,} occupations, "
        f"{RELATIONS:,} relations; zip {len(data) / 2**20:.1f} MB; budget {BUDGET_SECONDS:.0f} s"
        "\n"
    )
    print(f"{'run':<34}{'create/update/same':>22}{'check s':>9}{'q':>6}{'write s':>9}{'q':>6}"
          f"{'total':>8}  verdict")  # fmt: skip
    every = {"skills": "all"}
    results = []
    for run in ("first import, every skill", "the same bundle again"):
        result = _import(run, data, hr, every)
        results.append(result)
        counts = f"{result['create']}/{result['update']}/{result['unchanged']}"
        print(f"{run:<34}{counts:>22}{result['check_s']:>9.1f}{result['check_queries']:>6}"
              f"{result['write_s']:>9.1f}{result['write_queries']:>6}{result['total_s']:>8.1f}"
              f"  {'ok' if result['ok'] else 'OVER'}")  # fmt: skip
    print(f"\nfirst import: {results[0]['extra']}")
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "taxonomies.json").write_text(json.dumps(results, indent=2))
    return 0 if all(r["ok"] for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
