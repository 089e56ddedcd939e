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


def campus_save(*, campus: Campus | None, values: dict, actor) -> Campus:
    campus = campus or Campus()
    values = {**values, "code": values["code"].strip().upper()}
    clash = db.session.scalar(sa.select(Campus).where(Campus.code == values["code"], Campus.id != campus.id))
    if clash is not None:
        raise OrganisationError("code-taken")
    save_audited(thing=campus, fields=CAMPUS_FIELDS, values=values, actor=actor, kind="campus")
    return campus


def category_save(*, category: Category | None, values: dict, actor) -> Category:
    category = category or Category()
    values = {**values, "slug": values["slug"].strip().lower()}
    clash = db.session.scalar(
        sa.select(Category).where(Category.slug == values["slug"], Category.id != category.id)
    )
    if clash is not None:
        raise OrganisationError("code-taken")
    save_audited(thing=category, fields=CATEGORY_FIELDS, values=values, actor=actor, kind="category")
    return category
