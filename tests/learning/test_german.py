"""The learning catalogue pages speak German to a German browser.

Needs the compiled catalogue (``make messages``); the English pages are tested elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from apps.learning.models import LearningResource, ResourceKind
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
