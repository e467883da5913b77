"""A real identity provider on loopback (tests/sso/idp), and a sign-in through it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client

from apps.accounts import sso
from tests.e2e import conftest as e2e
from tests.sso.idp.setup import CLIENT_ID, CLIENT_SECRET, PASSWORD

ROOT = Path(__file__).resolve().parents[2]

# The browser journey drives Debian's Chromium the way tests/e2e does.
browser_type_launch_args = e2e.browser_type_launch_args


@dataclass(frozen=True)
class IdentityProvider:
    url: str
    log: Path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the identity provider stopped:\n{log.read_text()}")
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    pytest.fail(f"the identity provider did not answer at {url}:\n{log.read_text()}")


@pytest.fixture(scope="session")
def identity_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[IdentityProvider]:
    folder = tmp_path_factory.mktemp("idp")
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    key_file = folder / "key.pem"
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.sso.idp.settings",
        "IDP_DB": str(folder / "idp.sqlite3"),
        "IDP_KEY_FILE": str(key_file),
    }
    subprocess.run([sys.executable, "-m", "tests.sso.idp.setup"], env=env, cwd=ROOT, check=True)
    port = _free_port()
    log = folder / "idp.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "django", "runserver", f"127.0.0.1:{port}", "--noreload"],
            env=env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{url}/.well-known/openid-configuration", process, log)
        yield IdentityProvider(url, log)
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    # allauth counts failed sign-ins per address in the shared cache: these tests fail on
    # purpose, and must not be refused as "too many attempts" by an earlier test's count.
    cache.clear()


@pytest.fixture
def oidc_app(db: None, identity_provider: IdentityProvider) -> object:
    """CareerMap's OpenID Connect app, set up the way HR's page saves it."""
    return sso.oidc_app_save(
        name="Test IdP",
        server_url=identity_provider.url,
        client_id=CLIENT_ID,
        secret=CLIENT_SECRET,
        verified_domains=[],
    )


class _Form(HTMLParser):
    """The first form of a page: its action and the values it would submit."""

    def __init__(self) -> None:
        super().__init__()
        self.action: str | None = None
        self.fields: list[tuple[str, str]] = []
        self.done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if self.done:
            return
        if tag == "form" and self.action is None:
            self.action = values.get("action", "")
        elif tag == "input" and self.action is not None and values.get("name"):
            kind = values.get("type", "text")
            if kind not in {"checkbox", "radio", "submit"} or "checked" in values:
                self.fields.append((values["name"], values.get("value", "")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self.action is not None:
            self.done = True


def sso_sign_in(client: Client, email: str, *, consent: bool = True) -> HttpResponse:
    """Press "Sign in with Test IdP", sign in at the identity provider as ``email`` (with a
    plain HTTP client, as a browser would), consent, and return CareerMap's callback answer."""
    start = client.post(f"/accounts/oidc/{sso.OIDC_ID}/login/")
    assert start.status_code == 302, start.content
    at_idp = requests.Session()
    response = at_idp.get(start["Location"], allow_redirects=False)
    for _step in range(10):
        if response.is_redirect:
            target = urljoin(response.url, response.headers["Location"])
            if target.startswith("http://testserver/"):
                parts = urlsplit(target)
                return client.get(f"{parts.path}?{parts.query}")
            response = at_idp.get(target, allow_redirects=False)
            continue
        assert response.status_code == 200, response.text
        form = _Form()
        form.feed(response.text)
        names = {name for name, _value in form.fields}
        data = [(n, v) for n, v in form.fields if n not in {"login", "password"}]
        if {"login", "password"} <= names:
            data += [("login", email), ("password", PASSWORD)]
        else:
            data.append(("action", "grant" if consent else "cancel"))
        response = at_idp.post(
            urljoin(response.url, form.action or response.url),
            data=data,
            headers={"Referer": response.url},
            allow_redirects=False,
        )
    pytest.fail("the identity provider never sent the browser back")
