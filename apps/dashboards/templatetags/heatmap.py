"""The heatmap's cells, one tag call per row ({% load heatmap %}).

A page of the heatmap is 50 people by every skill their roles require (about 1,000 cells); as
template tags each cell cost two translations and a dozen lookups, and that was most of the
page's time (cProfile). Here a row is built in one call, and a cell's markup is made once per
distinct (gap, levels, source) in a render and reused: the cells repeat, the strings do not
change. Everything still goes through ``format_html``, so it stays escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from apps.dashboards.queries.heatmap import Cell

register = template.Library()

# A cell the person's role does not require: empty, styled by `.heat td:empty`.
_NOT_REQUIRED = SafeString("<td></td>")
_NO_CELLS = SafeString("")

# Cells made so far in this render, by what their markup depends on.
_Made = dict[tuple[int, int, int, bool, bool], SafeString]

_CELL = '<td class="heat--{}" title="{} {}">{}<span class="visually-hidden"> {}</span></td>'


def _source(cell: Cell) -> str:
    """Which rating the current level comes from, as the title says it."""
    if cell.manager_level is not None:
        return gettext("(manager's rating)")
    if cell.self_level is not None:
        return gettext("(self-rating)")
    return gettext("(not rated)")


def _cell(cell: Cell) -> SafeString:
    levels = {"has": cell.current_level, "needs": cell.required_level}
    return format_html(
        _CELL,
        cell.heat,
        gettext("Has %(has)s, needs %(needs)s") % levels,
        _source(cell),
        cell.gap,
        gettext("levels short (has %(has)s, needs %(needs)s)") % levels,
    )


@register.simple_tag(takes_context=True)
def heat_cells(context: template.Context, line: Sequence[Cell | None]) -> SafeString:
    """The ``<td>`` of one heatmap row, one per column (``HeatRow.line``)."""
    made = cast(_Made, context.render_context.setdefault("heat_cells", {}))  # type: ignore[arg-type]
    parts = []
    for cell in line:
        if cell is None:
            parts.append(_NOT_REQUIRED)
            continue
        key = (
            cell.gap,
            cell.current_level,
            cell.required_level,
            cell.manager_level is not None,
            cell.self_level is not None,
        )
        if key not in made:
            made[key] = _cell(cell)
        parts.append(made[key])
    if not parts:  # no one in view has a required skill: no columns
        return _NO_CELLS
    # One format_html for the row: each part is already safe, so it passes through unchanged
    # (format_html_join made one call per part, a quarter of the row's time).
    return format_html("{}" * len(parts), *parts)
