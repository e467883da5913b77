"""Personas and the shared plumbing of the suite.

The org used by the personas::

    director ── manager ── employee
             │          └─ teammate
    other_manager ── other_employee          (another team)
    hr (HR group, no reports)   nobody (a user with no employee record)   anonymous
"""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import translation

from apps.accounts.models import User
from apps.employees.models import Department, Employee
from tests.factories import PASSWORD, UserFactory, make_employee, make_hr

IN_CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM = "/usr/bin/chromium"


def require(condition: bool, reason: str) -> None:
    """Skip when a real dependency is missing locally; in CI a missing one is a failure."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"CI=true but {reason}")
    pytest.skip(reason)


# A German browser: the pages' German is tested with these (tests/*/test_german.py).
GERMAN = {"accept-language": "de"}


def german(client: Client, url: str) -> str:
    """The page at ``url`` as a German browser gets it (200, or the test fails)."""
    page = client.get(url, headers=GERMAN)
    assert page.status_code == 200, url
    return page.content.decode()


@pytest.fixture(autouse=True)
def _english_after_each_test() -> Iterator[None]:
    # A German request (or translation.activate) leaves its language active in the worker's
    # thread; the next test starts from the default again.
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _test_settings(settings: Any) -> None:
    # A fast hasher: the suite creates many users; real hashing is Django's own business.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # HR personas sign in with a password only; tests/accounts/test_hr_mfa.py turns it on.
    settings.HR_MFA_REQUIRED = False
    # No collectstatic before tests: serve files from the finders, without the manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@dataclass
class Org:
    director: Employee
    manager: Employee
    employee: Employee
    teammate: Employee
    other_manager: Employee
    other_employee: Employee
    hr_user: User
    nobody: User


def ensure_reference_data() -> None:
    """Rows that migrations create and that a transactional test's flush wipes out."""
    from importlib import import_module

    from django.contrib.auth.models import Group

    from apps.accounts.models import HR_GROUP
    from apps.skills.models import ProficiencyLevel

    scale = import_module("apps.skills.migrations.0002_proficiency_scale")
    for level, name, descriptor in scale.LEVELS:
        ProficiencyLevel.objects.get_or_create(
            level=level, defaults={"name": name, "descriptor": descriptor}
        )
    Group.objects.get_or_create(name=HR_GROUP)


@pytest.fixture
def org(db: None) -> Org:
    ensure_reference_data()
    dept = Department.objects.create(name="Customer Support")
    other_dept = Department.objects.create(name="Engineering")

    def person(label: str, manager: Employee | None, department: Department) -> Employee:
        user = UserFactory(email=f"{label}@example.com", name=label.replace("_", " ").title())
        return make_employee(manager=manager, user=user, name=user.name, department=department)

    director = person("director", None, dept)
    manager = person("manager", director, dept)
    employee = person("employee", manager, dept)
    teammate = person("teammate", manager, dept)
    other_manager = person("other_manager", None, other_dept)
    other_employee = person("other_employee", other_manager, other_dept)
    hr_user = make_hr(UserFactory(email="hr@example.com", name="Hilary HR"))
    nobody = UserFactory(email="nobody@example.com", name="No Record")
    return Org(
        director, manager, employee, teammate, other_manager, other_employee, hr_user, nobody
    )


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


PERSONAS = (
    "anonymous",
    "nobody",
    "employee",
    "teammate",
    "manager",
    "director",
    "other_employee",
    "hr",
)


def persona_user(org: Org, persona: str) -> User | None:
    if persona == "anonymous":
        return None
    if persona == "hr":
        return org.hr_user
    if persona == "nobody":
        return org.nobody
    employee: Employee = getattr(org, persona)
    assert employee.user is not None
    return employee.user


@pytest.fixture
def login_password() -> str:
    return PASSWORD


@pytest.fixture
def redis_url() -> str:
    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379), 1):
            pass
    except OSError:
        require(False, f"no Redis answers at {url}")
    return url


@pytest.fixture(scope="session")
def chromium_path() -> str:
    require(shutil.which(CHROMIUM) is not None, f"no browser at {CHROMIUM}")
    return CHROMIUM


@pytest.fixture
def eager_tasks() -> Any:
    """Run Celery tasks in-process (the Redis path has its own end-to-end test)."""
    from careermap.celery import app

    app.conf.task_always_eager = True
    yield app
    app.conf.task_always_eager = False
