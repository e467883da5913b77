"""The career map in German: every tab, the print view and the form messages speak German when
the browser asks for it (the catalogue comes from `make messages`)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.careermaps.models import CareerMap, Goal, Milestone
from apps.careermaps.services.maps import map_create
from tests.conftest import GERMAN, Org, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def career_map(org: Org) -> CareerMap:
    career_map = map_create(employee=org.employee)
    goal = Goal.objects.create(
        career_map=career_map,
        specific="Lead the weekly support triage",
        measurable="Run it for a quarter",
        achievable="My manager supports it",
        relevant="Team lead role",
        target_date=timezone.localdate() + timedelta(days=60),
    )
    Milestone.objects.create(goal=goal, title="Shadow the current lead")
    return career_map


def _german(client: Client, name: str, career_map: CareerMap) -> str:
    response = client.get(reverse(name, args=[career_map.public_id]), headers=GERMAN)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("name", "phrases"),
    [
        ("careermaps:overview", ["Mein Karriereplan", "Aktuelle Position", "Ziele erreicht"]),
        ("careermaps:goals", ["SMART-Ziel hinzufügen", "Meilensteine", "Was ein Ziel SMART macht"]),
        ("careermaps:plan", ["Entwicklungsplan", "Kompetenzerweiterung", "Kontakt hinzufügen"]),
        ("careermaps:journal", ["Reflexion schreiben", "Noch keine Reflexionen"]),
        ("careermaps:assessment", ["Kompetenzbewertungen", "SWOT-Analyse", "Zu Stärken"]),
        ("careermaps:print", ["Vorlage für die Karriereplanung", "Entwicklungsplan:"]),
        ("checkins:index", ["Nächster Check-in", "Vergangene Check-ins"]),
    ],
)
def test_each_tab_speaks_german(
    org: Org, career_map: CareerMap, name: str, phrases: list[str]
) -> None:
    page = _german(client_for(org.employee.user), name, career_map)
    for phrase in phrases:
        assert phrase in page


def test_the_tabs_and_choices_are_german(org: Org, career_map: CareerMap) -> None:
    page = _german(client_for(org.employee.user), "careermaps:goals", career_map)
    assert "Ziele &amp; Fahrplan" in page
    assert "Entwicklung &amp; Netzwerk" in page
    assert "Nicht begonnen" in page  # the goal's status, a TextChoices label


def test_a_missing_smart_part_is_explained_in_german(org: Org, career_map: CareerMap) -> None:
    url = reverse("careermaps:goal-add", args=[career_map.public_id])
    response = client_for(org.employee.user).post(url, {"horizon": "short"}, headers=GERMAN)
    page = response.content.decode()
    assert "Sagen Sie, was Sie erreichen möchten" in page
    assert "Geben Sie ein Zieldatum an" in page
    assert not Goal.objects.filter(career_map=career_map, specific="").exists()


def test_a_readers_header_is_german(org: Org, career_map: CareerMap) -> None:
    page = _german(client_for(org.manager.user), "careermaps:overview", career_map)
    assert "Karriereplan · nur lesen" in page
    assert f"Sie lesen den Karriereplan von {org.employee.full_name}" in page


def test_english_stays_the_default(org: Org, career_map: CareerMap) -> None:
    url = reverse("careermaps:goals", args=[career_map.public_id])
    page = client_for(org.employee.user).get(url).content.decode()
    assert "Add a SMART goal" in page
    assert "SMART-Ziel" not in page
