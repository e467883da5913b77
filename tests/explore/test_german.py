"""The role explorer's pages speak German to a German browser.

Needs the compiled catalogue (``make messages``); the English pages are tested elsewhere.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.roles.models import Role
from tests.conftest import Org, client_for, german
from tests.factories import RoleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def role(org: Org) -> Role:
    role: Role = RoleFactory(title="Team Lead")
    return role


def test_it_shows_the_role_explorer_in_german(org: Org, role: Role) -> None:
    client = client_for(org.employee.user)
    html = german(client, reverse("explore:catalogue"))
    assert "Rollen entdecken" in html
    assert "Zwei Rollen vergleichen" in html
    assert "Stufe 3" in html  # a form's lazy choice (Python)
    html = german(client, reverse("explore:role", args=[role.public_id]))
    assert "Über die Rolle" in html
    assert "Wer diese Rolle innehat" in html
    assert "Meine Bereitschaft" in html


def test_english_stays_the_default(org: Org, role: Role) -> None:
    client = client_for(org.employee.user)
    html = client.get(reverse("explore:catalogue")).content.decode()
    assert "Explore roles" in html
    assert "Rollen entdecken" not in html
