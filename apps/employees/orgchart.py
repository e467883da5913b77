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
from urllib.parse import urlencode
from uuid import UUID

from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext as _

from apps.employees import access
from apps.employees.forms import ChartForm
from apps.employees.models import Employee
from apps.employees.querysets import EmployeeQuerySet

NODE_WIDTH, NODE_HEIGHT = 208, 76
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
    mark: Any = None  # an overlay a higher app attaches (HR's succession marks)

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
        return _short(role.title if role else _("No role recorded"))

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


# --------------------------------------------------------------------------- the page


def chart_page(request: HttpRequest, url: str) -> dict[str, Any] | str:
    """The chart page's context for ``request``'s viewer, or the URL to go to (a search that
    found one person). ``url`` is the page's own address (the plain chart or HR's overlay)."""
    visible = Employee.objects.visible_to(request.user)
    # The depth shown is the depth drawn, also when the URL names none.
    form = ChartForm({**request.GET.dict(), "depth": request.GET.get("depth") or DEFAULT_DEPTH})
    data = form.cleaned_data if form.is_valid() else {}
    depth = data.get("depth") or DEFAULT_DEPTH
    if text := (data.get("person") or "").strip():
        if (found := _search(visible, text)) is not None:
            return f"{url}?{urlencode({'root': found.public_id, 'depth': depth})}"
        form.add_error(
            "person",
            _(
                "No one in your part of the organisation has this name or email (or several "
                "people share the name): pick from the suggestions."
            ),
        )
    root = _root(request, visible)
    return {
        "chart": org_chart(visible, root, depth) if root is not None else None,
        "form": form,
        "root": root,
        "depth": depth,
        "up": _up(visible, root),
        "chart_url": url,
    }


def _root(request: HttpRequest, visible: EmployeeQuerySet) -> Employee | None:
    if root_id := request.GET.get("root"):
        try:
            return access.get_employee_for(request.user, UUID(root_id))
        except ValueError:
            return None
    if getattr(request.user, "is_hr", False):
        return visible.active().filter(manager__isnull=True).order_by("full_name", "pk").first()
    return access.viewer_employee(request.user)


def _search(visible: EmployeeQuerySet, text: str) -> Employee | None:
    """The one person of the viewer's part of the organisation that ``text`` names."""
    found = visible.active().filter(Q(work_email__iexact=text) | Q(full_name__iexact=text))
    matches = list(found.order_by("pk")[:2])
    return matches[0] if len(matches) == 1 else None


def _up(visible: EmployeeQuerySet, root: Employee | None) -> Employee | None:
    if root is None or root.manager_id is None:
        return None
    return visible.filter(pk=root.manager_id).first()
