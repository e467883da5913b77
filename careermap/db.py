"""How queries reach PostgreSQL: bound on the server, and prepared once they repeat.

A page's small queries spend more time being planned than run (EXPLAIN: the viewer's own
record, a five-table join, plans in 1.1 ms and runs in 0.3 ms). With server-side binding,
psycopg prepares a statement once it has run ``prepare_threshold`` times on a connection, and
PostgreSQL then reuses its plan: the connection persists (``CONN_MAX_AGE``), so the hot
queries of every page are planned once a minute per worker instead of once a request.

One kind is never prepared: a query that scopes people by a sub-tree prefix (``path LIKE``).
Its best plan depends on the size of the sub-tree (an index range for a team of 200, a scan
for the whole organisation), and a plan PostgreSQL settled on for the CEO would then serve
every small team on that connection.
"""

from __future__ import annotations

from typing import Any

from django.db.backends.postgresql.base import ServerBindingCursor


def _preparable(query: Any) -> bool | None:
    """False for a prefix scope; None leaves the choice to psycopg's ``prepare_threshold``."""
    if not isinstance(query, str):
        return False  # composed sql.SQL objects (rare): not worth inspecting
    return False if " LIKE " in query or " like " in query else None


class PreparingCursor(ServerBindingCursor):
    def execute(
        self,
        query: Any,
        params: Any = None,
        *,
        prepare: bool | None = None,
        binary: bool | None = None,
    ) -> Any:
        if prepare is None:
            prepare = _preparable(query)
        # The stubs do not know the psycopg cursor behind Django's class.
        return super().execute(query, params, prepare=prepare, binary=binary)  # type: ignore[misc]
