"""A person's own data: download it all, or delete the account (DESIGN.md §3.7).

Domains that hold personal data register two functions here: one that exports
what they hold about a person, one that removes it when the account is deleted.
"""

from __future__ import annotations

from collections.abc import Callable

from portal.accounts.models import new_session_token
from portal.audit.service import audit_record
from portal.db import utcnow
from portal.extensions import db

EXPORTERS: dict[str, Callable] = {}
ERASERS: list[Callable] = []


def register_personal_data(name: str, *, export: Callable, erase: Callable) -> None:
    EXPORTERS[name] = export
    ERASERS.append(erase)


def export_user_data(user) -> dict:
    data = {
        "account": {
            "name": user.name,
            "email": user.email,
            "home_campus": user.home_campus.code if user.home_campus else None,
            "language": user.locale,
            "created_at": user.created_at.isoformat(),
            "email_verified_at": user.email_verified_at.isoformat() if user.email_verified_at else None,
            "last_login_at": user.last_login_at.isoformat() if user.last_login_at else None,
            "single_sign_on": bool(user.oidc_subject),
        },
        "roles": [
            {
                "role": g.role,
                "campus": g.campus.code if g.campus else None,
                "committee": g.committee.code if g.committee else None,
            }
            for g in user.role_grants
        ],
    }
    for name, export in EXPORTERS.items():
        data[name] = export(user)
    return data


def account_delete(*, user) -> None:
    """Remove the person; what they raised stays as anonymous issues. Flushes.

    The account row is kept, emptied, because the append-only audit log may point to it.
    """
    for erase in ERASERS:
        erase(user)
    audit_record(actor=user, action="user.delete", target_type="user", target_id=user.id)
    for grant in list(user.role_grants):
        db.session.delete(grant)
    user.name = ""
    user.email = None
    user.password_hash = None
    user.oidc_issuer = user.oidc_subject = None
    user.home_campus_id = None
    user.active = False
    user.deleted_at = utcnow()
    user.session_token = new_session_token()
    db.session.flush()
