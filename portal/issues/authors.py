"""The only place that reads or writes the link between an issue and its author.

Other roles' pages never call these functions for display; the anonymity tests
check that no page, e-mail or export shows an anonymous author.
"""

from __future__ import annotations

import sqlalchemy as sa

from portal.db import rows_changed
from portal.extensions import db
from portal.issues.models import IssueAuthor


def author_link(issue) -> IssueAuthor | None:
    return db.session.scalar(sa.select(IssueAuthor).where(IssueAuthor.issue_id == issue.id))


def author_of(issue):
    """The author's account, for notifications and for the author's own pages (None if cut)."""
    from portal.accounts.models import User

    link = author_link(issue)
    return db.session.get(User, link.user_id) if link else None


def is_author(user, issue) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(IssueAuthor)
            .where(IssueAuthor.issue_id == issue.id, IssueAuthor.user_id == user.id)
        )
        or 0
    ) > 0


def authored_issue_ids(user) -> sa.Select:
    return sa.select(IssueAuthor.issue_id).where(IssueAuthor.user_id == user.id)


def public_author_name(issue) -> str | None:
    """The name shown on a non-anonymous issue; None for anonymous issues or a cut link."""
    if issue.anonymous:
        return None
    author = author_of(issue)
    return author.name if author is not None else None


def link_author(*, issue, user) -> None:
    db.session.add(IssueAuthor(issue_id=issue.id, user_id=user.id))
    db.session.flush()


def cut_author_link(*, issue, user) -> bool:
    """The author removes their link: no more updates reach them. Returns False if they had none."""
    return (
        rows_changed(
            sa.delete(IssueAuthor).where(IssueAuthor.issue_id == issue.id, IssueAuthor.user_id == user.id)
        )
        > 0
    )
