from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import User
from apps.employees.models import Employee, Invitation, token_digest
from tests.conftest import Org, client_for

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "a-long-and-unusual-passphrase"


def _invite(org: Org, person: Employee, django_capture_on_commit_callbacks) -> str:
    hr = client_for(org.hr_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = hr.post(reverse("employees:invite", args=[person.public_id]))
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == [person.work_email]
    link = re.search(r"http://\S+/people/join/(\S+)/", message.body)
    assert link, message.body
    assert link.group(0) in message.alternatives[0].content  # the HTML part has it too
    return link.group(0).split("/people/", 1)[1]


@pytest.fixture
def invitee(org: Org) -> Employee:
    return Employee.objects.create(
        full_name="Nadia Newcomer",
        work_email="nadia@example.com",
        manager=org.manager,
        path="/",
        timezone="Europe/Berlin",
    )


def test_hr_invites_and_the_invitee_joins(
    org, invitee, eager_tasks, django_capture_on_commit_callbacks
) -> None:
    path = _invite(org, invitee, django_capture_on_commit_callbacks)
    client = client_for(None)
    page = client.get(f"/people/{path}")
    assert page.status_code == 200
    assert b"Nadia Newcomer" in page.content
    response = client.post(
        f"/people/{path}",
        {
            "name": "Nadia N.",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="nadia@example.com")
    invitee.refresh_from_db()
    assert invitee.user == user
    assert (user.name, user.timezone) == ("Nadia N.", "Europe/Berlin")
    assert Invitation.objects.get(employee=invitee).accepted_at is not None
    # Signed in straight away, and the email and password work from now on.
    assert client.get(reverse("home")).status_code == 302
    assert client_for(None).login(email="nadia@example.com", password=NEW_PASSWORD)
    # The link is single-use.
    assert client_for(None).get(f"/people/{path}").status_code == 404


def test_mismatched_passwords_are_explained_and_nothing_is_saved(org, invitee) -> None:
    invitation = Invitation.objects.create(employee=invitee, email=invitee.work_email)
    url = reverse("employees:invitation-accept", args=[invitation.issue_secret()])
    response = client_for(None).post(
        url,
        {
            "name": "Nadia",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD + "x",
        },
    )
    assert response.status_code == 200
    assert b"The two passwords do not match." in response.content
    assert not User.objects.filter(email=invitee.work_email).exists()
    weak = client_for(None).post(url, {"name": "Nadia", "password1": "123", "password2": "123"})
    assert b"too short" in weak.content
    assert not User.objects.filter(email=invitee.work_email).exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"expires_at": timezone.now() - timedelta(minutes=1)}, b"It has expired"),
        ({"revoked_at": timezone.now()}, b"It was withdrawn"),
        ({"accepted_at": timezone.now()}, b"It has already been used"),
    ],
)
def test_a_closed_invitation_says_why(org, invitee, change, message) -> None:
    invitation = Invitation.objects.create(employee=invitee, email=invitee.work_email, **change)
    response = client_for(None).get(
        reverse("employees:invitation-accept", args=[invitation.issue_secret()])
    )
    assert response.status_code == 404
    assert message in response.content


def test_only_the_secret_opens_an_invitation_never_its_stored_digest(org, invitee) -> None:
    invitation = Invitation.objects.create(employee=invitee, email=invitee.work_email)
    secret = invitation.issue_secret()
    invitation.refresh_from_db()
    assert invitation.token == token_digest(secret)
    assert secret not in invitation.token
    # Someone holding a copy of the database (the digest) gets nowhere.
    leaked = reverse("employees:invitation-accept", args=[invitation.token])
    assert client_for(None).get(leaked).status_code == 404
    assert (
        client_for(None).get(reverse("employees:invitation-accept", args=[secret])).status_code
        == 200
    )


def test_a_made_up_token_is_refused(db) -> None:
    response = client_for(None).get(reverse("employees:invitation-accept", args=["made-up"]))
    assert response.status_code == 404
    assert b"This invitation link is not valid" in response.content


def test_people_who_can_sign_in_are_not_invited(org) -> None:
    response = client_for(org.hr_user).post(
        reverse("employees:invite", args=[org.employee.public_id]), follow=True
    )
    assert b"can already sign in" in response.content
    assert not Invitation.objects.exists()


def test_a_new_invitation_revokes_the_old_one(
    org, invitee, eager_tasks, django_capture_on_commit_callbacks
) -> None:
    first = _invite(org, invitee, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    second = _invite(org, invitee, django_capture_on_commit_callbacks)
    assert first != second
    assert client_for(None).get(f"/people/{first}").status_code == 404
    assert client_for(None).get(f"/people/{second}").status_code == 200


def test_hr_revokes_an_invitation(org, invitee) -> None:
    invitation = Invitation.objects.create(employee=invitee, email=invitee.work_email)
    hr = client_for(org.hr_user)
    listing = hr.get(reverse("employees:invitations"))
    assert b"nadia@example.com" in listing.content
    hr.post(reverse("employees:invitation-revoke", args=[invitation.public_id]))
    invitation.refresh_from_db()
    assert invitation.status == "revoked"
