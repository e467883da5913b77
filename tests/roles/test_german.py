"""The role catalogue speaks German to a browser that asks for it (issue 15)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from tests.conftest import Org, client_for
from tests.factories import RoleFactory

GERMAN = {"accept-language": "de"}


@pytest.fixture(autouse=True)
def _english_afterwards() -> Iterator[None]:
    """A German request leaves German active in this thread; code after it must not see it."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def test_it_shows_the_catalogue_and_a_role_in_german(org: Org) -> None:
    client = client_for(org.hr_user)
    role = RoleFactory(title="Data Analyst")
    html = client.get(reverse("roles:catalogue"), headers=GERMAN).content.decode()
    assert "Rollenkatalog" in html
    assert "Data Analyst" in html
    edit = client.get(reverse("roles:role-edit", args=[role.public_id]), headers=GERMAN)
    assert "Erforderliche Kompetenzen" in edit.content.decode()
