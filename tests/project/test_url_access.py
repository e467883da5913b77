"""Every URL pattern of the project, and what each persona gets from it.

A URL pattern with no expectation here fails ``test_every_url_has_an_expectation``: adding a
page means deciding who may see it.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from apps.employees.models import Invitation
from tests.access_matrix import ADMIN_LOGIN, LOGIN, Code, Expect, everyone, signed_in
from tests.conftest import PERSONAS, Org, client_for, persona_user


def _invitation_token(org: Org) -> dict[str, Any]:
    invitation = Invitation.objects.create(employee=org.teammate, email=org.teammate.work_email)
    return {"token": invitation.issue_secret()}


def _invitation_id(org: Org) -> dict[str, Any]:
    invitation = Invitation.objects.create(employee=org.teammate, email=org.teammate.work_email)
    return {"public_id": invitation.public_id}


# Who sees one employee's page: themselves, everyone above them, HR.
EMPLOYEE_SCOPE = signed_in(404, employee=200, manager=200, director=200, hr=200)
# Pages listing people: anyone with an employee record (scoped inside), and HR.
PEOPLE_PAGES = signed_in(200, nobody=404)
HR_ONLY = signed_in(404, hr=200)
EXPECTATIONS: dict[str, Expect] = {
    "home": Expect(signed_in(302, nobody=200)),
    "healthz": Expect(everyone(200)),
    "employees:directory": Expect(PEOPLE_PAGES),
    "employees:tree": Expect(PEOPLE_PAGES),
    "employees:search": Expect(PEOPLE_PAGES),
    "employees:chart": Expect(PEOPLE_PAGES),
    "employees:tree-children": Expect(
        signed_in(404, manager=200, director=200, hr=200),
        kwargs=lambda org: {"public_id": org.manager.public_id},
    ),
    "employees:person": Expect(
        EMPLOYEE_SCOPE, kwargs=lambda org: {"public_id": org.employee.public_id}
    ),
    "employees:rating-history": Expect(
        EMPLOYEE_SCOPE, kwargs=lambda org: {"public_id": org.employee.public_id}
    ),
    "employees:invite": Expect(
        signed_in(404, hr=302),
        kwargs=lambda org: {"public_id": org.other_employee.public_id},
        method="post",
    ),
    "employees:invitations": Expect(HR_ONLY),
    "employees:invitation-revoke": Expect(
        signed_in(404, hr=302), kwargs=_invitation_id, method="post"
    ),
    # Public: the secret token is the access rule; signed-in people are sent home.
    "employees:invitation-accept": Expect(everyone(302, anonymous=200), kwargs=_invitation_token),
    # django-allauth: anonymous pages, and the signed-in account pages.
    "account_login": Expect(everyone(302, anonymous=200)),
    "account_logout": Expect(everyone(200, anonymous=302)),
    "account_inactive": Expect(everyone(200)),
    "account_signup": Expect(everyone(302, anonymous=200)),  # renders "sign-up closed"
    "account_reauthenticate": Expect(signed_in(200)),
    "account_email": Expect(signed_in(200)),
    "account_email_verification_sent": Expect(everyone(200)),
    "account_change_password": Expect(signed_in(200)),
    "account_set_password": Expect(signed_in(302)),  # everyone here has a password
    "account_reset_password": Expect(everyone(200)),
    "account_confirm_login_code": Expect(everyone(302)),
    "account_confirm_email": Expect(everyone(200), kwargs=lambda org: {"key": "bad-key"}),
    "account_reset_password_from_key_done": Expect(everyone(200)),
    "account_reset_password_from_key": Expect(
        everyone(200), kwargs=lambda org: {"uidb36": "zz", "key": "bad-key"}
    ),
    "account_reset_password_done": Expect(everyone(200)),
    "mfa_index": Expect(signed_in(200)),
    "mfa_authenticate": Expect(everyone(302)),
    "mfa_reauthenticate": Expect(signed_in(302)),  # no MFA yet: the password re-check
    "mfa_activate_totp": Expect(signed_in(302)),  # asks to re-enter the password first
    "mfa_deactivate_totp": Expect(signed_in(404)),
    "mfa_view_recovery_codes": Expect(signed_in(404)),
    "mfa_generate_recovery_codes": Expect(signed_in(302)),
    "mfa_download_recovery_codes": Expect(signed_in(404)),
}


def _app_rules() -> dict[str, Expect]:
    """Rules that apps keep beside their own tests, in tests/<app>/url_rules.py."""
    import tests

    rules: dict[str, Expect] = {}
    for module in pkgutil.iter_modules(tests.__path__):
        try:
            found = importlib.import_module(f"tests.{module.name}.url_rules")
        except ModuleNotFoundError:
            continue
        rules.update(found.RULES)
    return rules


EXPECTATIONS.update(_app_rules())

# Every admin page answers non-staff with the admin sign-in; a few representative ones are hit.
ADMIN_SAMPLES = {
    "admin:index": {},
    "admin:app_list": {"app_label": "employees"},
    "admin:employees_employee_changelist": {},
    "admin:employees_employee_change": {"object_id": "1"},
    "admin:accounts_user_changelist": {},
}


def _walk(patterns: list[Any], namespace: str | None = None) -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            ns = f"{namespace}:{inner}" if namespace and inner else inner or namespace
            yield from _walk(pattern.url_patterns, ns)
        elif isinstance(pattern, URLPattern):
            name = pattern.name or f"<unnamed {pattern.pattern}>"
            yield f"{namespace}:{name}" if namespace else name


def test_every_url_has_an_expectation() -> None:
    names = set(_walk(get_resolver().url_patterns))
    unexpected = {n for n in names if not n.startswith("admin:")} - set(EXPECTATIONS)
    assert not unexpected, f"URL patterns with no access expectation: {sorted(unexpected)}"
    assert set(EXPECTATIONS) <= names, "expectations for URLs that no longer exist"


def _check(response: Any, expected: Code, url: str, persona: str) -> None:
    where = f"{persona} -> {url}"
    if expected == LOGIN:
        assert response.status_code == 302, where
        assert response["Location"].startswith(reverse("account_login")), where
    elif expected == ADMIN_LOGIN:
        assert response.status_code == 302, where
        assert response["Location"].startswith(reverse("admin:login")), where
    elif isinstance(expected, tuple):
        assert response.status_code in expected, f"{where}: {response.status_code}"
    else:
        assert response.status_code == expected, f"{where}: {response.status_code}"


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(EXPECTATIONS))
def test_persona_gets_what_the_rules_say(org: Org, persona: str, name: str) -> None:
    expect = EXPECTATIONS[name]
    url = reverse(name, kwargs=expect.kwargs(org))
    client = client_for(persona_user(org, persona))
    response = getattr(client, expect.method)(url, expect.data)
    _check(response, expect.codes[persona], url, persona)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(ADMIN_SAMPLES))
def test_admin_is_for_staff_only(org: Org, persona: str, name: str) -> None:
    url = reverse(name, kwargs=ADMIN_SAMPLES[name])
    response = client_for(persona_user(org, persona)).get(url)
    _check(response, ADMIN_LOGIN, url, persona)
