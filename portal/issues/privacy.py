"""Personal data the issues domain holds: export, erasure on account deletion, retention purge."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from portal.accounts.privacy import register_personal_data
from portal.db import utcnow
from portal.extensions import db
from portal.issues.models import Flag, Issue, IssueAuthor, IssueEvent, Support
from portal.issues.service import support_count_adjust
from portal.issues.workflow import Status


def export(user) -> dict:
    raised = db.session.scalars(
        sa.select(Issue)
        .join(IssueAuthor, IssueAuthor.issue_id == Issue.id)
        .where(IssueAuthor.user_id == user.id)
    ).all()
    supported = db.session.execute(
        sa.select(Issue.reference, Support.created_at)
        .join(Support, Support.issue_id == Issue.id)
        .where(Support.user_id == user.id)
    ).all()
    flagged = db.session.execute(
        sa.select(Issue.reference, Flag.created_at, Flag.reason)
        .join(Flag, Flag.issue_id == Issue.id)
        .where(Flag.user_id == user.id)
    ).all()
    return {
        "raised": [
            {
                "reference": i.reference,
                "campus": i.campus.code,
                "category": i.category.slug,
                "title": i.title,
                "description": i.description,
                "language": i.language,
                "anonymous": i.anonymous,
                "status": i.status,
                "created_at": i.created_at.isoformat(),
                "photos": len(i.photos),
                "timeline": [
                    {
                        "at": e.at.isoformat(),
                        "action": e.action,
                        "to_status": e.to_status,
                        "public_note": e.public_note,
                    }
                    for e in i.events
                ],
            }
            for i in raised
        ],
        "supported": [{"reference": r, "since": at.isoformat()} for r, at in supported],
        "reported_as_inappropriate": [
            {"reference": r, "at": at.isoformat(), "reason": reason} for r, at, reason in flagged
        ],
    }


def _drop_supports(where) -> None:
    affected = db.session.scalars(sa.select(Support.issue_id).where(where)).all()
    db.session.execute(sa.delete(Support).where(where))
    support_count_adjust(set(affected))


def erase(user) -> None:
    """What they raised stays, as anonymous issues; their supports, flags and notifications go."""
    raised = sa.select(IssueAuthor.issue_id).where(IssueAuthor.user_id == user.id)
    db.session.execute(sa.update(Issue).where(Issue.id.in_(raised)).values(anonymous=True))
    db.session.execute(sa.delete(IssueAuthor).where(IssueAuthor.user_id == user.id))
    _drop_supports(Support.user_id == user.id)
    flagged = db.session.scalars(
        sa.select(Flag.issue_id).where(Flag.user_id == user.id, Flag.cleared_at.is_(None))
    ).all()
    db.session.execute(sa.delete(Flag).where(Flag.user_id == user.id))
    for issue_id in set(flagged):
        db.session.execute(
            sa.update(Issue).where(Issue.id == issue_id).values(flag_count=Issue.flag_count - 1)
        )
    db.session.execute(
        sa.update(IssueEvent)
        .where(IssueEvent.actor_id == user.id)
        .values(actor_id=None, show_actor_name=False)
    )


def purge_closed_issues(*, years: int, now=None) -> int:
    """Remove personal data from issues closed more than `years` ago (run from cron).

    The issue and its public text stay; the author link, supporters, reports and the
    names of those who acted go. Returns how many issues were purged.
    """
    cutoff = (now or utcnow()) - timedelta(days=365 * years)
    old = sa.select(Issue.id).where(Issue.status == Status.CLOSED, Issue.status_changed_at < cutoff)
    ids = db.session.scalars(
        old.where(
            sa.or_(
                sa.exists().where(IssueAuthor.issue_id == Issue.id),
                sa.exists().where(Support.issue_id == Issue.id),
                sa.exists().where(Flag.issue_id == Issue.id),
                sa.exists().where(IssueEvent.issue_id == Issue.id, IssueEvent.actor_id.is_not(None)),
            )
        )
    ).all()
    if not ids:
        return 0
    db.session.execute(sa.delete(IssueAuthor).where(IssueAuthor.issue_id.in_(ids)))
    db.session.execute(sa.delete(Support).where(Support.issue_id.in_(ids)))
    db.session.execute(sa.delete(Flag).where(Flag.issue_id.in_(ids)))
    db.session.execute(sa.update(Issue).where(Issue.id.in_(ids)).values(anonymous=True, flag_count=0))
    db.session.execute(
        sa.update(IssueEvent).where(IssueEvent.issue_id.in_(ids)).values(actor_id=None, show_actor_name=False)
    )
    return len(ids)


register_personal_data("issues", export=export, erase=erase)
