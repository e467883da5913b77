"""The mentoring pages speak German to a German browser.

Needs the compiled catalogue (``make messages``); the English pages are tested elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from apps.careermaps.services.maps import map_create
from tests.conftest import Org, client_for

pytestmark = pytest.mark.django_db

GERMAN = {"accept-language": "de"}


@pytest.fixture(autouse=True)
def _back_to_english() -> Iterator[None]:
    """A German request leaves German active in the worker's thread; later tests expect English."""
    yield
    translation.deactivate()


def german(client: Client, url: str) -> str:
    page = client.get(url, headers=GERMAN)
    assert page.status_code == 200, url
    return page.content.decode()


def test_it_shows_mentoring_in_german(org: Org) -> None:
    map_create(employee=org.employee)
    client = client_for(org.employee.user)
    html = german(client, reverse("mentoring:index"))
    assert "Mentor:in finden" in html
    assert "Mentoring anbieten" in html
    html = german(client, reverse("mentoring:offer"))
    assert "Ich nehme neue Mentees an" in html
    assert "Mein Angebot speichern" in html
