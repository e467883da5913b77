"""The import pipeline with a small kind of its own: check, confirm, write, all or nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from apps.imports import services
from apps.imports.kinds import KINDS
from apps.imports.kinds.base import Column, Kind, Plan, Progress
from apps.imports.models import ImportJob, JobStatus
from apps.skills.models import SkillCategory
from apps.succession.models import AuditLog
from careermap.tabular import Table
from tests.conftest import Org

pytestmark = pytest.mark.django_db


class Categories(Kind):
    """Skill categories by name: the simplest kind there is."""

    key, label, description = "test-categories", "Test categories", "Names of categories."
    columns = (Column("name", "The category's name.", "Data", required=True),)
    fail_after: int | None = None

    def plan(self, source: Table, *, options: dict[str, Any], full_sync: bool,
             progress: Progress) -> Plan:  # fmt: skip
        plan = Plan(changes=[])
        existing = set(SkillCategory.objects.values_list("name", flat=True))
        progress.phase("Checking", len(source.rows))
        for row in source.rows:
            name = row.get("name")
            if name.startswith("!"):
                plan.refuse(row.number, "name", "A name cannot start with “!”.")
            elif name in existing:
                plan.unchanged += 1
            else:
                plan.create += 1
                plan.changes.append(name)
            progress.advance()
        return plan

    def apply(self, plan: Plan, *, actor: Any, options: dict[str, Any],
              progress: Progress) -> None:  # fmt: skip
        for n, name in enumerate(plan.changes):
            if self.fail_after is not None and n == self.fail_after:
                raise RuntimeError("the database went away")
            SkillCategory.objects.create(name=name)


@pytest.fixture
def kind(monkeypatch: pytest.MonkeyPatch) -> Categories:
    kind = Categories()
    monkeypatch.setitem(KINDS, kind.key, kind)
    return kind


def _job(data: bytes, org: Org, name: str = "categories.csv") -> ImportJob:
    job = services.job_create(
        kind="test-categories", file_name=name, data=data, actor=org.hr_user, enqueue=False
    )
    return services.job_check(job.pk)


def test_a_good_file_is_checked_then_written_with_an_audit_row(org: Org, kind: Categories):
    SkillCategory.objects.create(name="Old")
    job = _job(b"name\nData\nOld\nPeople\n", org)

    assert job.status == JobStatus.READY
    assert (job.summary["create"], job.summary["unchanged"], job.summary["errors"]) == (2, 1, 0)
    assert not SkillCategory.objects.filter(name="Data").exists()  # nothing before confirming

    services.job_confirm(job=job, actor=org.hr_user, enqueue=False)
    job = services.job_write(job.pk)

    assert job.status == JobStatus.DONE
    assert set(SkillCategory.objects.values_list("name", flat=True)) == {"Old", "Data", "People"}
    entry = AuditLog.objects.get(object_id=str(job.public_id))
    assert entry.actor == org.hr_user
    assert entry.summary == (
        "Imported categories.csv (Test categories): 2 created, 0 updated, 1 unchanged"
    )


def test_problems_are_kept_row_by_row_and_block_the_import(org: Org, kind: Categories):
    job = _job(b"name\nData\n!bad\n", org)

    assert job.status == JobStatus.INVALID
    assert [(i.row, i.column, i.message) for i in job.issues.all()] == [
        (3, "name", "A name cannot start with “!”.")
    ]
    with pytest.raises(ValidationError):
        services.job_confirm(job=job, actor=org.hr_user, enqueue=False)


def test_a_failure_during_the_write_leaves_nothing(org: Org, kind: Categories):
    kind.fail_after = 2
    job = _job(b"name\nA\nB\nC\nD\n", org)
    services.job_confirm(job=job, actor=org.hr_user, enqueue=False)

    job = services.job_write(job.pk)

    assert job.status == JobStatus.FAILED
    assert "nothing was changed" in job.message
    assert not SkillCategory.objects.exists()
    assert not AuditLog.objects.exists()


def test_the_write_checks_again_against_the_database_as_it_is_then(org: Org, kind: Categories):
    job = _job(b"name\nData\n", org)
    services.job_confirm(job=job, actor=org.hr_user, enqueue=False)
    SkillCategory.objects.create(name="Data")  # someone added it meanwhile

    job = services.job_write(job.pk)

    assert job.status == JobStatus.DONE
    assert job.summary["unchanged"] == 1
    assert SkillCategory.objects.filter(name="Data").count() == 1


def test_an_unreadable_file_fails_with_the_reason(org: Org, kind: Categories):
    job = _job(b"\xff\xfename\nData\n", org)

    assert job.status == JobStatus.FAILED
    assert job.message.startswith("The file is not UTF-8 text")


def test_a_missing_required_column_is_named(org: Org, kind: Categories):
    job = _job(b"title\nData\n", org)

    assert job.status == JobStatus.FAILED
    assert job.message == (
        "The file lacks the required column name. Download the template to see every column."
    )


def test_it_refuses_an_empty_file_an_unknown_kind_and_full_sync_for_this_kind(org, kind):
    cases = [
        ({"kind": "test-categories", "data": b""}, "file"),
        ({"kind": "nonsense", "data": b"name\nA\n"}, "kind"),
        ({"kind": "test-categories", "data": b"name\nA\n", "full_sync": True}, "full_sync"),
    ]
    for fields, field_name in cases:
        with pytest.raises(ValidationError) as refused:
            services.job_create(file_name="x.csv", actor=org.hr_user, enqueue=False, **fields)
        assert field_name in refused.value.message_dict
    assert not ImportJob.objects.exists()


def test_a_job_is_checked_and_written_once(org: Org, kind: Categories):
    job = _job(b"name\nData\n", org)
    services.job_confirm(job=job, actor=org.hr_user, enqueue=False)
    services.job_write(job.pk)

    again = services.job_write(job.pk)  # a redelivered task

    assert again.status == JobStatus.DONE
    assert SkillCategory.objects.filter(name="Data").count() == 1
    assert services.job_check(job.pk).status == JobStatus.DONE
