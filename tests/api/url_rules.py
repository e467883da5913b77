"""Who may use the API URLs (collected by tests/project/test_url_access.py).

The token page is for HR and managers (anyone with reports); everyone else gets 404. The
API answers a browser session with 401: only a bearer token opens it (tests/api/ check what
each token sees). The OpenAPI document and its docs page are public: they hold no data.
"""

from __future__ import annotations

from typing import Any

from apps.api import tokens
from tests.access_matrix import Expect, everyone, signed_in
from tests.conftest import Org
from tests.factories import RoleFactory

TOKEN_HOLDERS = signed_in(404, manager=200, director=200, hr=200)
BEARER_ONLY = everyone(401)


def _hr_token(org: Org) -> dict[str, Any]:
    token, _secret = tokens.token_issue(owner=org.hr_user, name="Sync", scopes=["read"])
    return {"public_id": token.public_id}


def _employee(org: Org) -> dict[str, Any]:
    return {"employee_id": org.employee.public_id}


def _fit(org: Org) -> dict[str, Any]:
    return {"employee_id": org.employee.public_id, "role_id": RoleFactory().public_id}


def _department(org: Org) -> dict[str, Any]:
    return {"department_id": org.employee.department_id}


def _role(org: Org) -> dict[str, Any]:
    return {"role_id": RoleFactory().public_id}


RULES: dict[str, Expect] = {
    "api:tokens": Expect(TOKEN_HOLDERS),
    "api:token-revoke": Expect(signed_in(404, hr=302), kwargs=_hr_token, method="post"),
    "api:api-root": Expect(everyone(404)),
    "api:openapi-json": Expect(everyone(200)),
    "api:openapi-view": Expect(everyone(200)),
    "api:list_employees": Expect(BEARER_ONLY),
    "api:create_employee": Expect(BEARER_ONLY),
    "api:get_employee": Expect(BEARER_ONLY, kwargs=_employee),
    "api:update_employee": Expect(BEARER_ONLY, kwargs=_employee),
    "api:list_ratings": Expect(BEARER_ONLY, kwargs=_employee),
    "api:get_fit": Expect(BEARER_ONLY, kwargs=_fit),
    "api:list_departments": Expect(BEARER_ONLY),
    "api:create_department": Expect(BEARER_ONLY),
    "api:get_department": Expect(BEARER_ONLY, kwargs=_department),
    "api:update_department": Expect(BEARER_ONLY, kwargs=_department),
    "api:list_roles": Expect(BEARER_ONLY),
    "api:create_role": Expect(BEARER_ONLY),
    "api:get_role": Expect(BEARER_ONLY, kwargs=_role),
    "api:update_role": Expect(BEARER_ONLY, kwargs=_role),
    "api:list_skills": Expect(BEARER_ONLY),
    "api:bench_strength": Expect(BEARER_ONLY),
    "api:skill_supply": Expect(BEARER_ONLY),
}
