"""The learning, mentoring, explore and people pages speak German to a German browser.

Needs the compiled catalogue (``make messages``); the English pages are tested elsewhere.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from apps.careermaps.services.maps import map_create
from apps.learning.models import LearningResource, ResourceKind
from apps.roles.models import Role
from tests.conftest import Org, client_for
from tests.factories import RoleFactory

pytestmark = pytest.mark.django_db

GERMAN = {"accept-language": "de"}


def german(client: Client, url: str) -> str:
    page = client.get(url, headers=GERMAN)
    assert page.status_code == 200, url
    return page.content.decode()


@pytest.fixture
def role(org: Org) -> Role:
    role: Role = RoleFactory(title="Team Lead")
    return role


def test_it_shows_the_role_explorer_in_german(org: Org, role: Role) -> None:
    client = client_for(org.employee.user)
    html = german(client, reverse("explore:catalogue"))
    assert "Rollen erkunden" in html
    assert "Zwei Rollen vergleichen" in html
    html = german(client, reverse("explore:role", args=[role.public_id]))
    assert "Über die Rolle" in html
    assert "Wer diese Rolle innehat" in html
    assert "Meine Bereitschaft" in html


def test_it_shows_the_people_pages_in_german(org: Org) -> None:
    client = client_for(org.hr_user)
    html = german(client, reverse("employees:directory"))
    assert "Alle Abteilungen" in html  # a form's empty label (Python)
    assert "Personen suchen" in html
    html = german(client, reverse("employees:person", args=[org.employee.public_id]))
    assert "Bewertungsverlauf" in html
    assert "Zeitzone" in html
    assert "Aktiv" in html  # the employment status choice
    html = german(client, reverse("employees:chart"))
    assert "Organigramm" in html
    assert "Angezeigte Ebenen" in html


def test_it_shows_learning_and_mentoring_in_german(org: Org) -> None:
    LearningResource.objects.create(title="Coaching basics", kind=ResourceKind.BOOK, cost=0)
    map_create(employee=org.employee)
    client = client_for(org.employee.user)
    html = german(client, reverse("learning:catalogue"))
    assert "Lernangebote" in html
    assert "Buch" in html  # the resource kind's label
    assert "Kostenlos" in html
    assert "1 Lernangebot" in html  # the plural's singular form
    html = german(client, reverse("mentoring:index"))
    assert "Mentor:in finden" in html
    assert "Mentoring anbieten" in html
    html = german(client, reverse("mentoring:offer"))
    assert "Ich nehme neue Mentees an" in html


def test_english_stays_the_default(org: Org, role: Role) -> None:
    client = client_for(org.employee.user)
    html = client.get(reverse("explore:catalogue")).content.decode()
    assert "Explore roles" in html
    assert "Rollen erkunden" not in html
