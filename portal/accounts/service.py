"""Accounts and roles: every write about people goes through here."""

from __future__ import annotations

import hashlib
from types import SimpleNamespace

from portal.accounts.models import RoleGrant, User, new_session_token
from portal.accounts.passwords import hash_password, needs_rehash, verify_password
from portal.accounts.queries import normalise_email, user_by_email
from portal.accounts.tokens import (
    RESET_MAX_AGE,
    RESET_SALT,
    VERIFY_MAX_AGE,
    VERIFY_SALT,
    make_token,
    read_token,
)
from portal.audit.service import audit_record
from portal.authz import Role
from portal.core.navigation import external_url
from portal.db import utcnow
from portal.errors import DomainError
from portal.extensions import db
from portal.i18n import current_language, in_language
from portal.notifications.mail import mail_to_user, render_mail


class AccountError(DomainError):
    """A rule about accounts was broken (words in portal/accounts/messages.py)."""

    messages_module = "portal.accounts.messages"


def user_create(
    *,
    name: str,
    email: str | None,
    password: str | None,
    home_campus=None,
    locale: str = "nb",
    verified: bool = False,
    student: bool = True,
) -> User:
    """Create an account (flushes). Raises AccountError if the e-mail is taken."""
    email = normalise_email(email) if email else None
    if email and user_by_email(email) is not None:
        raise AccountError("email-taken", "email")
    user = User(
        name=name.strip(),
        email=email,
        password_hash=hash_password(password) if password else None,
        home_campus_id=home_campus.id if home_campus is not None else None,
        locale=locale,
        email_verified_at=utcnow() if verified else None,
    )
    db.session.add(user)
    db.session.flush()
    if student:
        db.session.add(RoleGrant(user_id=user.id, role=Role.STUDENT, granted_at=utcnow()))
        db.session.flush()
    db.session.refresh(user, ["role_grants"])
    return user


def user_register(*, name: str, email: str, password: str, home_campus, locale: str) -> User | None:
    """Self-registration as a student. Sends a verification link.

    Never reveals whether the address already has an account: if it does, the
    owner of that address is told by e-mail instead, and None is returned.
    """
    existing = user_by_email(email)
    if existing is not None:
        # Hashed and thrown away: without it this path answers many times faster (Argon2
        # is most of what a registration costs), which tells that the address is taken.
        hash_password(password)
        mail_to_user(
            existing,
            "accounts/mail/already_registered.txt",
            sign_in_url=external_url("accounts.sign_in"),
            reset_url=external_url("accounts.forgot_password"),
        )
        return None
    user = user_create(name=name, email=email, password=password, home_campus=home_campus, locale=locale)
    send_verification(user)
    return user


def _mail_work_without_sending(template: str, **context) -> None:
    """Render a mail as if to send it, and send nothing.

    For an address without an account, so that asking costs about as much time as for one
    with an account and the answer's timing does not tell which it is.
    """
    with in_language(current_language()):
        render_mail(template, recipient=SimpleNamespace(name="", email=""), **context)


def send_verification(user: User) -> None:
    token = make_token(VERIFY_SALT, {"uid": user.id, "email": user.email})
    mail_to_user(
        user,
        "accounts/mail/verify_email.txt",
        verify_url=external_url("accounts.verify_email", token=token),
    )


def verification_resend(*, email: str) -> None:
    """Mail a new link if the address has an unconfirmed account; says nothing either way."""
    user = user_by_email(email)
    if user is not None and user.is_active and not user.email_verified:
        send_verification(user)
    else:
        token = make_token(VERIFY_SALT, {"uid": 0, "email": normalise_email(email)})
        _mail_work_without_sending(
            "accounts/mail/verify_email.txt", verify_url=external_url("accounts.verify_email", token=token)
        )


def email_verify(token: str) -> User | None:
    payload = read_token(VERIFY_SALT, token, VERIFY_MAX_AGE)
    if payload is None:
        return None
    user = db.session.get(User, payload.get("uid"))
    if user is None or user.email != payload.get("email") or not user.is_active:
        return None
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
    return user


def user_authenticate(*, email: str, password: str) -> User | None:
    """The account for these credentials, or None. Takes as long when the account is missing."""
    user = user_by_email(email)
    if user is None or not user.is_active:
        verify_password(None, password)
        return None
    if not verify_password(user.password_hash, password):
        return None
    if user.password_hash and needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def user_signed_in(user: User) -> None:
    user.last_login_at = utcnow()


