"""The role catalogue speaks German to a browser that asks for it (issue 15)."""

from __future__ import annotations

from django.urls import reverse

from tests.conftest import GERMAN, Org, client_for
from tests.factories import RoleFactory


def test_it_shows_the_catalogue_and_a_role_in_german(org: Org) -> None:
    client = client_for(org.hr_user)
    role = RoleFactory(title="Data Analyst")
    html = client.get(reverse("roles:catalogue"), headers=GERMAN).content.decode()
    assert "Rollenkatalog" in html
    assert "Data Analyst" in html
    edit = client.get(reverse("roles:role-edit", args=[role.public_id]), headers=GERMAN)
    assert "Erforderliche Kompetenzen" in edit.content.decode()
