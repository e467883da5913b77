"""SCIM PATCH (RFC 7644 section 3.5.2) over a User resource, in the shapes Entra ID and Okta send.

Entra ID: ``{"op": "Replace", "path": "active", "value": "False"}``, paths such as
``name.givenName``, ``emails[type eq "work"].value`` and
``urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager``; Okta: ``{"op":
"replace", "value": {"active": false}}`` with no path. Operations apply to the resource as a
dict; the result is then written like a PUT, so one code path validates every write.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from apps.scim.resources import ENTERPRISE, PATCH_OP, ScimError

_FILTERED = re.compile(r'^(?P<attr>\w+)\[type eq "(?P<type>\w+)"\]\.(?P<sub>\w+)$')


def apply_patch(resource: dict[str, Any], body: Mapping[str, Any]) -> dict[str, Any]:
    if PATCH_OP not in (body.get("schemas") or []):
        raise ScimError(400, f"A PATCH request names the {PATCH_OP} schema.", "invalidSyntax")
    operations = body.get("Operations")
    if not isinstance(operations, list) or not operations:
        raise ScimError(400, "Operations must be a non-empty list.", "invalidSyntax")
    for operation in operations:
        if not isinstance(operation, Mapping):
            raise ScimError(400, "Each operation must be an object.", "invalidSyntax")
        _apply_one(resource, operation)
    return resource


def _apply_one(resource: dict[str, Any], operation: Mapping[str, Any]) -> None:
    op = str(operation.get("op", "")).lower()
    if op not in {"add", "replace", "remove"}:
        raise ScimError(400, f"“{operation.get('op')}” is not a PATCH operation.", "invalidSyntax")
    path, value = operation.get("path"), operation.get("value")
    if not path:
        if op == "remove" or not isinstance(value, Mapping):
            raise ScimError(400, "Without a path, the value must be an object.", "noTarget")
        for key, item in value.items():
            _set(resource, str(key), item)
        return
    _set(resource, str(path), None if op == "remove" else value)


def _set(resource: dict[str, Any], path: str, value: Any) -> None:
    if path.startswith(ENTERPRISE + ":"):
        extension = resource.setdefault(ENTERPRISE, {})
        extension[path[len(ENTERPRISE) + 1 :]] = value
        return
    if path == ENTERPRISE and isinstance(value, Mapping):
        resource.setdefault(ENTERPRISE, {}).update(value)
        return
    if matched := _FILTERED.match(path):
        _set_filtered(resource, matched["attr"], matched["type"], matched["sub"], value)
        return
    if "." in path:
        parent, child = path.split(".", 1)
        part = resource.setdefault(parent, {})
        if parent == "name" and child in {"givenName", "familyName"}:
            part.pop("formatted", None)  # the parts now say the name
        part[child] = value
        return
    resource[path] = value


def _set_filtered(resource: dict[str, Any], attr: str, kind: str, sub: str, value: Any) -> None:
    """``emails[type eq "work"].value``: the entry of that type, created if missing."""
    entries = resource.setdefault(attr, [])
    for entry in entries:
        if isinstance(entry, dict) and entry.get("type") == kind:
            entry[sub] = value
            return
    entries.append({"type": kind, sub: value})