def user_sessions_end(*, user: User) -> None:
    """End every session of this person on the server (sign-out, password change).

    The session token rotates: a copied session cookie or remember-me cookie, on this
    device or any other, no longer signs anyone in.
    """
    user.session_token = new_session_token()


def _password_fingerprint(user: User | None) -> str:
    # A reset link stops working once the password it was meant to replace is gone.
    password_hash = user.password_hash if user is not None else None
    return hashlib.sha256((password_hash or "none").encode()).hexdigest()[:16]


def password_reset_request(*, email: str) -> None:
    """Mail a reset link if the address has an active account; says nothing either way."""
    user = user_by_email(email)
    if user is None or not user.is_active:
        token = make_token(RESET_SALT, {"uid": 0, "pw": _password_fingerprint(None)})
        _mail_work_without_sending(
            "accounts/mail/reset_password.txt", reset_url=external_url("accounts.reset_password", token=token)
        )
        return
    token = make_token(RESET_SALT, {"uid": user.id, "pw": _password_fingerprint(user)})
    mail_to_user(
        user,
        "accounts/mail/reset_password.txt",
        reset_url=external_url("accounts.reset_password", token=token),
    )


def password_reset_user(token: str) -> User | None:
    payload = read_token(RESET_SALT, token, RESET_MAX_AGE)
    if payload is None:
        return None
    user = db.session.get(User, payload.get("uid"))
    if user is None or not user.is_active or payload.get("pw") != _password_fingerprint(user):
        return None
    return user


def password_set(*, user: User, password: str) -> None:
    """Set a new password and sign the person out of every other session."""
    user.password_hash = hash_password(password)
    user_sessions_end(user=user)
    if user.email_verified_at is None:
        # The reset link reached this address, which proves it.
        user.email_verified_at = utcnow()


def profile_update(*, user: User, name: str, home_campus, locale: str) -> None:
    user.name = name.strip()
    user.home_campus_id = home_campus.id if home_campus is not None else None
    user.locale = locale


def _grant_summary(grant: RoleGrant) -> dict:
    return {
        "user_id": grant.user_id,
        "role": grant.role,
        "campus_id": grant.campus_id,
        "committee_id": grant.committee_id,
    }


def role_grant(*, user: User, role: Role, actor: User | None, campus=None, committee=None) -> RoleGrant:
    """Give a role in its scope (flushes, audits). Raises AccountError on a wrong scope or a repeat."""
    campus_id = campus.id if campus is not None else None
    committee_id = committee.id if committee is not None else None
    if role.scope == "campus" and campus_id is None:
        raise AccountError("campus-needed", "campus")
    if role.scope == "committee" and committee_id is None:
        raise AccountError("committee-needed", "committee")
    if role.scope != "campus":
        campus_id = None
    if role.scope != "committee":
        committee_id = None
    for grant in user.role_grants:
        if grant.role == role and grant.campus_id == campus_id and grant.committee_id == committee_id:
            raise AccountError("already-held", "role")
    grant = RoleGrant(
        user_id=user.id,
        role=role,
        campus_id=campus_id,
        committee_id=committee_id,
        granted_at=utcnow(),
        granted_by_id=actor.id if actor else None,
    )
    db.session.add(grant)
    db.session.flush()
    db.session.refresh(user, ["role_grants"])
    audit_record(
        actor=actor, action="role.grant", target_type="user", target_id=user.id, after=_grant_summary(grant)
    )
    return grant


def role_revoke(*, grant: RoleGrant, actor: User | None) -> None:
    user = grant.user
    audit_record(
        actor=actor, action="role.revoke", target_type="user", target_id=user.id, before=_grant_summary(grant)
    )
    db.session.delete(grant)
    db.session.flush()
    db.session.refresh(user, ["role_grants"])


def user_set_active(*, user: User, active: bool, actor: User) -> None:
    if user.active == active:
        return
    audit_record(
        actor=actor,
        action="user.activate" if active else "user.deactivate",
        target_type="user",
        target_id=user.id,
        before={"active": user.active},
        after={"active": active},
    )
    user.active = active
    if not active:
        user.session_token = new_session_token()
