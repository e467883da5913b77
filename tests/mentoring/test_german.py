"""The mentoring pages speak German to a German browser.

Needs the compiled catalogue (``make messages``); the English pages are tested elsewhere.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.careermaps.services.maps import map_create
from tests.conftest import Org, client_for, german

pytestmark = pytest.mark.django_db


def test_it_shows_mentoring_in_german(org: Org) -> None:
    map_create(employee=org.employee)
    client = client_for(org.employee.user)
    html = german(client, reverse("mentoring:index"))
    assert "Mentor:in finden" in html
    assert "Mentoring anbieten" in html
    html = german(client, reverse("mentoring:offer"))
    assert "Ich nehme neue Mentees an" in html
    assert "Mein Angebot speichern" in html
