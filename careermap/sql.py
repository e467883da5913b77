"""Hand-written SQL, the two ways the project needs it: run a statement, embed a queryset.

A module that computes something in one statement (the gap engine, the dashboards, the
succession reports) writes its SQL text itself and passes every value as a parameter. When
that SQL must be narrowed to a queryset (the people a viewer may see, the latest talent
review), the queryset is compiled by Django and spliced in with its own parameters, so access
rules and filters are written once, in the ORM, and never retyped as SQL.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import connection
from django.db.models import QuerySet

Params = Sequence[Any] | Mapping[str, Any]


def fetch(sql: str, params: Params = ()) -> list[tuple[Any, ...]]:
    """Every row of one statement. ``params`` are positional (``%s``) or named (``%(x)s``)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params if isinstance(params, Mapping) else list(params))
        return cursor.fetchall()


def compiled(queryset: QuerySet[Any]) -> tuple[str, tuple[Any, ...]]:
    """The queryset's SELECT and its parameters, to embed as a subquery in hand-written SQL.

    Raises EmptyResultSet for a queryset that can match nothing (``.none()``), so the caller
    can answer "nothing" without a query.
    """
    return queryset.query.sql_with_params()


def pk_subquery(queryset: QuerySet[Any]) -> tuple[str, tuple[Any, ...]]:
    """The SQL selecting the queryset's primary keys (unordered), for ``... IN (<sql>)``.

    Raises EmptyResultSet for ``.none()``, like ``compiled``.
    """
    return compiled(queryset.order_by().values("pk"))
