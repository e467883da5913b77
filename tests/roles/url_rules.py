"""Access rules for the catalogue management URLs: HR only, 404 for everyone else."""

from __future__ import annotations

from typing import Any

from tests.access_matrix import Expect, signed_in
from tests.conftest import Org
from tests.factories import (
    JobFamilyFactory,
    RoleFactory,
    RoleRequirementFactory,
    RoleTransitionFactory,
)

HR_READS = signed_in(404, hr=200)
# A POST that saves redirects back (no htmx here).
HR_WRITES = signed_in(404, hr=302)
# The matrix posts no data: an add is refused with errors beside the fields, the page again.
HR_REFUSED = signed_in(404, hr=200)


def _role(org: Org) -> dict[str, Any]:
    return {"role_id": RoleFactory().public_id}


def _family(org: Org) -> dict[str, Any]:
    return {"family_id": JobFamilyFactory().pk}


def _requirement(org: Org) -> dict[str, Any]:
    requirement = RoleRequirementFactory()
    return {"role_id": requirement.role.public_id, "requirement_id": requirement.pk}


def _transition(org: Org) -> dict[str, Any]:
    transition = RoleTransitionFactory()
    return {"role_id": transition.from_role.public_id, "transition_id": transition.pk}


RULES: dict[str, Expect] = {
    "roles:catalogue": Expect(HR_READS),
    "roles:family-create": Expect(HR_READS),
    "roles:family-edit": Expect(HR_READS, kwargs=_family),
    "roles:family-delete": Expect(HR_WRITES, kwargs=_family, method="post"),
    "roles:role-create": Expect(HR_READS),
    "roles:role-edit": Expect(HR_READS, kwargs=_role),
    "roles:role-delete": Expect(HR_WRITES, kwargs=_role, method="post"),
    "roles:requirements": Expect(HR_READS, kwargs=_role),
    "roles:requirement-add": Expect(HR_REFUSED, kwargs=_role, method="post"),
    "roles:requirement-edit": Expect(HR_READS, kwargs=_requirement),
    "roles:requirement-delete": Expect(HR_WRITES, kwargs=_requirement, method="post"),
    "roles:transitions-out": Expect(HR_READS, kwargs=_role),
    "roles:transitions-in": Expect(HR_READS, kwargs=_role),
    "roles:transition-out-add": Expect(HR_REFUSED, kwargs=_role, method="post"),
    "roles:transition-in-add": Expect(HR_REFUSED, kwargs=_role, method="post"),
    "roles:transition-edit": Expect(HR_READS, kwargs=_transition),
    "roles:transition-delete": Expect(HR_WRITES, kwargs=_transition, method="post"),
}
