"""Everyone signed in has a preferences page (it offers only the reminders they can get)."""

from __future__ import annotations

from tests.access_matrix import Expect, signed_in

RULES: dict[str, Expect] = {
    "preferences:index": Expect(signed_in(200)),
}
