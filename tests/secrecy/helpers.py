"""What someone with the database could read: PostgreSQL's system columns and raw heap pages."""

from __future__ import annotations

import sqlalchemy as sa


def xmin_by(connection, table: str, key: str, where: str, params: dict) -> dict:
    """{key value: xmin} for the rows of `table` matching `where` (fixed SQL from the tests)."""
    rows = connection.execute(
        sa.text(f"SELECT {key}, xmin::text::bigint FROM {table} WHERE {where}"),
        params,
    )
    return {value: xmin for value, xmin in rows}


def physical_order(connection, table: str, key: str, where: str, params: dict) -> list:
    """The rows' keys in storage order (ctid), as a sequential scan returns them."""
    return list(
        connection.execute(
            sa.text(f"SELECT {key} FROM {table} WHERE {where} ORDER BY ctid"),
            params,
        ).scalars()
    )


def heap_xmins(connection, table: str) -> set[int]:
    """The xmin of every row version still stored in the table's pages, dead ones included
    (pageinspect reads the raw pages; a superuser with the database can do the same)."""
    connection.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pageinspect"))
    pages = connection.execute(
        sa.text("SELECT pg_relation_size(CAST(:t AS regclass)) / current_setting('block_size')::int"),
        {"t": table},
    ).scalar()
    found: set[int] = set()
    for page in range(pages):
        found.update(
            connection.execute(
                sa.text(
                    "SELECT t_xmin::text::bigint FROM heap_page_items(get_raw_page(:t, :p)) "
                    "WHERE t_xmin IS NOT NULL"
                ),
                {"t": table, "p": page},
            ).scalars()
        )
    return found
