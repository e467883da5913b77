"""The kinds of import, by key: one module per kind, listed here explicitly."""

from __future__ import annotations

from apps.imports.kinds import (
    departments,
    employees,
    esco,
    ladder,
    onet,
    ratings,
    requirements,
    roles,
    skills,
)
from apps.imports.kinds.base import Kind

# Each kind's module adds its instance to this tuple (lowest-level records first: the upload
# page lists the kinds in this order).
_ALL: tuple[Kind, ...] = (
    skills.KIND,
    roles.KIND,
    requirements.KIND,
    departments.KIND,
    employees.KIND,
    ratings.KIND,
    esco.KIND,
    onet.KIND,
    ladder.KIND,
)

KINDS: dict[str, Kind] = {kind.key: kind for kind in _ALL}


def kind_for(key: str) -> Kind:
    """The kind of import ``key`` names; KeyError for an unknown one."""
    return KINDS[key]
