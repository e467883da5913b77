"""The org chart: a picture of the reporting tree under one person, laid out on the server.

One query reads the sub-tree the viewer may see, a few levels deep (the indexed path prefix
and the depth column), in breadth-first order, so a very wide organisation is cut at the
deepest level first and the chart says how many people it left out. The layout is a tidy tree:
leaves take the next free column, a manager sits centred over their reports. The template
draws it as SVG (positions are attributes, so the strict CSP is kept).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from apps.employees.models import Employee

NODE_WIDTH, NODE_HEIGHT = 208, 64
COLUMN_GAP, LEVEL_GAP = 16, 56
DEPTHS = (1, 2, 3)
DEFAULT_DEPTH = 2
MAX_NODES = 250  # beyond this the picture stops being readable: zoom into a sub-tree instead
NAME_CHARACTERS = 26


@dataclass
class Box:
    person: Employee
    x: float = 0.0
    y: float = 0.0
    children: list[Box] = field(default_factory=list)

    @property
    def hidden_reports(self) -> int:
        """Reports not drawn (below the chosen depth, or cut): the box offers to zoom in."""
        return max(0, (getattr(self.person, "report_count", 0) or 0) - len(self.children))

    @property
    def label(self) -> str:
        return _short(self.person.full_name)

    @property
    def role(self) -> str:
        role = self.person.current_role
        return _short(role.title if role else "No role recorded")

    @property
    def centre(self) -> float:
        return self.x + NODE_WIDTH / 2


@dataclass
class Chart:
    root: Box
    boxes: list[Box]
    edges: list[str]  # SVG path data, one elbow per reporting line
    width: float
    height: float
    left_out: int  # people in the chosen depth not drawn (over MAX_NODES)


def _short(text: str) -> str:
    return text if len(text) <= NAME_CHARACTERS else text[: NAME_CHARACTERS - 1] + "…"


def org_chart(visible: Any, root: Employee, depth: int) -> Chart:
    """``visible``: the viewer's employee queryset (``Employee.objects.visible_to``)."""
    people = (
        visible.active()
        .in_subtree(root)
        .filter(depth__lte=root.depth + depth)
        .with_related()
        .with_report_counts()
        .order_by("depth", "full_name", "pk")
    )
    rows = list(people[: MAX_NODES + 1])
    total = people.count() if len(rows) > MAX_NODES else len(rows)
    boxes = _boxes(rows[:MAX_NODES], root)
    top = boxes.get(root.pk) or Box(root)
    _place(top, 0, [0.0])
    drawn = list(_walk(top))
    width = max(b.x for b in drawn) + NODE_WIDTH
    height = max(b.y for b in drawn) + NODE_HEIGHT
    return Chart(top, drawn, list(_edges(top)), width, height, max(0, total - len(drawn)))


def _boxes(rows: list[Employee], root: Employee) -> dict[int, Box]:
    boxes = {person.pk: Box(person) for person in rows}
    for person in rows:
        if person.pk == root.pk or person.manager_id is None:
            continue
        parent = boxes.get(person.manager_id)
        if parent is not None:
            parent.children.append(boxes[person.pk])
    return boxes


def _place(box: Box, level: int, next_column: list[float]) -> None:
    box.y = level * (NODE_HEIGHT + LEVEL_GAP)
    if not box.children:
        box.x = next_column[0]
        next_column[0] += NODE_WIDTH + COLUMN_GAP
        return
    for child in box.children:
        _place(child, level + 1, next_column)
    box.x = (box.children[0].x + box.children[-1].x) / 2


def _walk(box: Box) -> list[Box]:
    found = [box]
    for child in box.children:
        found.extend(_walk(child))
    return found


def _edges(box: Box) -> list[str]:
    edges = []
    middle = box.y + NODE_HEIGHT + LEVEL_GAP / 2
    for child in box.children:
        edges.append(
            f"M{box.centre:g},{box.y + NODE_HEIGHT:g} V{middle:g} H{child.centre:g} V{child.y:g}"
        )
        edges.extend(_edges(child))
    return edges
