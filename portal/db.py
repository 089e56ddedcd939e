"""Database base class, column types and mixins shared by every domain."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Alembic needs deterministic constraint names to alter or drop them later
# (SQLite batch mode rebuilds tables and must find constraints by name).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(sa.types.TypeDecorator):
    """Timezone-aware UTC datetimes on every backend.

    SQLite has no time zone type and returns naive values; this type stores UTC
    and hands back aware datetimes, so comparisons never mix naive and aware.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use portal.db.utcnow()")
        return value.astimezone(UTC)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)


class LocalisedNameMixin:
    """Per-language names for things administrators name (campuses, categories, committees)."""

    name_nb: Mapped[str] = mapped_column(sa.String(120))
    name_nn: Mapped[str] = mapped_column(sa.String(120))
    name_en: Mapped[str] = mapped_column(sa.String(120))

    @property
    def name(self) -> str:
        from portal.i18n import current_language

        return getattr(self, f"name_{current_language()}") or self.name_nb

    def name_in(self, language: str) -> str:
        return getattr(self, f"name_{language}", None) or self.name_nb


def rows_changed(statement) -> int:
    """Run an UPDATE or DELETE in the current transaction; how many rows it changed."""
    from typing import cast

    from portal.extensions import db

    return cast(sa.CursorResult, db.session.execute(statement)).rowcount


def bump_version(row, expected_version: int | None = None) -> bool:
    """Optimistic lock: move `row` to its next version, unless its form was loaded before the
    last change (`expected_version`) or another writer moved it since it was loaded. False
    means stale: the caller refuses with its own domain's "stale", and nothing is overwritten."""
    from portal.extensions import db

    if expected_version is not None and expected_version != row.version:
        return False
    model = type(row)
    updated = rows_changed(
        sa.update(model)
        .where(model.id == row.id, model.version == row.version)
        .values(version=model.version + 1)
        .execution_options(synchronize_session=False)
    )
    if updated:
        db.session.refresh(row, ["version"])
    return bool(updated)


def configure_engines(app) -> None:
    """SQLite: enforce foreign keys, let SQLAlchemy own transactions (so savepoints work),
    and serialise writers. PostgreSQL needs none of this."""
    from portal.extensions import db

    with app.app_context():
        engine = db.engine
    if engine.dialect.name != "sqlite":
        return

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # pysqlite's own transaction handling breaks SAVEPOINT; take it over.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(connection):
        # IMMEDIATE takes the write lock at the start, so concurrent writers wait their
        # turn (busy_timeout) instead of failing when they upgrade a read to a write.
        connection.exec_driver_sql("BEGIN IMMEDIATE")


# Database objects that Alembic autogenerate cannot describe (they are created by hand
# in migrations): full-text search structures. Used by migrations/env.py and the drift test.
UNMANAGED_PREFIXES = ("issue_search", "ix_issue_search", "search_vector")


def alembic_include_object(obj, name, type_, reflected, compare_to) -> bool:
    return not (name or "").startswith(UNMANAGED_PREFIXES)
