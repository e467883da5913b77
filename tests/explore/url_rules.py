"""Who may use Explore roles (collected by tests/project/test_url_access.py).

Everyone with an employee record explores, and HR without one; a signed-in user with neither
gets 404. Only people with an employee record can set a target (it goes on their own map).
"""

from __future__ import annotations

from typing import Any

from tests.access_matrix import Expect, signed_in
from tests.conftest import Org
from tests.factories import RoleFactory

EXPLORERS = signed_in(200, nobody=404)


def _role(org: Org) -> dict[str, Any]:
    return {"role_id": RoleFactory().public_id}


RULES: dict[str, Expect] = {
    "explore:catalogue": Expect(EXPLORERS),
    "explore:paths": Expect(EXPLORERS),
    "explore:compare": Expect(EXPLORERS),
    "explore:role": Expect(EXPLORERS, kwargs=_role),
    "explore:target": Expect(signed_in(302, nobody=404, hr=404), kwargs=_role, method="post"),
}
