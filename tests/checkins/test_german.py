"""Check-ins in German: the tab, one check-in and its messages (catalogue from `make messages`)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.careermaps.models import CareerMap
from apps.checkins.models import CheckIn
from tests.conftest import GERMAN, Org, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def checkin(org: Org) -> CheckIn:
    career_map = CareerMap.objects.create(employee=org.employee)
    return CheckIn.objects.create(
        career_map=career_map,
        manager=org.manager,
        meeting_date=timezone.localdate() + timedelta(days=7),
    )


def test_the_tab_and_a_check_in_speak_german(org: Org, checkin: CheckIn) -> None:
    client = client_for(org.employee.user)
    index = reverse("checkins:index", args=[checkin.career_map.public_id])
    page = client.get(index, headers=GERMAN).content.decode()
    assert "Nächster Check-in" in page
    assert "Monatlich" in page  # the cadence, a TextChoices label
    detail = reverse("checkins:detail", args=[checkin.public_id])
    page = client.get(detail, headers=GERMAN).content.decode()
    for phrase in ("Check-in am", "Ihre Vorbereitung", "Vereinbarte Maßnahmen", "Erfolge"):
        assert phrase in page


def test_an_empty_preparation_is_refused_in_german(org: Org, checkin: CheckIn) -> None:
    url = reverse("checkins:prepare", args=[checkin.public_id])
    response = client_for(org.employee.user).post(url, {}, headers=GERMAN)
    assert "Schreiben Sie mindestens eine Antwort" in response.content.decode()
