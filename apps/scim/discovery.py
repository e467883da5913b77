"""What an identity provider reads before it provisions (RFC 7644 section 4)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from apps.scim.resources import CORE, ENTERPRISE, GROUP

_CONFIG = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"
_RESOURCE_TYPE = "urn:ietf:params:scim:schemas:core:2.0:ResourceType"
_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema"


def service_provider_config(request: HttpRequest) -> dict[str, Any]:
    return {
        "schemas": [_CONFIG],
        "documentationUri": request.build_absolute_uri("/") + "#integrations",
        "patch": {"supported": True},
        "bulk": {"supported": False, "maxOperations": 0, "maxPayloadSize": 0},
        "filter": {"supported": True, "maxResults": 200},
        "changePassword": {"supported": False},
        "sort": {"supported": False},
        "etag": {"supported": False},
        "authenticationSchemes": [
            {
                "type": "oauthbearertoken",
                "name": "Bearer token",
                "description": "A CareerMap API token with the scim scope, created by HR.",
                "primary": True,
            }
        ],
    }


def resource_types(request: HttpRequest) -> dict[str, Any]:
    types: list[dict[str, Any]] = [
        {"schemas": [_RESOURCE_TYPE], "id": "User", "name": "User", "endpoint": "/Users",
         "schema": CORE, "schemaExtensions": [{"schema": ENTERPRISE, "required": False}],
         "meta": {"resourceType": "ResourceType",
                  "location": request.build_absolute_uri(reverse("scim:resource-types"))}},
        {"schemas": [_RESOURCE_TYPE], "id": "Group", "name": "Group", "endpoint": "/Groups",
         "schema": GROUP,
         "meta": {"resourceType": "ResourceType",
                  "location": request.build_absolute_uri(reverse("scim:resource-types"))}},
    ]  # fmt: skip
    return _list(types)


def _attribute(name: str, kind: str = "string", **extra: Any) -> dict[str, Any]:
    return {"name": name, "type": kind, "multiValued": False, "required": False,
            "mutability": "readWrite", "returned": "default", **extra}  # fmt: skip


def schemas() -> dict[str, Any]:
    user = {
        "schemas": [_SCHEMA], "id": CORE, "name": "User",
        "attributes": [
            _attribute("userName", required=True, uniqueness="server"),
            _attribute("name", "complex"), _attribute("displayName"),
            _attribute("emails", "complex", multiValued=True),
            _attribute("active", "boolean"), _attribute("timezone"),
        ],
    }  # fmt: skip
    enterprise = {
        "schemas": [_SCHEMA], "id": ENTERPRISE, "name": "EnterpriseUser",
        "attributes": [_attribute("employeeNumber"), _attribute("department"),
                       _attribute("manager", "complex")],
    }  # fmt: skip
    group = {
        "schemas": [_SCHEMA], "id": GROUP, "name": "Group",
        "attributes": [_attribute("displayName", mutability="readOnly"),
                       _attribute("members", "complex", multiValued=True)],
    }  # fmt: skip
    return _list([user, enterprise, group])


def _list(resources: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
        "totalResults": len(resources),
        "startIndex": 1,
        "itemsPerPage": len(resources),
        "Resources": resources,
    }
