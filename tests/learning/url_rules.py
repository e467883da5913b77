"""Who may use the learning-resource catalogue: everyone with an employee record browses it
(and HR); only HR maintains it; "Add to my plan" needs an employee record (a map to add to)."""

from __future__ import annotations

from typing import Any

from apps.learning.models import LearningResource, ResourceSkill
from tests.access_matrix import Expect, signed_in
from tests.conftest import Org
from tests.factories import SkillFactory


def _resource(org: Org) -> dict[str, Any]:
    resource = LearningResource.objects.create(title="SQL basics", url="https://example.com/sql")
    ResourceSkill.objects.create(resource=resource, skill=SkillFactory(name="SQL"), level=3)
    return {"resource_id": resource.public_id}


def _resource_skill(org: Org) -> dict[str, Any]:
    kwargs = _resource(org)
    return {**kwargs, "skill_id": ResourceSkill.objects.get().skill_id}


BROWSERS = signed_in(200, nobody=404)
EMPLOYEES = signed_in(200, nobody=404, hr=404)
HR_ONLY = signed_in(404, hr=200)
HR_REDIRECTED = signed_in(404, hr=302)

RULES: dict[str, Expect] = {
    "learning:catalogue": Expect(BROWSERS),
    "careermaps:resource-add": Expect(EMPLOYEES, kwargs=_resource),
    "learning:create": Expect(HR_ONLY),
    "learning:edit": Expect(HR_ONLY, kwargs=_resource),
    "learning:delete": Expect(HR_ONLY, kwargs=_resource),
    # An empty add-skill form comes back with its errors; the others redirect to the edit page.
    "learning:skill-add": Expect(HR_ONLY, kwargs=_resource, method="post"),
    "learning:skill-edit": Expect(
        HR_REDIRECTED, kwargs=_resource_skill, method="post", data={"level": 4}
    ),
    "learning:skill-remove": Expect(HR_REDIRECTED, kwargs=_resource_skill, method="post"),
}
