"""Imports every domain's models, so SQLAlchemy and Alembic see the whole schema."""

from portal.accounts.models import RoleGrant, User
from portal.audit.models import AuditEvent
from portal.campuses.models import Campus, Category
from portal.committee.models import Committee
from portal.notifications.models import OutboxMessage

__all__ = ["AuditEvent", "Campus", "Category", "Committee", "OutboxMessage", "RoleGrant", "User"]
