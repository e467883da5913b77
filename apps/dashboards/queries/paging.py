"""Paging the dashboard's panels: a page past the end shows the last page, at no extra query."""

from __future__ import annotations

PER_PAGE = 50

# A page past the end shows the last page: the offset is clamped in SQL, so it costs no second
# query. Parameters: the asked-for offset, then the page size twice.
_CLAMP = "LEAST(%s, (SELECT (GREATEST(count(*), 1) - 1) / %s * %s FROM {rows}))"


def clamped_offset(rows: str = "scored") -> str:
    """The clamped offset over the CTE ``rows`` (one row per person of the panel)."""
    if not rows.isidentifier():
        raise ValueError(f"Not an SQL name: {rows!r}")
    return _CLAMP.format(rows=rows)


CLAMPED_OFFSET = clamped_offset("scored")

# The same over a one-row CTE that already holds the count in ``n``, for a statement that
# needs the count anyway (counting twice read the whole sub-tree twice).
_CLAMP_OF_COUNT = "LEAST(%s, (SELECT (GREATEST(n, 1) - 1) / %s * %s FROM {count}))"


def clamped_offset_of_count(count: str = "total") -> str:
    """The clamped offset, the count read from the CTE ``count`` (one row, column ``n``)."""
    if not count.isidentifier():
        raise ValueError(f"Not an SQL name: {count!r}")
    return _CLAMP_OF_COUNT.format(count=count)


def last_page(page: int, total: int, per_page: int) -> int:
    return min(max(1, page), max(1, -(-total // per_page)))


class Paged:
    """Previous / next for a page of people (``page`` and ``pages`` from the subclass)."""

    page: int

    @property
    def pages(self) -> int:
        raise NotImplementedError

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def previous_page(self) -> int:
        return self.page - 1

    @property
    def next_page(self) -> int:
        return self.page + 1
