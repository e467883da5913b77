"""`manage.py seed_demo [--employees N]`: the demo organisation, or a large one too."""

from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from apps.demo import large, seeding


class Command(BaseCommand):
    help = (
        "Load the demo organisation (about 60 people, roles, skills, ratings and the demo "
        "logins). Safe to run again: only what is missing is added. --employees N also "
        "generates N people under the demo CEO for benchmarks."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--employees",
            type=int,
            default=0,
            metavar="N",
            help="also generate N people (person000001@large.careermap.test ...) for benchmarks",
        )

    def handle(self, *args: Any, employees: int, **options: Any) -> None:
        if employees < 0:
            raise CommandError("--employees must be zero or more")
        started = time.monotonic()
        seeding.demo_seed(log=self.stdout.write)
        if employees:
            large.large_org_seed(employees=employees, log=self.stdout.write)
        self.stdout.write("Database now holds:")
        for name, count in seeding.counts().items():
            self.stdout.write(f"  {name:<18} {count:>8}")
        self.stdout.write(
            self.style.SUCCESS(f"seed_demo done in {time.monotonic() - started:.1f}s")
        )
