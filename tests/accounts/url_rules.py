"""Who may open the security policy (collected by tests/project/test_url_access.py): HR."""

from __future__ import annotations

from tests.access_matrix import Expect, signed_in

RULES: dict[str, Expect] = {
    "accounts:security": Expect(signed_in(404, hr=200)),
}
