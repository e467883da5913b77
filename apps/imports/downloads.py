"""The spreadsheets the import pages hand out: a kind's template, and a job's problems.

Both go through ``careermap.exports``, so every cell is made safe: the problems workbook
carries the uploaded file's own cells back, and what HR uploaded may start with ``=``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from django.utils.translation import gettext as _

from apps.imports.kinds import kind_for
from apps.imports.kinds.base import Kind, SourceError
from apps.imports.models import ImportJob
from careermap.exports import Row, Sheet
from careermap.tabular import Table

PROBLEMS_COLUMN = "Problems"


def template_rows(kind: Kind) -> tuple[list[str], list[list[str]]]:
    """The header (every column, required ones first as the kind lists them) and an example."""
    return [c.name for c in kind.columns], [[c.example for c in kind.columns]]


def template_sheets(kind: Kind) -> tuple[Sheet, Sheet]:
    header, rows = template_rows(kind)
    columns = Sheet(
        _("Columns"),
        [_("Column"), _("Required"), _("What it holds"), _("Example")],
        [
            [c.name, _("yes") if c.required else _("no"), str(c.description), c.example]
            for c in kind.columns
        ],
    )
    return Sheet(kind.key[:31], header, rows), columns


def problem_sheets(job: ImportJob) -> list[Sheet]:
    """The file's rows with a Problems column (the reasons of that row, one per line), when the
    file is a table; then every problem as row, column, reason."""
    issues = list(job.issues.values_list("row", "column", "message"))
    listed = Sheet("Problem list", ["Row", "Column", "Reason"], issues)
    table = _table(job)
    if table is None:
        return [listed]
    by_row: dict[int, list[str]] = defaultdict(list)
    for row, column, message in issues:
        by_row[row].append(f"{column}: {message}" if column else message)
    # The row numbers the problems give, beside the rows (blank rows of the file are skipped).
    header = ["Row", *table.columns, PROBLEMS_COLUMN]
    return [Sheet("Rows", header, _rows(table, by_row)), listed]


def _table(job: ImportJob) -> Table | None:
    try:
        source = kind_for(job.kind).read(bytes(job.data), job.file_name)
    except (KeyError, SourceError):  # a kind gone since, or a file that never read
        return None
    return source if isinstance(source, Table) else None


def _rows(table: Table, by_row: dict[int, list[str]]) -> Iterator[Row]:
    for row in table.rows:
        cells = (row.get(column) for column in table.columns)
        yield [row.number, *cells, "\n".join(by_row.get(row.number, []))]
