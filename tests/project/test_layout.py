"""The product's look: the shell, sign-in and account pages, error pages, the design system."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpRequest
from django.template import engines
from django.template.loader import render_to_string
from django.test import Client, RequestFactory, override_settings
from django.utils.csp import LazyNonce
from pytest_django.fixtures import Settings

from careermap.views import permission_denied
from tests.conftest import Org, client_for
from tests.factories import PASSWORD

APP_CSS = Path(settings.BASE_DIR) / "static" / "css" / "app.css"

# fmt: off
VOCABULARY = [
    "container", "page-header", "page-header__actions", "grid", "grid--2", "grid--3", "stack",
    "cluster", "sidebar-layout",
    "card", "card__header", "card__title", "card__body", "card__footer", "muted", "small",
    "eyebrow", "lead",
    "btn", "btn--primary", "btn--secondary", "btn--danger", "btn--ghost", "btn--sm", "link",
    "form", "field", "field__label", "field__help", "field__error", "field--error", "form-actions",
    "input", "errorlist",
    "table", "table-wrap", "badge", "badge--success", "badge--warning", "badge--danger",
    "badge--info", "badge--neutral",
    "avatar", "stat", "meter", "meter__fill", "empty-state", "pagination", "toolbar", "tree",
    "definition-list", "kv",
    "alert", "alert--success", "alert--info", "alert--warning", "alert--danger", "htmx-indicator",
    "spinner",
    "skip-link",
]
# fmt: on
METER_STEPS = range(0, 101, 5)

# Every piece of the vocabulary in one page: how other templates are meant to use it.
KITCHEN_SINK = """
{% extends "base.html" %}
{% block title %}Kitchen sink{% endblock %}
{% block page_header %}
  <div class="page-header">
    <div><p class="eyebrow">Design system</p><h1>Kitchen sink</h1>
      <p class="page-header__description">Every component on one page.</p></div>
    <div class="page-header__actions">
      <a class="btn btn--secondary" href="#">Export</a>
      <button class="btn btn--primary" type="button">New goal</button>
    </div>
  </div>
{% endblock %}
{% block content %}
<div class="stack stack--lg">
  <p class="lead">A lead paragraph, with <a href="#">a link</a>.</p>
  <div class="alert alert--success" role="status"><p class="alert__body">Saved.</p></div>
  <div class="alert alert--info" role="status"><p class="alert__body">For your info.</p></div>
  <div class="alert alert--warning" role="alert"><p class="alert__body">Check this.</p></div>
  <div class="alert alert--danger" role="alert"><p class="alert__body">That failed.</p></div>
  <div class="grid grid--3">
    <div class="card"><div class="stat"><span class="stat__value">87%</span>
      <span class="stat__label">Readiness</span></div>
      <div class="meter meter--success"><span class="meter__fill meter__fill--85"></span></div>
    </div>
    <div class="card"><div class="stat"><span class="stat__value">4</span>
      <span class="stat__label">Open goals</span></div>
      <div class="meter"><span class="meter__fill meter__fill--40"></span></div></div>
    <div class="card"><div class="stat"><span class="stat__value">2</span>
      <span class="stat__label">Overdue reflections</span></div>
      <div class="meter meter--danger"><span class="meter__fill meter__fill--10"></span></div></div>
  </div>
  <div class="sidebar-layout">
    <aside class="card"><h2 class="card__title">Filters</h2>
      <dl class="definition-list"><dt>Department</dt><dd>Customer Support</dd>
        <dt>Manager</dt><dd>Morgan Lee</dd></dl></aside>
    <section class="card">
      <div class="card__header"><h2 class="card__title">Team</h2>
        <span class="htmx-indicator"><span class="spinner"></span> Loading</span></div>
      <div class="card__body stack">
        <form class="toolbar" method="get"><label for="q" class="visually-hidden">Search</label>
          <input id="q" type="search" name="q" placeholder="Search people">
          <select name="dept" aria-label="Department"><option>All</option></select>
          <button class="btn btn--sm" type="submit">Filter</button></form>
        <div class="table-wrap"><table class="table"><thead><tr>
          <th aria-sort="ascending"><a href="#">Name</a></th><th><a href="#">Role</a></th>
          <th class="num">Readiness</th><th>Status</th></tr></thead><tbody>
          <tr><td><span class="cluster"><span class="avatar avatar--sm">AK</span>
            <a href="#">Alex Kim</a></span></td><td>Support Specialist</td><td class="num">92%</td>
            <td><span class="badge badge--success">Ready now</span></td></tr>
          <tr><td>Sam Ortiz</td><td>Support Representative</td><td class="num">61%</td>
            <td><span class="badge badge--warning">1-2 years</span></td></tr>
          <tr><td>Jo Park</td><td>Team Lead</td><td class="num">35%</td>
            <td><span class="badge badge--danger">At risk</span></td></tr>
          <tr><td>Ria Shah</td><td>Analyst</td><td class="num">—</td>
            <td><span class="badge badge--info">New</span>
            <span class="badge badge--neutral">On leave</span></td></tr>
        </tbody></table></div>
        <nav class="pagination" aria-label="Pagination">
          <p class="pagination__summary">Showing 1 to 4 of 40</p>
          <ul><li><span aria-disabled="true">Previous</span></li>
            <li><span aria-current="page">1</span></li><li><a href="?page=2">Next</a></li></ul>
        </nav>
      </div>
      <div class="card__footer"><button class="btn btn--ghost" type="button">Cancel</button>
        <button class="btn btn--danger btn--sm" type="button">Remove</button></div>
    </section>
  </div>
  <div class="grid grid--2">
    <form class="form card" method="post">
      <div class="field"><label class="field__label" for="f1">Goal</label>
        <input class="input" id="f1" name="goal" aria-describedby="f1_helptext">
        <p class="field__help" id="f1_helptext">What will be true when you are done?</p></div>
      <div class="field field--error"><label class="field__label" for="f2">Target date</label>
        <input id="f2" name="due" type="date" aria-invalid="true" aria-describedby="f2_error">
        <ul class="field__error" id="f2_error"><li>Enter a date in the future.</li></ul></div>
      <div class="field"><label class="field__label" for="f3">Notes</label>
        <textarea id="f3" name="notes"></textarea>
        <ul class="errorlist"><li>Django's own error list.</li></ul></div>
      <div class="form-actions"><button class="btn btn--primary" type="submit">Save</button>
        <a class="link" href="#">Cancel</a></div>
    </form>
    <div class="stack">
      <ul class="tree"><li><span class="tree__node"><span class="avatar avatar--sm">D</span>
        <a href="#">Dana Director</a></span>
        <ul><li><span class="tree__node"><a href="#">Morgan Manager</a></span>
          <ul><li><span class="tree__node"><a href="#">Alex Kim</a></span></li>
            <li><span class="tree__node"><a href="#">Sam Ortiz</a></span></li></ul></li>
          <li><span class="tree__node"><a href="#">Jo Park</a></span></li></ul></li></ul>
      <dl class="card"><div class="kv"><dt>Hire date</dt><dd>3 March 2022</dd></div>
        <div class="kv"><dt>Location</dt><dd>Lisbon</dd></div></dl>
      <div class="cluster"><span class="muted small">Small muted text</span>
        <button class="btn btn--secondary btn--sm" type="button">Small</button></div>
      {% include "components/empty_state.html" with title="No goals yet" body="Add a goal." %}
    </div>
  </div>
