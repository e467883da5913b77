"""The manager dashboard speaks German to a browser that asks for it (issue 15)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from tests.conftest import Org, client_for

GERMAN = {"accept-language": "de"}


@pytest.fixture(autouse=True)
def _english_afterwards() -> Iterator[None]:
    """A German request leaves German active in this thread; code after it must not see it."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def test_it_shows_the_team_dashboard_in_german(org: Org) -> None:
    client = client_for(org.manager.user)
    html = client.get(reverse("dashboards:team"), headers=GERMAN).content.decode()
    assert "Dashboard für Führungskräfte" in html
    assert "Kompetenzlücken" in html
    assert "Entwicklungsstand" in html


def test_it_shows_the_manager_list_in_german(org: Org) -> None:
    html = client_for(org.hr_user).get(reverse("dashboards:managers"), headers=GERMAN)
    assert "Führungskraft wählen" in html.content.decode()
