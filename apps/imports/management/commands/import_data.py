"""`manage.py import_data KIND FILE`: check a file as the HR pages do, and with --write import it.

The same pipeline as the pages (a job, the check, the all-or-nothing write, the audit row), run
in this process instead of a worker. Problems are printed with their row, column and reason.
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from apps.accounts.models import User
from apps.imports import services
from apps.imports.kinds import KINDS
from apps.imports.models import ImportJob, JobStatus

SHOWN_ISSUES = 50


class Command(BaseCommand):
    help = "Check (and with --write, import) an organisation or taxonomy file."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("kind", choices=sorted(KINDS), help="what the file holds")
        parser.add_argument("file", type=Path, help="a CSV or XLSX file, or a .zip for bundles")
        parser.add_argument("--write", action="store_true", help="import it if it has no problem")
        parser.add_argument("--full-sync", action="store_true", help="missing people leave")
        parser.add_argument("--as", dest="actor", metavar="EMAIL", help="who the audit log names")
        parser.add_argument(
            "--option", action="append", default=[], metavar="NAME=VALUE",
            help="a kind's option, e.g. --option isco_group=2512",
        )  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        actor = self._actor(options["actor"])
        try:
            job = services.job_create(
                kind=options["kind"],
                file_name=path.name,
                data=path.read_bytes(),
                actor=actor,
                full_sync=options["full_sync"],
                options=_options(options["option"]),
                enqueue=False,
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        job = services.job_check(job.pk)
        self._report(job)
        if options["write"] and job.status == JobStatus.READY:
            services.job_confirm(job=job, actor=actor, enqueue=False)
            job = services.job_write(job.pk)
            self._report(job)
        if job.status not in (JobStatus.READY, JobStatus.DONE):
            raise CommandError(f"Not imported: {job.get_status_display().lower()}.")

    def _actor(self, email: str | None) -> User | None:
        if not email:
            return None
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No user {email}")
        return user

    def _report(self, job: ImportJob) -> None:
        self.stdout.write(f"{job.file_name}: {job.get_status_display()}")
        if job.message:
            self.stdout.write(f"  {job.message}")
        summary = job.summary
        for key in ("create", "update", "unchanged", "leave", "errors"):
            if key in summary:
                self.stdout.write(f"  {key:<10} {summary[key]:>8}")
        for label, count in summary.get("extra", {}).items():
            self.stdout.write(f"  {label}: {count}")
        for issue in job.issues.all()[:SHOWN_ISSUES]:
            self.stdout.write(f"  row {issue.row}, {issue.column or 'file'}: {issue.message}")


def _options(pairs: list[str]) -> dict[str, str]:
    found = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep:
            raise CommandError(f"--option takes NAME=VALUE, not {pair!r}")
        found[name.strip()] = value.strip()
    return found
