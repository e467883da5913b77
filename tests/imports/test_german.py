"""Imports speak German (issue 15): the upload page's column descriptions, and a checked
file's reasons and counts. The reasons are stored as text in the uploader's language (the
check runs in a worker, not in a request); the counts are named when the page renders."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from apps.imports import services
from apps.imports.models import ImportJob, JobStatus
from tests.conftest import Org, client_for

pytestmark = pytest.mark.django_db

GERMAN = {"accept-language": "de"}


@pytest.fixture(autouse=True)
def _english_afterwards() -> Iterator[None]:
    """A German request leaves German active in this thread; code after it must not see it."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def checked(org: Org, text: str, kind: str, *, language: str) -> ImportJob:
    org.hr_user.language = language
    org.hr_user.save(update_fields=["language"])
    job = services.job_create(
        kind=kind, file_name=f"{kind}.csv", data=text.encode(), actor=org.hr_user, enqueue=False
    )
    return services.job_check(job.pk)


def german_page(job: ImportJob) -> str:
    response = client_for(job.created_by).get(
        reverse("imports:job", args=[job.public_id]), headers=GERMAN
    )
    assert response.status_code == 200
    return response.content.decode()


def test_the_upload_page_describes_the_columns_in_german(org: Org) -> None:
    client: Client = client_for(org.hr_user)
    html = client.get(reverse("imports:index"), headers=GERMAN).content.decode()
    assert "Die ID der Person in Ihrem HR-System." in html
    assert "Die Jobfamilie der Rolle; eine neue wird angelegt." in html


def test_a_refused_employee_row_gives_its_reasons_in_german(org: Org) -> None:
    job = checked(
        org,
        "external_id,full_name,work_email\nE1,,not-an-email\n",
        "employees",
        language="de",
    )
    assert job.status == JobStatus.INVALID
    html = german_page(job)
    assert "„not-an-email“ ist keine E-Mail-Adresse." in html
    assert "Der vollständige Name fehlt." in html


def test_a_refused_choice_and_a_blank_required_cell_are_whole_german_sentences(org: Org) -> None:
    job = checked(org, "job_family,title,track\nEngineering,,astronaut\n", "roles", language="de")
    reasons = list(job.issues.values_list("message", flat=True))
    assert "Geben Sie den Titel der Rolle an: Diese Spalte darf nicht leer sein." in reasons
    track = next(reason for reason in reasons if "astronaut" in reason)
    assert track.startswith("„astronaut“ ist kein Laufbahnpfad: Verwenden Sie „")
    assert " oder „" in track


def test_a_choice_may_be_written_in_english_by_a_german_uploader(org: Org) -> None:
    job = checked(
        org,
        "job_family,title,track\nEngineering,Data Engineer,Individual contributor\n",
        "roles",
        language="de",
    )
    assert job.status == JobStatus.READY


def test_the_counts_are_named_in_the_readers_language(org: Org) -> None:
    job = checked(
        org,
        "external_id,full_name,work_email,department\nE1,Ana Silva,ana@example.com,Brand New\n",
        "employees",
        language="",  # checked in English: the counts are keys, named when the page renders
    )
    assert job.summary["extra"] == {"departments to create": 1}
    html = german_page(job)
    assert "Anzulegende Abteilungen" in html  # capfirst on the page
