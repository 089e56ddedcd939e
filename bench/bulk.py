"""Bulk rows into the models' own tables with PostgreSQL COPY.

Each row is a dict keyed by the table's column names. A column not given takes the
model's scalar default (`default=False`, `default=1`, ...), an integer primary key not
given takes its sequence, and a nullable column not given is NULL; any other missing
column is an error, so a model that gains a required column makes the generator fail
loudly instead of writing rows the application would not.
"""

from __future__ import annotations

import enum
import itertools
import json
from collections.abc import Iterable

import sqlalchemy as sa

_MISSING = object()


def _fill(column: sa.Column):
    """The value for a column the row does not give, _MISSING to leave it out of COPY."""
    default = column.default
    if default is not None and default.is_scalar:
        value = default.arg
        return value.value if isinstance(value, enum.Enum) else value
    if column.primary_key and column.autoincrement in (True, "auto") and isinstance(column.type, sa.Integer):
        return _MISSING
    if default is not None:
        raise ValueError(f"{column.table.name}.{column.name} has a computed default: give it a value")
    if column.server_default is not None:
        return _MISSING
    if column.nullable:
        return None
    raise ValueError(f"{column.table.name}.{column.name} is required")


def _value(column: sa.Column, value):
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (dict, list)) and isinstance(column.type, sa.JSON):
        return json.dumps(value, ensure_ascii=False)
    return value


def copy_rows(connection, table: sa.Table, rows: Iterable[dict]) -> int:
    """COPY rows into `table` on a psycopg connection (inside the caller's transaction)."""
    iterator = iter(rows)
    first = next(iterator, None)
    if first is None:
        return 0
    unknown = set(first) - set(table.columns.keys())
    if unknown:
        raise ValueError(f"{table.name} has no columns {sorted(unknown)}")
    plan = []
    for column in table.columns:
        if column.key in first:
            plan.append((column, None))
        else:
            filled = _fill(column)
            if filled is not _MISSING:
                plan.append((column, filled))
    names = ", ".join(f'"{column.name}"' for column, _f in plan)
    count = 0
    with connection.cursor() as cursor, cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
        for row in itertools.chain([first], iterator):
            copy.write_row([_value(c, row[c.key]) if c.key in row else f for c, f in plan])
            count += 1
    return count
