"""The roll-apart-from-box mechanism (see the package docstring): cast, reseal, vacuum."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from portal.db import utcnow
from portal.extensions import db
from portal.i18n import OSLO


class AlreadyOnRoll(Exception):
    """This person is on the round's roll already: their one answer is in the box."""


def new_box_id() -> str:
    """128 random bits as 32 hex digits: no order, nothing to guess."""
    return secrets.token_hex(16)


def roll_day(now: datetime | None = None) -> date:
    """The roll keeps the day in Oslo, never a time."""
    return (now or utcnow()).astimezone(OSLO).date()


@dataclass(frozen=True)
class SecretBox:
    """One domain's roll and box. Column names default to the usual ones.

    `children` are the tables keyed by the box id (name of the table -> its column
    holding the box id). `open_rounds(now)` lists the rounds whose box is open for
    answers now: the cron reseals those.
    """

    name: str
    round_table: Any  # a model's __table__ (typed as a FromClause)
    roll: Any
    box: Any
    roll_day_column: str
    children: dict[str, str] = field(default_factory=dict)
    open_rounds: Callable[[datetime], list[int]] | None = None
    round_column: str = "round_id"
    person_column: str = "user_id"
    box_id_column: str = "id"

    def child(self, name: str) -> tuple[sa.Table, str]:
        return db.metadata.tables[name], self.children[name]

    @property
    def tables(self) -> list[sa.Table]:
        return [self.box, *(db.metadata.tables[name] for name in self.children), self.roll]


_BOXES: dict[str, SecretBox] = {}


def register_box(box: SecretBox) -> SecretBox:
    _BOXES[box.name] = box
    return box


def registered_boxes() -> list[SecretBox]:
    return list(_BOXES.values())


def secret_cast(
    box: SecretBox,
    *,
    round_id: int,
    person_id: int,
    values: dict | None = None,
    children: dict[str, list[dict]] | None = None,
    now: datetime | None = None,
) -> None:
    """Put a person on the roll and their answer in the box, in the caller's transaction (flushes).

    The roll first: a concurrent second answer of the same person waits on the roll's
    primary key and then fails, before any box row of its own exists. Raises
    AlreadyOnRoll with nothing written. `values` are the box row's other columns
    (the respondent's campus); `children` the rows keyed by the box id, per table.
    The box id is not returned: nothing should keep it.
    """
    round_column = box.roll.c[box.round_column]
    person_column = box.roll.c[box.person_column]
    try:
        with db.session.begin_nested():
            db.session.execute(
                sa.insert(box.roll).values(
                    {
                        box.round_column: round_id,
                        box.person_column: person_id,
                        box.roll_day_column: roll_day(now),
                    }
                )
            )
    except IntegrityError:
        on_roll = db.session.scalar(
            sa.select(sa.func.count()).where(round_column == round_id, person_column == person_id)
        )
        if on_roll:
            raise AlreadyOnRoll() from None
        raise
    box_id = new_box_id()
    db.session.execute(
        sa.insert(box.box).values({box.box_id_column: box_id, box.round_column: round_id, **(values or {})})
    )
    for name, rows in (children or {}).items():
        if not rows:
            continue
        table, key = box.child(name)
        db.session.execute(sa.insert(table), [{**row, key: box_id} for row in rows])


# Reseal --------------------------------------------------------------------------------------

_TEMP = sa.MetaData()
# Session-local scratch tables (never in the schema): the old -> new id map of one reseal,
# and the roll rows being rewritten. Emptied before and after each use.
_REMAP = sa.Table(
    "secrecy_remap",
    _TEMP,
    sa.Column("old_id", sa.String(32), primary_key=True),
    sa.Column("new_id", sa.String(32), nullable=False),
    sa.Column("position", sa.Integer, nullable=False),
)
_ROLL = sa.Table(
    "secrecy_roll",
    _TEMP,
    sa.Column("person", sa.Integer, primary_key=True),
    sa.Column("day", sa.Date, nullable=False),
    sa.Column("position", sa.Integer, nullable=False),
)
_CREATE_TEMP = (
    "CREATE TEMPORARY TABLE IF NOT EXISTS secrecy_remap"
    " (old_id VARCHAR(32) PRIMARY KEY, new_id VARCHAR(32) NOT NULL, position INTEGER NOT NULL)",
    "CREATE TEMPORARY TABLE IF NOT EXISTS secrecy_roll"
    " (person INTEGER PRIMARY KEY, day DATE NOT NULL, position INTEGER NOT NULL)",
)


def _random_id(dialect: str):
    """A fresh random id computed by the database (strong randomness on both)."""
    if dialect == "postgresql":
        return sa.literal_column("replace(gen_random_uuid()::text, '-', '')")
    return sa.literal_column("lower(hex(randomblob(16)))")


def _shuffled_position():
    return sa.func.row_number().over(order_by=sa.func.random())


def _lock_round(box: SecretBox, round_id: int) -> None:
    # FOR NO KEY UPDATE: two reseals of a round take turns, while answers (whose foreign
    # key takes FOR KEY SHARE on the round row) go on being written. SQLite serialises anyway.
    id_column = next(iter(box.round_table.primary_key.columns))
    db.session.execute(sa.select(id_column).where(id_column == round_id).with_for_update(key_share=True))


def _seal_row(box: SecretBox, round_id: int):
    from portal.secrecy.models import SecretSeal

    return db.session.get(SecretSeal, (box.name, round_id), populate_existing=True)


