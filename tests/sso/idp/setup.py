"""Migrate the test identity provider and create its client and people.

``python -m tests.sso.idp.setup`` with DJANGO_SETTINGS_MODULE=tests.sso.idp.settings.
"""

from __future__ import annotations

import django

PASSWORD = "idp-Passphrase-42"
CLIENT_ID = "careermap"
CLIENT_SECRET = "careermap-client-secret-for-tests"
CALLBACK = "/accounts/oidc/sso/login/callback/"
# (email, verified at the identity provider)
PEOPLE = (
    ("employee@example.com", True),
    ("newcomer@example.com", True),
    ("hr@example.com", True),
    ("nobody@example.com", True),
    ("stranger@example.com", True),
    ("leaver@example.com", True),
    ("unverified@example.com", False),
)


def main() -> None:
    django.setup()
    from allauth.account.models import EmailAddress
    from allauth.idp.oidc.models import Client
    from django.contrib.auth.models import User
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    for email, verified in PEOPLE:
        user = User.objects.create_user(email.split("@")[0], email, PASSWORD)
        EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    client = Client(id=CLIENT_ID, name="CareerMap", type=Client.Type.CONFIDENTIAL)
    client.set_secret(CLIENT_SECRET)
    # Loopback redirect URIs match on any port (RFC 8252): the live server's port varies.
    client.set_redirect_uris([f"http://127.0.0.1{CALLBACK}", f"http://testserver{CALLBACK}"])
    client.set_scopes(["openid", "profile", "email"])
    client.set_default_scopes(["openid", "profile", "email"])
    client.set_grant_types([Client.GrantType.AUTHORIZATION_CODE])
    client.set_response_types(["code"])
    client.save()


if __name__ == "__main__":
    main()
