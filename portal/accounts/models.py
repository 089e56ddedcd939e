"""People and the roles they hold."""

from __future__ import annotations

import secrets
from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.authz import Role
from portal.db import TimestampMixin, UTCDateTime, utcnow
from portal.extensions import Model


def new_session_token() -> str:
    return secrets.token_urlsafe(16)


class User(UserMixin, TimestampMixin, Model):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str | None] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    home_campus_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("campus.id", ondelete="SET NULL"), index=True
    )
    locale: Mapped[str] = mapped_column(sa.String(2), default="nb")
    active: Mapped[bool] = mapped_column(default=True)
    # Changing it signs the person out everywhere (sign-out, password change and reset, deletion).
    session_token: Mapped[str] = mapped_column(sa.String(32), default=new_session_token)
    # Single sign-on: matched on the provider's stable subject id, never the e-mail.
    oidc_issuer: Mapped[str | None] = mapped_column(sa.String(255))
    oidc_subject: Mapped[str | None] = mapped_column(sa.String(255))
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    home_campus = relationship("Campus", lazy="joined")
    role_grants: Mapped[list[RoleGrant]] = relationship(
        back_populates="user",
        cascade="all, delete-orphan",
        foreign_keys="RoleGrant.user_id",
        lazy="selectin",
    )

    __table_args__ = (sa.UniqueConstraint("oidc_issuer", "oidc_subject"),)

    # Flask-Login
    @property
    def is_active(self) -> bool:
        return self.active and self.deleted_at is None

    def get_id(self) -> str:
        # Flask-Login puts this in the session and in the remember-me cookie at sign-in.
        # The token ends both on the server; the time bounds both to SESSION_DAYS.
        return f"{self.id}:{self.session_token}:{int(utcnow().timestamp())}"

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    def has_role(self, role: Role, *, campus=None, committee=None) -> bool:
        for grant in self.role_grants:
            if grant.role != role:
                continue
            if campus is not None and grant.campus_id != _id(campus):
                continue
            if committee is not None and grant.committee_id != _id(committee):
                continue
            return True
        return False

    @property
    def is_admin(self) -> bool:
        return self.has_role(Role.ADMINISTRATOR)

    @property
    def led_campus_ids(self) -> set[int]:
        return {g.campus_id for g in self.role_grants if g.role == Role.CAMPUS_LEADER and g.campus_id}

    def committee_ids(self, *roles: Role) -> set[int]:
        wanted = roles or (Role.SECRETARY, Role.COMMITTEE_MEMBER)
        return {g.committee_id for g in self.role_grants if g.role in wanted and g.committee_id}

    def __repr__(self) -> str:
        return f"<User {self.id}>"


def _id(thing) -> int:
    return thing if isinstance(thing, int) else thing.id


class RoleGrant(Model):
    """One role held by one person, with its scope (a campus, a committee, or none)."""

    __tablename__ = "role_grant"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(sa.String(30))
    campus_id: Mapped[int | None] = mapped_column(sa.ForeignKey("campus.id", ondelete="CASCADE"), index=True)
    committee_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("committee.id", ondelete="CASCADE"), index=True
    )
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    granted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))

    user: Mapped[User] = relationship(back_populates="role_grants", foreign_keys=[user_id])
    campus = relationship("Campus", lazy="joined")
    committee = relationship("Committee", lazy="joined")

    __table_args__ = (
        # The scope must fit the role; the database refuses a campus leader without a campus.
        sa.CheckConstraint(
            "(role = 'campus_leader' AND campus_id IS NOT NULL AND committee_id IS NULL)"
            " OR (role IN ('secretary', 'committee_member')"
            " AND committee_id IS NOT NULL AND campus_id IS NULL)"
            " OR (role IN ('student', 'administrator')"
            " AND campus_id IS NULL AND committee_id IS NULL)",
            name="scope_fits_role",
        ),
    )