</div>
{% endblock %}
"""


class _Page(HTMLParser):
    """The start tags of a page, and the controls inside each form."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.forms: list[tuple[dict[str, str | None], list[dict[str, str | None]]]] = []
        self._form: list[dict[str, str | None]] | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag == "form":
            self._form = []
            self.forms.append((attributes, self._form))
        elif self._form is not None and tag in {"input", "button", "select", "textarea"}:
            self._form.append({"tag": tag, **attributes})

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None

    def all(self, name: str) -> list[dict[str, str | None]]:
        return [attrs for tag, attrs in self.tags if tag == name]

    def form(self, action: str) -> list[dict[str, str | None]]:
        matches = [controls for attrs, controls in self.forms if attrs.get("action") == action]
        assert len(matches) == 1, f"expected one form posting to {action}"
        form_attrs = next(attrs for attrs, _ in self.forms if attrs.get("action") == action)
        assert (form_attrs.get("method") or "").lower() == "post"
        return matches[0]


@pytest.fixture(autouse=True)
def _plain_static_storage(settings: Settings) -> None:
    # The manifest storage needs `collectstatic`; tests render {% static %} without it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def _in_our_shell(html: str) -> bool:
    return "data-brand" in html and "/static/css/app.css" in html


def _request(user: object) -> HttpRequest:
    """A request as the middleware would leave it, for rendering templates directly."""
    request = RequestFactory().get("/kitchen-sink/")
    request.user = user  # type: ignore[assignment]
    request.session = SessionStore()
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    request._csp_nonce = LazyNonce()  # type: ignore[attr-defined]
    return request


