"""The language switcher, the language saved on the account, and pages in German."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from apps.accounts.models import User
from apps.notifications.models import Kind
from apps.notifications.services import Message, deliver
from tests.conftest import Org, client_for
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
GERMAN = {"accept-language": "de"}


def test_the_account_menu_offers_each_language_in_its_own_name(org: Org) -> None:
    html = client_for(org.employee.user).get(reverse("notifications:list")).content.decode()
    assert f'action="{reverse("set_language")}"' in html
    assert 'lang="de"' in html
    assert ">Deutsch<" in html
    assert ">English<" in html
    assert '<html lang="en-gb">' in html


def test_the_sign_in_page_has_the_switcher_too(db: None) -> None:
    html = client_for(None).get(reverse("account_login")).content.decode()
    assert f'action="{reverse("set_language")}"' in html
    assert ">Deutsch<" in html


def test_switching_saves_the_language_on_the_account(org: Org) -> None:
    user = org.employee.user
    client = client_for(user)
    page = reverse("notifications:list")
    response = client.post(reverse("set_language"), {"language": "de", "next": page})
    assert response.status_code == 302
    assert response["Location"] == page
    user.refresh_from_db()
    assert user.language == "de"
    html = client.get(page).content.decode()
    assert '<html lang="de">' in html
    assert "Benachrichtigungen" in html
    assert ">English<" in html  # each language in its own name, never translated


def test_signing_in_brings_the_saved_language_to_a_new_browser(org: Org) -> None:
    User.objects.filter(pk=org.employee.user.pk).update(language="de")
    client = client_for(None)  # a browser with no language cookie, asking for English
    client.post(reverse("account_login"), {"login": "employee@example.com", "password": PASSWORD})
    html = client.get(reverse("notifications:list"), headers={"accept-language": "en"})
    assert '<html lang="de">' in html.content.decode()
    assert client.cookies["django_language"].value == "de"


def test_a_language_chosen_before_signing_in_is_kept(org: Org) -> None:
    client = client_for(None)
    client.post(reverse("set_language"), {"language": "de", "next": "/"})
    client.post(reverse("account_login"), {"login": "employee@example.com", "password": PASSWORD})
    org.employee.user.refresh_from_db()
    assert org.employee.user.language == "de"


def test_the_browser_decides_until_someone_chooses(org: Org) -> None:
    html = client_for(org.employee.user).get(reverse("notifications:list"), headers=GERMAN)
    assert '<html lang="de">' in html.content.decode()
    org.employee.user.refresh_from_db()
    assert org.employee.user.language == ""


def test_pages_of_this_area_read_in_german(org: Org) -> None:
    hr = client_for(org.hr_user)
    assert "Importe" in hr.get(reverse("imports:index"), headers=GERMAN).content.decode()
    assert (
        "Sicherheitsrichtlinie"
        in hr.get(reverse("accounts:security"), headers=GERMAN).content.decode()
    )
    assert "Ihre Tokens" in hr.get(reverse("api:tokens"), headers=GERMAN).content.decode()
    anonymous = client_for(None).get("/no-such-page/", headers=GERMAN).content.decode()
    assert "Seite nicht gefunden" in anonymous
    assert "Zum Hauptinhalt springen" in anonymous


def test_a_reminder_email_is_written_in_the_recipients_language(org: Org) -> None:
    user = org.employee.user
    User.objects.filter(pk=user.pk).update(language="de")
    message = Message(kind=Kind.REFLECTION, subject="Zeit für eine Reflexion", summary="…")
    assert deliver(user_id=user.pk, kind=Kind.REFLECTION, periods=["p1"], compose=lambda _: message)
    body = mail.outbox[-1].body
    assert "Hallo" in body
    assert "„Erinnerungen an Reflexionen“ abbestellen" in body
