"""The weekly digest: each leader hears, in their language, what waits too long on their campuses."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from portal.accounts.models import RoleGrant, User
from portal.authz import Role
from portal.campuses.models import Campus
from portal.core.navigation import external_url
from portal.extensions import db
from portal.notifications.kinds import register_kind
from portal.notifications.mail import mail_to_user
from portal.notifications.service import email_wanted
from portal.referrals.queries import overdue_referrals
from portal.triage.queries import age_days, digest_for

register_kind(
    "leader_digest",
    label=_l("the weekly digest of overdue issues on my campus (campus leaders)"),
    render=lambda p: str(_l("Weekly digest")),
    audience=lambda user: user.has_role(Role.CAMPUS_LEADER),
)


def send_digests() -> int:
    """Queue one digest per leader who has something overdue or over the threshold. Returns how many."""
    leaders = db.session.scalars(
        sa.select(User)
        .join(RoleGrant, RoleGrant.user_id == User.id)
        .where(RoleGrant.role == Role.CAMPUS_LEADER, User.active, User.deleted_at.is_(None))
        .distinct()
    ).all()
    sent = 0
    for leader in leaders:
        if not email_wanted(leader, "leader_digest"):
            continue
        sections = []
        for campus in db.session.scalars(sa.select(Campus).where(Campus.id.in_(leader.led_campus_ids))):
            found = {**digest_for(campus), "referrals": overdue_referrals(campus)}
            if found["overdue"] or found["attention"] or found["referrals"]:
                sections.append((campus, found))
        if not sections:
            continue
        mail_to_user(
            leader,
            "triage/mail/digest.txt",
            sections=sections,
            age_days=age_days,
            inbox_url=lambda code: external_url("triage.campus_inbox", code=code),
            issue_url=lambda ref: external_url("triage.issue_page", reference=ref),
            settings_url=external_url("notifications.settings"),
        )
        sent += 1
    return sent
