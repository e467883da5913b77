"""SAML 2.0 sign-in with a response signed by a real SAML library (python3-saml + xmlsec)."""

from __future__ import annotations

import base64
import re
import uuid
import zlib
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.test import Client
from onelogin.saml2.constants import OneLogin_Saml2_Constants as SAML
from onelogin.saml2.utils import OneLogin_Saml2_Utils

from apps.accounts.models import User
from tests.conftest import Org
from tests.factories import make_employee

pytestmark = pytest.mark.django_db

HOST = "careermap.example.com"  # python3-saml refuses single-label hosts such as "testserver"
IDP = "https://idp.example.test/saml"
ACS = "http://careermap.example.com/accounts/saml/saml/acs/"
SP = "http://careermap.example.com/accounts/saml/saml/metadata/"


@pytest.fixture(scope="module")
def idp_keys() -> tuple[str, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "test idp")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    return key_pem, cert.public_bytes(serialization.Encoding.PEM).decode()


@pytest.fixture
def saml_app(settings, idp_keys: tuple[str, str]) -> None:
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, HOST]
    settings.SOCIALACCOUNT_PROVIDERS = {
        "saml": {
            "APPS": [
                {
                    "client_id": "saml",
                    "name": "Test SAML",
                    "settings": {
                        "idp": {
                            "entity_id": IDP,
                            "sso_url": f"{IDP}/sso",
                            "x509cert": idp_keys[1],
                        },
                        "advanced": {"want_assertion_signed": True},
                    },
                }
            ]
        }
    }


def _when(delta: timedelta = timedelta()) -> str:
    return (datetime.now(UTC) + delta).strftime("%Y-%m-%dT%H:%M:%SZ")


def saml_response(request_id: str, email: str, keys: tuple[str, str], *, verified: bool) -> str:
    """An IdP's response to ``request_id`` for ``email``, its assertion signed."""
    assertion_id, later = f"_{uuid.uuid4().hex}", _when(timedelta(minutes=5))
    assertion = f"""<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"
 ID="{assertion_id}" Version="2.0" IssueInstant="{_when()}"><saml:Issuer>{IDP}</saml:Issuer>
<saml:Subject><saml:NameID Format="{SAML.NAMEID_EMAIL_ADDRESS}">{email}</saml:NameID>
<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">
<saml:SubjectConfirmationData InResponseTo="{request_id}" NotOnOrAfter="{later}" Recipient="{ACS}"/>
</saml:SubjectConfirmation></saml:Subject>
<saml:Conditions NotBefore="{_when(-timedelta(minutes=1))}" NotOnOrAfter="{later}">
<saml:AudienceRestriction><saml:Audience>{SP}</saml:Audience></saml:AudienceRestriction>
</saml:Conditions>
<saml:AuthnStatement AuthnInstant="{_when()}" SessionIndex="{assertion_id}"><saml:AuthnContext>
<saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:Password</saml:AuthnContextClassRef>
</saml:AuthnContext></saml:AuthnStatement>
<saml:AttributeStatement>
<saml:Attribute Name="http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress">
<saml:AttributeValue>{email}</saml:AttributeValue></saml:Attribute>
<saml:Attribute Name="http://schemas.auth0.com/email_verified">
<saml:AttributeValue>{"true" if verified else "false"}</saml:AttributeValue></saml:Attribute>
</saml:AttributeStatement></saml:Assertion>"""
    signed = OneLogin_Saml2_Utils.add_sign(
        assertion, keys[0], keys[1], sign_algorithm=SAML.RSA_SHA256, digest_algorithm=SAML.SHA256
    ).decode()
    signed = re.sub(r"^<\?xml[^>]*>\s*", "", signed)
    return f"""<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"
 xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_{uuid.uuid4().hex}" Version="2.0"
 IssueInstant="{_when()}" Destination="{ACS}" InResponseTo="{request_id}">
<saml:Issuer>{IDP}</saml:Issuer>
<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>
{signed}</samlp:Response>"""


def saml_sign_in(client: Client, email: str, keys: tuple[str, str], *, verified: bool = True):
    start = client.post("/accounts/saml/saml/login/")
    assert start.status_code == 302, start.content
    query = parse_qs(urlsplit(start["Location"]).query)
    request_xml = zlib.decompress(base64.b64decode(query["SAMLRequest"][0]), -15).decode()
    request_id = re.search(r'ID="([^"]+)"', request_xml).group(1)
    body = saml_response(request_id, email, keys, verified=verified)
    data = {"SAMLResponse": base64.b64encode(body.encode()).decode()}
    if "RelayState" in query:
        data["RelayState"] = query["RelayState"][0]
    acs = client.post("/accounts/saml/saml/acs/", data)
    assert acs.status_code == 302
    return client.get(acs["Location"])


def test_an_employee_signs_in_with_a_signed_assertion(org: Org, saml_app: None, idp_keys) -> None:
    client = Client(HTTP_HOST=HOST)
    response = saml_sign_in(client, "employee@example.com", idp_keys)
    assert response.status_code == 302, response.content
    assert User.objects.get(pk=client.session["_auth_user_id"]) == org.employee.user


def test_a_new_employee_gets_an_account(org: Org, saml_app: None, idp_keys) -> None:
    newcomer = make_employee(manager=org.manager, work_email="saml-new@example.com")
    client = Client(HTTP_HOST=HOST)
    assert saml_sign_in(client, "saml-new@example.com", idp_keys).status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.user is not None


def test_a_stranger_is_refused(org: Org, saml_app: None, idp_keys) -> None:
    response = saml_sign_in(Client(HTTP_HOST=HOST), "stranger@example.com", idp_keys)
    assert response.status_code == 403
    assert not User.objects.filter(email="stranger@example.com").exists()


def test_an_unverified_email_is_refused(org: Org, saml_app: None, idp_keys) -> None:
    response = saml_sign_in(
        Client(HTTP_HOST=HOST), "employee@example.com", idp_keys, verified=False
    )
    assert response.status_code == 403


def test_an_assertion_signed_by_another_key_is_refused(org: Org, saml_app: None) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "forger")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    forged = (
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode(),
        cert.public_bytes(serialization.Encoding.PEM).decode(),
    )
    client = Client(HTTP_HOST=HOST)
    response = saml_sign_in(client, "employee@example.com", forged)
    assert response.status_code != 302
    assert "_auth_user_id" not in client.session