def _render_kitchen_sink(user: object, nav_active: str = "") -> str:
    template = engines["django"].from_string(KITCHEN_SINK)
    return template.render({"nav_active": nav_active}, _request(user))


def _css_without_comments() -> str:
    return re.sub(r"/\*.*?\*/", "", APP_CSS.read_text(), flags=re.DOTALL)


# -------------------------------------------------------------------- sign in


@pytest.mark.django_db
def test_it_renders_the_sign_in_page_as_an_entrance_card() -> None:
    response = Client().get("/accounts/login/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "CareerMap" in html
    assert 'class="card entrance__card"' in html
    assert "site-nav" not in html
    controls = _Page(html).form("/accounts/login/")
    names = {control.get("name") for control in controls}
    assert {"login", "password", "csrfmiddlewaretoken"} <= names


@pytest.mark.django_db
def test_it_labels_both_sign_in_inputs() -> None:
    page = _Page(Client().get("/accounts/login/").content.decode())

    inputs = {i.get("name"): i.get("id") for i in page.all("input")}
    label_targets = {label.get("for") for label in page.all("label")}
    assert inputs["login"] in label_targets
    assert inputs["password"] in label_targets


@pytest.mark.django_db
def test_it_serves_the_sign_in_page_without_inline_script_or_style() -> None:
    response = Client().get("/accounts/login/")
    html = response.content.decode()
    policy = response["Content-Security-Policy"]

    scripts = _Page(html).all("script")
    assert scripts, "htmx and app.js are expected"
    for script in scripts:
        assert script.get("src"), "scripts are files, never inline"
        assert script.get("nonce")
        assert f"'nonce-{script['nonce']}'" in policy
    assert "style=" not in html
    assert "<style" not in html


@pytest.mark.django_db
def test_it_sends_a_strict_content_security_policy() -> None:
    response = Client().get("/accounts/login/")

    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert "script-src 'self' 'nonce-" in policy


@pytest.mark.django_db
def test_it_configures_htmx_without_eval_or_inline_styles() -> None:
    html = Client().get("/accounts/login/").content.decode()

    meta = next(m for m in _Page(html).all("meta") if m.get("name") == "htmx-config")
    # No indicator <style>, and settling a swap never copies a style attribute (CSP).
    assert json.loads(meta["content"]) == {
        "includeIndicatorStyles": False,
        "allowEval": False,
        "attributesToSettle": ["class", "width", "height"],
    }
    assert "/static/django_htmx/htmx-2.min.js" in html


@pytest.mark.django_db
def test_it_shows_a_failed_sign_in_as_an_alert(org: Org) -> None:
    response = Client().post(
        "/accounts/login/", {"login": "employee@example.com", "password": "wrong"}
    )

    assert response.status_code == 200
    page = _Page(response.content.decode())
    alerts = [d for d in page.all("div") if "alert--danger" in (d.get("class") or "")]
    assert alerts
    assert alerts[0]["role"] == "alert"


@pytest.mark.django_db
def test_it_announces_the_sign_in_message_politely(org: Org) -> None:
    response = Client().post(
        "/accounts/login/", {"login": "nobody@example.com", "password": PASSWORD}, follow=True
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'class="alert alert--success"\s+role="status"', html)
    assert "nobody@example.com" in html


# -------------------------------------------------------------------- the signed-in shell


@pytest.mark.django_db
def test_it_gives_a_signed_in_user_an_account_menu_that_signs_out_by_post(org: Org) -> None:
    response = client_for(org.nobody).get("/")

    assert response.status_code == 200
    page = _Page(response.content.decode())
    assert any("menu" in (d.get("class") or "") for d in page.all("details"))
    links = {a.get("href") for a in page.all("a")}
    assert {"/accounts/2fa/", "/accounts/password/change/"} <= links
    controls = page.form("/accounts/logout/")
    assert any(c.get("name") == "csrfmiddlewaretoken" and c.get("value") for c in controls)
    assert any(c["tag"] == "button" and c.get("type") == "submit" for c in controls)


@pytest.mark.django_db
def test_it_tells_a_user_without_an_employee_record_to_contact_hr(org: Org) -> None:
    response = client_for(org.nobody).get("/")

    html = response.content.decode()
    assert "home/unlinked.html" in [t.name for t in response.templates]
    assert "isn't linked to an employee record" in html
    assert "HR" in html
    assert "nobody@example.com" in html


@pytest.mark.django_db
def test_it_has_a_skip_link_to_the_main_landmark(org: Org) -> None:
    page = _Page(client_for(org.nobody).get("/").content.decode())

    skip = page.all("a")[0]
    assert skip["href"] == "#main"
    assert "skip-link" in (skip.get("class") or "")
    assert [m.get("id") for m in page.all("main")] == ["main"]


@pytest.mark.django_db
def test_it_marks_the_active_section_with_aria_current(org: Org) -> None:
    html = _render_kitchen_sink(org.hr_user, nav_active="people")

    current = [a for a in _Page(html).all("a") if a.get("aria-current") == "page"]
    assert [a["href"] for a in current] == ["/people/"]


@pytest.mark.django_db
def test_it_hides_the_main_navigation_from_anonymous_visitors() -> None:
    html = _render_kitchen_sink(AnonymousUser())

    assert "site-nav" not in html
    assert 'href="/accounts/login/"' in html


@pytest.mark.django_db
def test_it_renders_the_whole_vocabulary_without_inline_styles(org: Org) -> None:
    html = _render_kitchen_sink(org.employee.user)

    assert _in_our_shell(html)
    assert "<title>Kitchen sink · CareerMap</title>" in html
    assert "style=" not in html
    assert "<style" not in html
    for script in _Page(html).all("script"):
        assert script.get("src")
        assert script.get("nonce")


# -------------------------------------------------------------------- allauth pages


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "signed_in"),
    [
        ("/accounts/password/reset/", False),
        ("/accounts/password/reset/done/", False),
        ("/accounts/password/change/", True),
        ("/accounts/logout/", True),
        ("/accounts/2fa/", True),
        ("/accounts/reauthenticate/", True),
    ],
)
def test_it_renders_account_pages_inside_our_layout(org: Org, url: str, signed_in: bool) -> None:
    client = client_for(org.employee.user if signed_in else None)

    response = client.get(url)

    assert response.status_code == 200
    html = response.content.decode()
    assert _in_our_shell(html)
    assert "style=" not in html
    assert "· CareerMap</title>" in html


