"""SCIM 2.0 provisioning with the request shapes Entra ID and Okta send (RFC 7644)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from apps.accounts.models import HR_GROUP
from apps.api import tokens
from apps.employees.models import Employee, EmploymentStatus
from apps.succession.models import AuditLog
from tests.conftest import Org

pytestmark = pytest.mark.django_db

ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
CORE = "urn:ietf:params:scim:schemas:core:2.0:User"
PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


class Scim:
    def __init__(self, secret: str) -> None:
        self.client = Client(headers={"Authorization": f"Bearer {secret}"})

    def call(self, method: str, path: str, body: Any = None) -> Any:
        send = getattr(self.client, method)
        data = json.dumps(body) if body is not None else None
        kwargs = {"data": data, "content_type": "application/scim+json"} if data else {}
        return send(f"/scim/v2/{path}", **kwargs)


def _secret(user: Any, scopes: tuple[str, ...] = ("scim",)) -> str:
    _token, secret = tokens.token_issue(owner=user, name="Entra ID", scopes=list(scopes))
    return secret


@pytest.fixture
def scim(org: Org) -> Scim:
    return Scim(_secret(org.hr_user))


def _entra_user(email: str, **extra: Any) -> dict[str, Any]:
    """What Entra ID posts to create a user (its default attribute mappings)."""
    return {
        "schemas": [CORE, ENTERPRISE],
        "externalId": "ada",
        "userName": email,
        "active": True,
        "displayName": "Ada Lovelace",
        "name": {"formatted": "Ada Lovelace", "givenName": "Ada", "familyName": "Lovelace"},
        "emails": [{"primary": True, "type": "work", "value": email}],
        ENTERPRISE: {"employeeNumber": "E9001", "department": "Analytics"},
        **extra,
    }


def test_entra_creates_a_user_who_is_an_employee_at_once(org: Org, scim: Scim) -> None:
    body = _entra_user("ada@example.com")
    body[ENTERPRISE]["manager"] = {"value": str(org.manager.public_id)}
    response = scim.call("post", "Users", body)
    assert response.status_code == 201, response.content
    assert response["Content-Type"] == "application/scim+json"
    created = response.json()
    ada = Employee.objects.get(work_email="ada@example.com")
    assert created["id"] == str(ada.public_id)
    assert response["Location"].endswith(f"/scim/v2/Users/{ada.public_id}")
    assert (ada.full_name, ada.external_id, ada.department.name) == (
        "Ada Lovelace", "E9001", "Analytics",
    )  # fmt: skip
    assert ada.manager == org.manager
    assert created[ENTERPRISE]["manager"]["value"] == str(org.manager.public_id)
    assert AuditLog.objects.filter(object_type="SCIM write", actor=org.hr_user).exists()


def test_a_taken_user_name_is_a_conflict(org: Org, scim: Scim) -> None:
    response = scim.call("post", "Users", _entra_user("employee@example.com"))
    assert response.status_code == 409
    assert response.json()["scimType"] == "uniqueness"


def test_bad_input_is_refused_with_the_reason_and_nothing_written(org: Org, scim: Scim) -> None:
    body = _entra_user("ada@example.com")
    body[ENTERPRISE]["manager"] = {"value": "5b0b5c3e-0000-4000-8000-000000000000"}
    response = scim.call("post", "Users", body)
    assert response.status_code == 400
    error = response.json()
    assert error["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]
    assert "manager" in error["detail"]
    assert not Employee.objects.filter(work_email="ada@example.com").exists()


def test_entra_finds_users_by_user_name(org: Org, scim: Scim) -> None:
    found = scim.call("get", 'Users?filter=userName eq "Employee@example.com"').json()
    assert found["totalResults"] == 1
    assert found["Resources"][0]["id"] == str(org.employee.public_id)
    assert (
        scim.call("get", 'Users?filter=userName eq "ghost@example.com"').json()["totalResults"] == 0
    )
    assert scim.call("get", 'Users?filter=title sw "x"').status_code == 400


def test_entra_patches_attributes_and_deactivates_with_a_string_false(org: Org, scim: Scim) -> None:
    path = f"Users/{org.teammate.public_id}"
    patch = {"schemas": [PATCH_OP], "Operations": [
        {"op": "Replace", "path": "name.givenName", "value": "Tea"},
        {"op": "Add", "path": f"{ENTERPRISE}:department", "value": "Platform"},
    ]}  # fmt: skip
    response = scim.call("patch", path, patch)
    assert response.status_code == 200, response.content
    org.teammate.refresh_from_db()
    assert (org.teammate.full_name, org.teammate.department.name) == ("Tea", "Platform")
    off = {"schemas": [PATCH_OP],
           "Operations": [{"op": "Replace", "path": "active", "value": "False"}]}  # fmt: skip
    assert scim.call("patch", path, off).json()["active"] is False
    org.teammate.refresh_from_db()
    org.teammate.user.refresh_from_db()
    assert org.teammate.status == EmploymentStatus.LEFT
    assert not org.teammate.user.is_active  # access removed at once


def test_okta_deactivates_with_a_pathless_replace(org: Org, scim: Scim) -> None:
    body = {"schemas": [PATCH_OP], "Operations": [{"op": "replace", "value": {"active": False}}]}
    assert scim.call("patch", f"Users/{org.employee.public_id}", body).status_code == 200
    org.employee.refresh_from_db()
    assert org.employee.status == EmploymentStatus.LEFT


def test_okta_replaces_a_user_with_put(org: Org, scim: Scim) -> None:
    body = {"schemas": [CORE], "userName": "employee@example.com",
            "name": {"givenName": "Emma", "familyName": "Ployee"},
            "emails": [{"value": "employee@example.com", "primary": True}],
            "active": True}  # fmt: skip
    response = scim.call("put", f"Users/{org.employee.public_id}", body)
    assert response.status_code == 200, response.content
    org.employee.refresh_from_db()
    assert org.employee.full_name == "Emma Ployee"


def test_delete_makes_a_leaver_never_a_deletion(org: Org, scim: Scim) -> None:
    assert scim.call("delete", f"Users/{org.teammate.public_id}").status_code == 204
    org.teammate.refresh_from_db()
    assert org.teammate.status == EmploymentStatus.LEFT


def test_an_email_cannot_be_moved_onto_another_person(org: Org, scim: Scim) -> None:
    body = {"schemas": [CORE], "userName": "teammate@example.com",
            "name": {"formatted": "Employee"}, "emails": []}  # fmt: skip
    response = scim.call("put", f"Users/{org.employee.public_id}", body)
    assert response.status_code == 400
    org.teammate.refresh_from_db()
    assert org.teammate.full_name == "Teammate"  # the other person is untouched


def test_the_hr_group_takes_members_from_the_identity_provider(org: Org, scim: Scim) -> None:
    member = [{"value": str(org.manager.public_id)}]
    add = {"schemas": [PATCH_OP],
           "Operations": [{"op": "Add", "path": "members", "value": member}]}  # fmt: skip
    assert scim.call("patch", "Groups/hr", add).status_code == 200
    assert org.manager.user.groups.filter(name=HR_GROUP).exists()
    members = {m["value"] for m in scim.call("get", "Groups/hr").json()["members"]}
    assert str(org.manager.public_id) in members
    remove = {"schemas": [PATCH_OP], "Operations": [
        {"op": "Remove", "path": f'members[value eq "{org.manager.public_id}"]'}]}  # fmt: skip
    assert scim.call("patch", "Groups/hr", remove).status_code == 200
    assert not org.manager.user.groups.filter(name=HR_GROUP).exists()


def test_only_an_hr_token_with_the_scim_scope_provisions(org: Org) -> None:
    assert Scim("not-a-token").call("get", "Users").status_code == 401
    assert Client().get("/scim/v2/Users")["WWW-Authenticate"].startswith("Bearer")
    read_only = Scim(_secret(org.hr_user, ("read",)))
    assert read_only.call("get", "Users").status_code == 403
    token, secret = tokens.token_issue(owner=org.hr_user, name="Okta", scopes=["scim"])
    tokens.token_revoke(token=token)
    assert Scim(secret).call("get", "Users").status_code == 401  # revoked: the next request


def test_discovery_endpoints_describe_what_is_supported(scim: Scim) -> None:
    config = scim.call("get", "ServiceProviderConfig").json()
    assert config["patch"]["supported"] is True
    assert config["bulk"]["supported"] is False
    types = {t["id"] for t in scim.call("get", "ResourceTypes").json()["Resources"]}
    assert types == {"User", "Group"}
    assert len(scim.call("get", "Schemas").json()["Resources"]) == 3


def test_a_malformed_manager_reference_is_bad_input(org: Org, scim: Scim) -> None:
    body = _entra_user("ada@example.com")
    body[ENTERPRISE]["manager"] = {"value": "not-a-uuid"}
    response = scim.call("post", "Users", body)
    assert response.status_code == 400
    assert response.json()["scimType"] == "invalidValue"
