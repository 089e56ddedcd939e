"""Reads for the administrator's pages."""

from __future__ import annotations

import sqlalchemy as sa

from portal.accounts.models import User
from portal.audit.models import AuditEvent
from portal.campuses.models import Campus
from portal.committee.models import Committee
from portal.extensions import db


def organisation_rows(model, order_by) -> list:
    return db.session.scalars(sa.select(model).order_by(order_by)).all()


def users_matching(text: str) -> sa.Select:
    """Accounts not deleted, by name or e-mail containing `text` (case-insensitive)."""
    select = sa.select(User).where(User.deleted_at.is_(None)).order_by(User.name, User.id)
    if text:
        pattern = f"%{text.lower()}%"
        select = select.where(sa.or_(sa.func.lower(User.name).like(pattern), User.email.like(pattern)))
    return select


def audit_events(action: str = "") -> sa.Select:
    select = sa.select(AuditEvent).order_by(AuditEvent.id.desc())
    if action:
        select = select.where(AuditEvent.action.like(f"{action}%"))
    return select


def campuses_by_code() -> list[Campus]:
    return db.session.scalars(sa.select(Campus).order_by(Campus.code)).all()


def committees_by_code() -> list[Committee]:
    return db.session.scalars(sa.select(Committee).order_by(Committee.code)).all()
