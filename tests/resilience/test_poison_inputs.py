"""Every form field and query parameter, fed the classes of input that used to answer 500.

The walk signs in as each demo persona, follows every same-site link it can reach (GET), and:

- requests each page again with every query parameter its GET forms name (and the common
  ones), poisoned with a NUL byte, a far date and a huge number;
- fills every POST form it found with valid-looking values, then poisons one field at a time
  (text: a NUL byte; dates: 9999-12-31; numbers: a number too large for any column) and posts;
- after the posts, walks the pages again: a poisoned value that slipped through must not break
  a page for good (a goal dated 9999-12-31 used to make the Goals tab answer 500).

Nothing may answer 5xx. The refusals themselves (a message next to the field) are asserted by
the focused tests below the walk.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from io import StringIO
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client

from apps.demo import data as demo

pytestmark = [pytest.mark.django_db]

NUL = "a\x00b"
FAR_DATE = "9999-12-31"
HUGE = "9" * 30
# Query parameters the views read directly (not through a GET form on the page).
COMMON_PARAMS = ("q", "page", "rpage", "hpage", "skill", "from", "part", "edit", "all", "a", "b")
# Links that end the walk's session or only send a file somewhere else.
SKIP_PREFIXES = ("/accounts/logout", "/admin/", "/static/", "/accounts/password", "/accounts/email")
MAX_PAGES = 160


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, str] = field(default_factory=dict)  # name -> a valid-looking value
    kinds: dict[str, str] = field(default_factory=dict)  # name -> input type


class _PageParser(HTMLParser):
    """Links, and forms with their fields and a first-choice value for each."""

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        attrs = {k: v or "" for k, v in attributes}
        if tag == "a" and attrs.get("href"):
            self.links.append(urljoin(self.url, attrs["href"]))
        elif tag == "form":
            action = urljoin(self.url, attrs.get("action") or self.url)
            self._form = Form(action, (attrs.get("method") or "get").lower())
            self.forms.append(self._form)
        elif self._form is not None and tag in ("input", "textarea", "select"):
            self._field(tag, attrs)
        elif tag == "option" and self._form is not None and self._select and attrs.get("value"):
            self._form.fields.setdefault(self._select, "")
            self._form.fields[self._select] = self._form.fields[self._select] or attrs["value"]

    def _field(self, tag: str, attrs: dict[str, str]) -> None:
        assert self._form is not None
        name = attrs.get("name")
        if not name:
            return
        kind = attrs.get("type", "text") if tag == "input" else tag
        if kind in ("checkbox", "radio") and name in self._form.fields:
            return
        self._form.kinds[name] = kind
        self._form.fields[name] = attrs.get("value", "") or _valid(kind)
        self._select = name if tag == "select" else None

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def _valid(kind: str) -> str:
    return {"date": "2027-03-01", "number": "3", "email": "someone@example.com"}.get(kind, "ok")


def _poisons(kind: str) -> Iterator[str]:
    if kind == "date":
        yield FAR_DATE
        yield NUL
    elif kind == "number":
        yield HUGE
        yield NUL
    elif kind in ("text", "textarea", "search", "email", "select", "url", "hidden"):
        yield NUL


def _same_site(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
        return None
    path = parts.path
    if not path.startswith("/") or path.startswith(SKIP_PREFIXES):
        return None
    return path + (f"?{parts.query}" if parts.query else "")


def _get(client: Client, url: str) -> tuple[int, str]:
    """The status, and the HTML (a redirect's target for a redirect)."""
    response = client.get(url)
    assert response.status_code < 500, f"GET {url!r} answered {response.status_code}"
    if response.status_code in (301, 302):
        return response.status_code, response["Location"]
    html = response.get("Content-Type", "").startswith("text/html")
    return response.status_code, response.content.decode(errors="replace") if html else ""


def _crawl(client: Client, start: str) -> tuple[list[str], list[Form]]:
    seen, queue, forms = {start}, [start], []
    pages: list[str] = []
    while queue and len(pages) < MAX_PAGES:
        url = queue.pop(0)
        status, body = _get(client, url)
        if status in (301, 302):
            target = _same_site(urljoin(f"http://testserver{url}", body))
            if target and target not in seen:
                seen.add(target)
                queue.append(target)
            continue
        if status != 200 or not body:
            continue
        pages.append(url)
        parser = _PageParser(f"http://testserver{url}")
        parser.feed(body)
        forms.extend(parser.forms)
        for link in parser.links:
            target = _same_site(link)
            if target and target not in seen:
                seen.add(target)
                queue.append(target)
    return pages, forms


def _poison_queries(client: Client, pages: list[str], forms: list[Form]) -> int:
    names = set(COMMON_PARAMS) | {n for f in forms if f.method == "get" for n in f.fields}
    checked = 0
    for url in pages:
        path = url.split("?", 1)[0]
        for value in (NUL, FAR_DATE, HUGE):
            _get(client, f"{path}?{urlencode(dict.fromkeys(names, value))}")
            checked += 1
    return checked


def _poison_posts(client: Client, forms: list[Form]) -> int:
    posted = 0
    unique = {(f.action, tuple(sorted(f.fields))): f for f in forms if f.method == "post"}
    for form in unique.values():
        target = _same_site(form.action)
        if target is None or "delete" in target or "logout" in target:
            continue
        for name, kind in form.kinds.items():
            if name == "csrfmiddlewaretoken":
                continue
            for poison in _poisons(kind):
                response = client.post(target, {**form.fields, name: poison})
                assert response.status_code < 500, (
                    f"POST {target} with {name}={poison!r} answered {response.status_code}"
                )
                posted += 1
    return posted


@pytest.fixture
def demo_org(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", stdout=StringIO())


@pytest.mark.parametrize(
    "login", [demo.EMPLOYEE_LOGIN, demo.MANAGER_LOGIN, demo.DIRECTOR_LOGIN, demo.HR_LOGIN]
)
def test_no_poisoned_input_answers_500_anywhere(demo_org: None, login: str) -> None:
    client = Client()
    assert client.login(email=login, password=demo.DEMO_PASSWORD)
    pages, forms = _crawl(client, "/")
    assert len(pages) > 15, pages  # the walk reached the product, not just the home page
    queries = _poison_queries(client, pages, forms)
    posts = _poison_posts(client, forms)
    assert posts > 20, posts
    # Whatever a poisoned post managed to save must not break any page afterwards.
    for url in pages:
        _get(client, url)
    assert queries > 0
