"""The people directory, profile and org chart pages speak German to a German browser.

Needs the compiled catalogue (``make messages``); the English pages are tested elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.conftest import Org, client_for

pytestmark = pytest.mark.django_db

GERMAN = {"accept-language": "de"}


@pytest.fixture(autouse=True)
def _back_to_english() -> Iterator[None]:
    """A German request leaves German active in the worker's thread; later tests expect English."""
    yield
    translation.deactivate()


def german(client: Client, url: str) -> str:
    page = client.get(url, headers=GERMAN)
    assert page.status_code == 200, url
    return page.content.decode()


def test_it_shows_the_people_pages_in_german(org: Org) -> None:
    client = client_for(org.hr_user)
    html = german(client, reverse("employees:directory"))
    assert "Alle Abteilungen" in html  # a form's empty label (Python)
    assert "Personen suchen" in html
    html = german(client, reverse("employees:person", args=[org.employee.public_id]))
    assert "Bewertungsverlauf" in html
    assert "Zeitzone" in html
    assert "Aktiv" in html  # the employment status choice


def test_it_shows_the_org_chart_in_german(org: Org) -> None:
    html = german(client_for(org.hr_user), reverse("employees:chart"))
    assert "Organigramm" in html
    assert "Angezeigte Ebenen" in html
    assert "2 Ebenen" in html  # the depth choices, plural
