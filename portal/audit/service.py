"""The audit log's one way in: every privileged action writes one event here.

`audited()` wraps a change: it snapshots the named fields of the target before and
after and writes one event with both, so no domain builds its own snapshots (as
Indico's make_diff_log serves a whole module).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from portal.audit.models import AuditEvent
from portal.extensions import db


def _plain(value: Any) -> Any:
    """A JSON-friendly form of a column value."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def snapshot(target, fields: Iterable[str]) -> dict:
    return {name: _plain(getattr(target, name)) for name in fields}


def audit_record(
    *, actor, action: str, target_type: str, target_id: int | None, before=None, after=None
) -> AuditEvent:
    """Write one audit event in the current transaction (flushes, does not commit)."""
    event = AuditEvent(
        actor_id=actor.id if actor is not None else None,
        action=action,
        target_type=target_type,
        target_id=target_id,
        before=before,
        after=after,
    )
    db.session.add(event)
    db.session.flush()
    return event


class AuditEntry:
    """What the body of an `audited` block may add: facts that are not columns of the target,
    a more precise action once it is known, or `skip` when the change needs no entry."""

    def __init__(self, action: str) -> None:
        self.action = action
        self.extra: dict[str, Any] = {}
        self.skip = False

    def note(self, **facts: Any) -> None:
        self.extra.update({key: _plain(value) for key, value in facts.items()})


@contextmanager
def audited(
    *,
    actor,
    action: str,
    target,
    fields: Iterable[str],
    only_if_changed: bool = False,
    target_type: str | None = None,
) -> Iterator[AuditEntry]:
    """Audit the change made inside the block to `target`'s `fields`.

    A target without an id yet (being created) has no "before". With
    `only_if_changed`, nothing is written when the fields and notes did not change.
    The event is written only if the block finishes without raising.
    """
    fields = tuple(fields)
    creating = getattr(target, "id", None) is None
    before = None if creating else snapshot(target, fields)
    entry = AuditEntry(action)
    yield entry
    db.session.flush()
    after = {**snapshot(target, fields), **entry.extra}
    if entry.skip or (only_if_changed and before is not None and before == after):
        return
    audit_record(
        actor=actor,
        action=entry.action,
        target_type=target_type or target.__tablename__,
        target_id=target.id,
        before=before,
        after=after,
    )