@pytest.mark.django_db
def test_it_renders_authenticator_activation_with_its_qr_code(org: Org) -> None:
    client = client_for(org.employee.user)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})

    response = client.get("/accounts/2fa/totp/activate/")

    assert response.status_code == 200
    html = response.content.decode()
    assert _in_our_shell(html)
    qr = next(i for i in _Page(html).all("img") if i.get("class") == "qr-code")
    assert (qr.get("src") or "").startswith("data:image/svg+xml")
    assert "style=" not in html


@pytest.mark.django_db
def test_it_gives_account_settings_a_section_nav(org: Org) -> None:
    html = client_for(org.employee.user).get("/accounts/2fa/").content.decode()

    current = [a for a in _Page(html).all("a") if a.get("aria-current") == "page"]
    assert [a["href"] for a in current] == ["/accounts/2fa/"]
    assert 'class="card"' in html  # allauth's panels render as our cards


@pytest.mark.django_db
def test_it_ties_field_errors_to_their_inputs(org: Org) -> None:
    response = client_for(org.employee.user).post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": "a-new-long-password-1", "password2": "different"},
    )

    assert response.status_code == 200
    page = _Page(response.content.decode())
    field = next(i for i in page.all("input") if i.get("name") == "password2")
    assert field.get("aria-invalid") == "true"
    error_id = f"{field['id']}_error"
    assert error_id in (field.get("aria-describedby") or "").split()
    assert any(u.get("id") == error_id and u.get("class") == "field__error" for u in page.all("ul"))


