"""The people directory, profile and org chart pages speak German to a German browser.

Needs the compiled catalogue (``make messages``); the English pages are tested elsewhere.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import Org, client_for, german

pytestmark = pytest.mark.django_db


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
