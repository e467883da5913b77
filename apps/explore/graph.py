"""The "where can I go from here" picture: reachable roles laid out in columns by steps, as SVG.

A layered layout, computed here and drawn by the template: one column per number of steps from
the start role, each column centred vertically, every move a curve to the next column. Only our
own numbers reach the SVG attributes; titles are text nodes (escaped by the template).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import ngettext

from apps.employees.models import Employee
from apps.explore.paths import (
    DEFAULT_MAX_STEPS,
    RankedRole,
    Reach,
    ranked_roles_from,
    reachable_roles,
)
from apps.roles.models import Role, RoleTransition, TransitionKind

NODE_WIDTH, NODE_HEIGHT = 210, 74
COLUMN_GAP, ROW_GAP, MARGIN = 72, 18, 12
MAX_NODES_PER_COLUMN = 8
TITLE_CHARS = 22


@dataclass(frozen=True, slots=True)
class Hop:
    kind: str
    role: Role

    @property
    def kind_label(self) -> str:
        return str(TransitionKind(self.kind).label)


@dataclass(frozen=True, slots=True)
class Destination:
    """A reachable role, how to get there, and (for me) how ready I am for it."""

    role: Role
    reach: Reach
    hops: tuple[Hop, ...]
    ranked: RankedRole | None

    @property
    def readiness(self) -> float | None:
        return self.ranked.readiness if self.ranked else None

    @property
    def score(self) -> float | None:
        return self.ranked.score if self.ranked else None


@dataclass(frozen=True, slots=True)
class Node:
    role: Role
    x: int
    y: int
    steps: int
    readiness: float | None
    is_start: bool
    is_target: bool

    @property
    def title_lines(self) -> list[str]:
        """The title wrapped to two lines at most (SVG text does not wrap), cut with "…"."""
        lines: list[str] = []
        for word in self.role.title.split():
            if lines and len(lines[-1]) + 1 + len(word) <= TITLE_CHARS:
                lines[-1] += " " + word
            else:
                lines.append(word)
        if len(lines) > 2:
            lines = [lines[0], " ".join(lines[1:])]
        return [
            line if len(line) <= TITLE_CHARS else line[: TITLE_CHARS - 1].rstrip() + "…"
            for line in lines
        ]

    @property
    def text_x(self) -> int:
        return self.x + 12

    @property
    def title_y(self) -> int:
        return self.y + 21

    @property
    def meta_y(self) -> int:
        return self.y + 56

    @property
    def bar_y(self) -> int:
        return self.y + NODE_HEIGHT - 10

    @property
    def track_width(self) -> int:
        return NODE_WIDTH - 24

    @property
    def bar_width(self) -> int:
        """The readiness bar inside the node, as an SVG width (an attribute, not a style)."""
        return round((NODE_WIDTH - 24) * (self.readiness or 0) / 100)

    @property
    def band(self) -> str:
        if self.readiness is None:
            return "none"
        return "high" if self.readiness >= 80 else "mid" if self.readiness >= 50 else "low"


@dataclass(frozen=True, slots=True)
class Edge:
    kind: str
    label: str
    path: str  # SVG path data: a curve from the right of one node to the left of the next


@dataclass(frozen=True, slots=True)
class PathMap:
    nodes: list[Node]
    edges: list[Edge]
    width: int
    height: int
    hidden: int  # reachable roles left out of the drawing (all are in the table)


def destinations_from(
    me: Employee | None, start: Role
) -> tuple[list[Destination], dict[int, Role]]:
    """Every role within reach of ``start``, best fit first for me (else nearest first)."""
    ranked = ranked_roles_from(me, start.pk) if me is not None else []
    reaches = [item.reach for item in ranked] if me is not None else reachable_roles(start.pk)
    ranked_by_id = {item.role_id: item for item in ranked}
    roles = Role.objects.select_related("family").in_bulk([r.role_id for r in reaches])
    roles[start.pk] = start
    return [
        Destination(
            roles[reach.role_id],
            reach,
            tuple(
                Hop(kind, roles[role_id])
                for kind, role_id in zip(reach.kinds, reach.path[1:], strict=True)
            ),
            ranked_by_id.get(reach.role_id),
        )
        for reach in reaches
    ], roles


def _columns(start: Role, destinations: list[Destination]) -> list[list[Destination | Role]]:
    """Roles by number of steps. Each column keeps its best-ranked roles whose previous role is
    drawn, ordered under that previous role (fewer crossings), then by title: deterministic.
    """
    columns: list[list[Any]] = [[start]]
    for steps in range(1, DEFAULT_MAX_STEPS + 1):
        row_of = {
            item.pk if isinstance(item, Role) else item.role.pk: i
            for i, item in enumerate(columns[-1])
        }
        candidates = [
            d for d in destinations if d.reach.steps == steps and d.reach.previous_role_id in row_of
        ]
        kept = candidates[:MAX_NODES_PER_COLUMN]  # destinations arrive best first
        kept.sort(key=lambda d: (row_of[d.reach.previous_role_id], d.role.title, d.role.pk))
        if not kept:
            break
        columns.append(kept)
    return columns


def path_map(
    start: Role, destinations: list[Destination], target_id: int | None, moves: list[RoleTransition]
) -> PathMap:
    """A layered layout: one column per number of steps, each column centred vertically."""
    columns = _columns(start, destinations)
    rows = max(len(column) for column in columns)
    pitch = NODE_HEIGHT + ROW_GAP
    nodes: list[Node] = []
    for steps, column in enumerate(columns):
        top = MARGIN + (rows - len(column)) * pitch // 2
        x = MARGIN + steps * (NODE_WIDTH + COLUMN_GAP)
        for i, item in enumerate(column):
            the_role = item if isinstance(item, Role) else item.role
            readiness = None if isinstance(item, Role) else item.readiness
            nodes.append(
                Node(
                    the_role,
                    x,
                    top + i * pitch,
                    steps,
                    readiness,
                    is_start=steps == 0,
                    is_target=the_role.pk == target_id,
                )
            )
    return PathMap(
        nodes=nodes,
        edges=_edges(nodes, moves),
        width=2 * MARGIN + len(columns) * (NODE_WIDTH + COLUMN_GAP) - COLUMN_GAP,
        height=2 * MARGIN + rows * pitch - ROW_GAP,
        hidden=len(destinations) - (len(nodes) - 1),
    )


def _edges(nodes: list[Node], moves: list[RoleTransition]) -> list[Edge]:
    """The moves from one column to the next between drawn roles, as curves."""
    at = {node.role.pk: node for node in nodes}
    edges = []
    for move in moves:
        start, end = at.get(move.from_role_id), at.get(move.to_role_id)
        if start is None or end is None or end.steps != start.steps + 1:
            continue
        x1, y1 = start.x + NODE_WIDTH, start.y + NODE_HEIGHT // 2
        x2, y2 = end.x - 6, end.y + NODE_HEIGHT // 2  # leave room for the arrowhead
        middle = (x1 + x2) // 2
        label = ngettext(
            "%(from)s to %(to)s: %(kind)s, typically %(months)s month",
            "%(from)s to %(to)s: %(kind)s, typically %(months)s months",
            move.typical_months,
        ) % {
            "from": start.role.title,
            "to": end.role.title,
            "kind": str(move.get_kind_display()).lower(),
            "months": move.typical_months,
        }
        edges.append(Edge(move.kind, label, f"M{x1},{y1} C{middle},{y1} {middle},{y2} {x2},{y2}"))
    return edges
