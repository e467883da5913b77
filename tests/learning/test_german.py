"""The learning catalogue pages speak German to a German browser.

Needs the compiled catalogue (``make messages``); the English pages are tested elsewhere.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.learning.models import LearningResource, ResourceKind
from tests.conftest import Org, client_for, german

pytestmark = pytest.mark.django_db


def test_it_shows_the_catalogue_in_german(org: Org) -> None:
    LearningResource.objects.create(title="Coaching basics", kind=ResourceKind.BOOK, cost=0)
    html = german(client_for(org.employee.user), reverse("learning:catalogue"))
    assert "Lernangebote" in html
    assert "Buch" in html  # the resource kind's label
    assert "Kostenlos" in html
    assert "1 Lernangebot" in html  # the plural's singular form


def test_it_shows_the_edit_page_in_german(org: Org) -> None:
    html = german(client_for(org.hr_user), reverse("learning:create"))
    assert "Lernangebot hinzufügen" in html
    assert "Ungefähr, wie lange es dauert." in html  # a help text (Python)
