"""Who may use the SCIM URLs (collected by tests/project/test_url_access.py).

SCIM answers a browser session with 401 whoever is signed in: only an HR token with the scim
scope opens it (tests/scim/test_scim.py checks tokens and scopes).
"""

from __future__ import annotations

from tests.access_matrix import Expect, everyone

BEARER_ONLY = everyone(401)

RULES: dict[str, Expect] = {
    "scim:users": Expect(BEARER_ONLY),
    "scim:user": Expect(BEARER_ONLY, kwargs=lambda org: {"public_id": org.employee.public_id}),
    "scim:groups": Expect(BEARER_ONLY),
    "scim:group": Expect(BEARER_ONLY, kwargs=lambda org: {"group_id": "hr"}),
    "scim:service-provider-config": Expect(BEARER_ONLY),
    "scim:resource-types": Expect(BEARER_ONLY),
    "scim:schemas": Expect(BEARER_ONLY),
}
