"""The manager dashboard speaks German to a browser that asks for it (issue 15)."""

from __future__ import annotations

from django.urls import reverse

from tests.conftest import GERMAN, Org, client_for


def test_it_shows_the_team_dashboard_in_german(org: Org) -> None:
    client = client_for(org.manager.user)
    html = client.get(reverse("dashboards:team"), headers=GERMAN).content.decode()
    assert "Dashboard für Führungskräfte" in html
    assert "Kompetenzlücken" in html
    assert "Entwicklungsstand" in html


def test_it_shows_the_manager_list_in_german(org: Org) -> None:
    html = client_for(org.hr_user).get(reverse("dashboards:managers"), headers=GERMAN)
    assert "Führungskraft wählen" in html.content.decode()
