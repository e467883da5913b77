"""The talent and succession pages speak German to a browser that asks for it (issue 15)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from apps.succession.models import Readiness
from tests.conftest import GERMAN, Org, client_for
from tests.factories import RoleFactory
from tests.succession.builders import plan_for, review, slate, talent


@pytest.fixture
def german_hr(org: Org) -> Client:
    return client_for(org.hr_user)


def test_it_shows_a_key_position_and_its_slate_in_german(org: Org, german_hr: Client) -> None:
    plan = plan_for(RoleFactory(title="Team Lead"), org.manager)
    slate(plan, (org.employee, Readiness.READY_NOW))
    url = reverse("succession:plan-detail", args=[plan.public_id])
    html = german_hr.get(url, headers=GERMAN).content.decode()
    assert "Wer diesen Plan sehen kann" in html
    assert "Sofort bereit" in html
    assert "1 auf der Nachfolgeliste, nach Präferenz geordnet" in html
    assert "Team Lead" in html  # data stays as entered


def test_it_shows_the_reports_and_their_formulas_in_german(german_hr: Client) -> None:
    for name, text in (
        ("succession:report-succession", "Nachfolgestärke"),
        ("succession:report-skills", "Kompetenzangebot"),
        ("succession:report-future", "Künftiger Bedarf"),
        ("succession:report-equity", "Chancengleichheit"),
    ):
        html = german_hr.get(reverse(name), headers=GERMAN).content.decode()
        assert text in html, name


def test_it_shows_the_nine_box_in_german(org: Org, german_hr: Client) -> None:
    today = date.today()
    cycle = review("2026 H2", today - timedelta(days=1), today + timedelta(days=30))
    talent(org.employee, cycle, potential=3)
    url = reverse("succession:nine-box", args=[cycle.public_id])
    html = german_hr.get(url, headers=GERMAN).content.decode()
    assert "9-Box-Raster: Leistung und Potenzial" in html
    assert "1 Person bewertet." in html


def test_it_still_speaks_english_by_default(org: Org, german_hr: Client) -> None:
    html = german_hr.get(reverse("succession:plan-index")).content.decode()
    assert "Key positions" in html
    assert "Schlüsselpositionen" not in html
