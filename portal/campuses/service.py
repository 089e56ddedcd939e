"""Writes for campuses and categories: each audited, none committed here."""

from __future__ import annotations

import sqlalchemy as sa

from portal.audit.service import audit_record
from portal.campuses.models import Campus, Category
from portal.extensions import db

CAMPUS_FIELDS = (
    "code",
    "name_nb",
    "name_nn",
    "name_en",
    "response_target_days",
    "attention_threshold",
    "active",
)
CATEGORY_FIELDS = (
    "slug",
    "name_nb",
    "name_nn",
    "name_en",
    "description_nb",
    "description_nn",
    "description_en",
    "position",
    "active",
)


class OrganisationError(Exception):
    """A rule about campuses, categories or committees was broken (code in args[0])."""


def snapshot(thing, fields) -> dict:
    return {name: getattr(thing, name) for name in fields}


def save_audited(*, thing, fields, values: dict, actor, kind: str) -> None:
    """Apply values to a new or existing row and audit the change as `<kind>.create|update`."""
    creating = thing.id is None
    before = None if creating else snapshot(thing, fields)
    for name, value in values.items():
        if name in fields:
            setattr(thing, name, value)
    if creating:
        db.session.add(thing)
    db.session.flush()
    after = snapshot(thing, fields)
    if before != after:
        audit_record(
            actor=actor,
            action=f"{kind}.{'create' if creating else 'update'}",
            target_type=kind,
            target_id=thing.id,
            before=before,
            after=after,
        )


def unique_code_save(*, model, row, values: dict, actor, kind: str, code_field: str, fields) -> object:
    """Create or update a campus, category or committee whose code must be unique. Audited.

    Raises OrganisationError("code-taken") when another row has the code.
    """
    row = row or model()
    column = getattr(model, code_field)
    clash = db.session.scalar(sa.select(model).where(column == values[code_field], model.id != row.id))
    if clash is not None:
        raise OrganisationError("code-taken")
    save_audited(thing=row, fields=fields, values=values, actor=actor, kind=kind)
    return row


def campus_save(*, campus: Campus | None, values: dict, actor) -> Campus:
    values = {**values, "code": values["code"].strip().upper()}
    return unique_code_save(
        model=Campus,
        row=campus,
        values=values,
        actor=actor,
        kind="campus",
        code_field="code",
        fields=CAMPUS_FIELDS,
    )


def category_save(*, category: Category | None, values: dict, actor) -> Category:
    values = {**values, "slug": values["slug"].strip().lower()}
    return unique_code_save(
        model=Category,
        row=category,
        values=values,
        actor=actor,
        kind="category",
        code_field="slug",
        fields=CATEGORY_FIELDS,
    )