# -------------------------------------------------------------------- error pages


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_it_renders_our_404_for_a_signed_in_user(org: Org) -> None:
    response = client_for(org.employee.user).get("/no-such-page/")

    assert response.status_code == 404
    assert "errors/404.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert _in_our_shell(html)
    assert "couldn't find that page" in html
    assert "/accounts/logout/" in html


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_it_renders_our_404_for_an_anonymous_visitor_without_navigation() -> None:
    response = Client().get("/no-such-page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert _in_our_shell(html)
    assert "site-nav" not in html


@pytest.mark.django_db
def test_it_renders_our_403_inside_the_shell(org: Org) -> None:
    response = permission_denied(_request(org.employee.user))

    assert response.status_code == 403
    html = response.content.decode()
    assert _in_our_shell(html)
    assert "You don't have access to this" in html


def test_it_renders_the_500_page_without_a_request_or_database() -> None:
    html = render_to_string("errors/500.html")

    assert "Something went wrong" in html
    assert 'href="/static/css/app.css"' in html
    assert 'href="/"' in html
    assert "style=" not in html
    assert "<script" not in html


# -------------------------------------------------------------------- the design system


@pytest.mark.parametrize("name", VOCABULARY)
def test_it_defines_every_class_of_the_vocabulary(name: str) -> None:
    assert re.search(rf"\.{re.escape(name)}(?![\w-])", _css_without_comments())


def test_it_has_a_meter_width_for_every_step_of_five() -> None:
    css = _css_without_comments()

    for step in METER_STEPS:
        assert re.search(rf"\.meter__fill--{step}\s*\{{\s*width:\s*{step}%", css), step


def test_it_shows_a_visible_focus_ring_and_htmx_indicator_styles() -> None:
    css = _css_without_comments()

    assert ":focus-visible" in css
    assert re.search(r"\.htmx-indicator\s*\{[^}]*opacity:\s*0", css)
    assert ".htmx-request .htmx-indicator" in css
    assert ".htmx-request.htmx-indicator" in css


def test_it_hides_navigation_when_printing(org: Org) -> None:
    print_css = re.sub(
        r"/\*.*?\*/", "", (APP_CSS.parent / "print.css").read_text(), flags=re.DOTALL
    )
    rules = re.findall(r"([^{}]+)\{([^}]*)\}", print_css)
    hidden = {
        selector.strip()
        for selectors, body in rules
        if re.search(r"display:\s*none", body)
        for selector in selectors.split(",")
    }
    page = _Page(client_for(org.nobody).get("/").content.decode())

    assert {".site-header", ".site-nav", ".site-footer", ".skip-link", ".menu"} <= hidden
    assert {"href": "/static/css/print.css", "media": "print", "rel": "stylesheet"} in page.all(
        "link"
    )