def reseal(box: SecretBox, *, round_id: int, force: bool = False, now: datetime | None = None) -> int:
    """Rewrite a round's box and roll so that storage keeps no trace of who answered what (flushes).

    In the caller's transaction: every box row of the round gets a new random id and
    is written again, with its children, in random order; the round's roll rows are
    written again in random order. Rows that arrive meanwhile are left for the next
    reseal, never lost. Skipped (returns 0) when no entry came in since the last
    reseal, unless `force`; else returns the number of entries rewritten. Run
    vacuum_boxes() after the commit so the old row versions are gone too.
    """
    from portal.secrecy.models import SecretSeal

    now = now or utcnow()
    _lock_round(box, round_id)
    box_round = box.box.c[box.round_column]
    entries = db.session.scalar(sa.select(sa.func.count()).select_from(box.box).where(box_round == round_id))
    seal = _seal_row(box, round_id)
    if not force and (entries == 0 or (seal is not None and seal.entries == entries)):
        return 0
    dialect = db.session.get_bind().dialect.name
    for statement in _CREATE_TEMP:
        db.session.execute(sa.text(statement))
    db.session.execute(sa.delete(_REMAP))
    db.session.execute(sa.delete(_ROLL))

    box_id = box.box.c[box.box_id_column]
    db.session.execute(
        _REMAP.insert().from_select(
            ["old_id", "new_id", "position"],
            sa.select(box_id, _random_id(dialect), _shuffled_position()).where(box_round == round_id),
        )
    )
    others = [column for column in box.box.c if column.name != box.box_id_column]
    db.session.execute(
        box.box.insert().from_select(
            [box.box_id_column, *(column.name for column in others)],
            sa.select(_REMAP.c.new_id, *others)
            .join_from(_REMAP, box.box, box_id == _REMAP.c.old_id)
            .order_by(_REMAP.c.position),
        )
    )
    for name in box.children:
        table, key = box.child(name)
        rest = [column for column in table.c if column.name != key]
        db.session.execute(
            table.insert().from_select(
                [key, *(column.name for column in rest)],
                sa.select(_REMAP.c.new_id, *rest)
                .join_from(_REMAP, table, table.c[key] == _REMAP.c.old_id)
                .order_by(_REMAP.c.position, *(c for c in table.primary_key.columns if c.name != key)),
            )
        )
        db.session.execute(sa.delete(table).where(table.c[key].in_(sa.select(_REMAP.c.old_id))))
    db.session.execute(sa.delete(box.box).where(box_id.in_(sa.select(_REMAP.c.old_id))))

    roll_round = box.roll.c[box.round_column]
    roll_person = box.roll.c[box.person_column]
    roll_day_column = box.roll.c[box.roll_day_column]
    db.session.execute(
        _ROLL.insert().from_select(
            ["person", "day", "position"],
            sa.select(roll_person, roll_day_column, _shuffled_position()).where(roll_round == round_id),
        )
    )
    # Only the rows copied above: a roll row written meanwhile stays as it is.
    db.session.execute(
        sa.delete(box.roll).where(roll_round == round_id, roll_person.in_(sa.select(_ROLL.c.person)))
    )
    db.session.execute(
        box.roll.insert().from_select(
            [box.round_column, box.person_column, box.roll_day_column],
            sa.select(sa.literal(round_id, sa.Integer), _ROLL.c.person, _ROLL.c.day).order_by(
                _ROLL.c.position
            ),
        )
    )
    db.session.execute(sa.delete(_REMAP))
    db.session.execute(sa.delete(_ROLL))

    if seal is None:
        db.session.add(SecretSeal(box=box.name, round_id=round_id, entries=entries, resealed_at=now))
    else:
        seal.entries = entries
        seal.resealed_at = now
    db.session.flush()
    return entries or 0


def reseal_open_rounds(now: datetime | None = None, *, commit: bool = True) -> list[tuple[str, int, int]]:
    """Reseal every open round of every registered box that has new entries.

    Commits after each round (short locks) unless `commit` is False. Returns
    (box name, round id, entries rewritten) for each round resealed.
    """
    now = now or utcnow()
    done = []
    for box in registered_boxes():
        if box.open_rounds is None:
            continue
        for round_id in box.open_rounds(now):
            count = reseal(box, round_id=round_id, now=now)
            if commit:
                db.session.commit()
            if count:
                done.append((box.name, round_id, count))
    if commit:
        # No transaction of ours may stay open: its snapshot would keep VACUUM from
        # removing the row versions the reseal left behind.
        db.session.commit()
    return done


def vacuum_boxes(boxes: list[SecretBox] | None = None) -> list[str]:
    """VACUUM the roll, box and child tables on PostgreSQL, outside any transaction.

    A reseal leaves the old row versions (old ids, old xmin) behind as dead rows until
    they are vacuumed. VACUUM can remove only what no open transaction may still see:
    a long-running transaction elsewhere delays the removal until it ends. Returns the tables vacuumed (none on SQLite, whose roll and box
    tables keep no insertion order and no transaction id per row).
    """
    engine = db.engine
    # VACUUM runs outside any transaction: not when the bind is itself a connection inside one
    # (the test suite's rolled-back transaction).
    if engine.dialect.name != "postgresql" or not isinstance(engine, sa.engine.Engine):
        return []
    names: list[str] = []
    for box in boxes if boxes is not None else registered_boxes():
        names.extend(table.name for table in box.tables)
    names = list(dict.fromkeys(names))
    if not names:
        return []
    quote = engine.dialect.identifier_preparer.quote
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM (ANALYZE) " + ", ".join(quote(name) for name in names))
    return names
