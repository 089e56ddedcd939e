"""Writes for campuses and categories: each audited, none committed here."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from portal.audit.service import audited
from portal.campuses.models import Campus, Category
from portal.errors import DomainError
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


class OrganisationError(DomainError):
    """A rule about campuses, categories or committees was broken."""

    messages_module = "portal.campuses.messages"


def unique_code_save(*, model, row, values: dict, actor, kind: str, code_field: str, fields) -> Any:
    """Create or update a campus, category or committee whose code must be unique; audited as
    `<kind>.create` or `<kind>.update` when something changed.

    Raises OrganisationError("code-taken") (on the code field) when another row has the code.
    """
    row = row or model()
    column = getattr(model, code_field)
    clash = db.session.scalar(sa.select(model).where(column == values[code_field], model.id != row.id))
    if clash is not None:
        raise OrganisationError("code-taken", code_field)
    action = f"{kind}.{'create' if row.id is None else 'update'}"
    with audited(
        actor=actor, action=action, target=row, fields=fields, only_if_changed=True, target_type=kind
    ):
        for name, value in values.items():
            if name in fields:
                setattr(row, name, value)
        if row.id is None:
            db.session.add(row)
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
