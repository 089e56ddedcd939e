"""Reads for issues: lists stay at a fixed number of queries whatever their length."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask import abort
from sqlalchemy.orm import joinedload, lazyload, selectinload

from portal.accounts.models import User
from portal.campuses.models import Campus, Category
from portal.extensions import db
from portal.issues.authors import authored_issue_ids
from portal.issues.models import PUBLIC, PUBLIC_OPEN, Issue, IssueEvent, Support
from portal.issues.search import matching, similar_issue_ids
from portal.issues.workflow import OPEN_STATUSES, Status

PER_PAGE = 20


def with_timeline():
    """Load timelines in one query; actors' role grants are not needed to name them."""
    return selectinload(Issue.events).options(
        joinedload(IssueEvent.actor).options(lazyload(User.role_grants)), joinedload(IssueEvent.related_issue)
    )


SORTS = ("newest", "supported")


def issue_or_404(reference: str) -> Issue:
    issue = db.session.scalar(sa.select(Issue).where(Issue.reference == reference.upper()[:20]))
    if issue is None:
        abort(404)
    return issue


def issue_by_reference(reference: str | None) -> Issue | None:
    if not reference:
        return None
    return db.session.scalar(sa.select(Issue).where(Issue.reference == reference.upper()[:20]))


def active_campus_by_code(code: str) -> Campus | None:
    return db.session.scalar(sa.select(Campus).where(Campus.code == code.upper()[:3], Campus.active))


def campus_by_code(code: str) -> Campus | None:
    return db.session.scalar(sa.select(Campus).where(Campus.code == code.upper()[:3]))


def campus_and_category(campus_id: int, category_id: int) -> tuple[Campus | None, Category | None]:
    return db.session.get(Campus, campus_id), db.session.get(Category, category_id)


def active_campuses() -> Sequence[Campus]:
    return db.session.scalars(sa.select(Campus).where(Campus.active).order_by(Campus.name_nb)).all()


def active_categories() -> Sequence[Category]:
    return db.session.scalars(sa.select(Category).where(Category.active).order_by(Category.position)).all()


def public_issues(
    *,
    campus: Campus,
    category_id: int | None = None,
    status: str | None = None,
    text: str = "",
    sort: str = "newest",
) -> sa.Select:
    """The public list of a campus: never confidential or merged issues.

    Written with the partial indexes' own predicates (portal/issues/models.py), so each
    sort and filter reads only the rows it shows.
    """
    if status:
        select = sa.select(Issue).where(
            Issue.campus_id == campus.id, PUBLIC, Issue.status == status, Issue.status != Status.MERGED
        )
    else:
        select = sa.select(Issue).where(Issue.campus_id == campus.id, PUBLIC_OPEN)
    if category_id:
        select = select.where(Issue.category_id == category_id)
    if text:
        # Hidden text must not be findable: a search could tell which issue named someone.
        select = matching(select.where(Issue.hidden.is_(False)), text)
    if sort == "supported":
        return select.order_by(Issue.support_count.desc(), Issue.created_at.desc(), Issue.id.desc())
    return select.order_by(Issue.created_at.desc(), Issue.id.desc())


def similar_open_issues(*, campus_id: int, text: str, limit: int = 5) -> list[Issue]:
    """Open, public issues on the same campus that look like `text` (for "support this instead")."""
    base = sa.select(Issue.id).where(
        Issue.campus_id == campus_id,
        Issue.status.in_(OPEN_STATUSES),
        Issue.confidential.is_(False),
        Issue.hidden.is_(False),
    )
    ids = similar_issue_ids(text=text, base=base, limit=limit)
    if not ids:
        return []
    issues = {i.id: i for i in db.session.scalars(sa.select(Issue).where(Issue.id.in_(ids)))}
    return [issues[i] for i in ids if i in issues]


def my_raised(user) -> sa.Select:
    """What the person raised, newest first (paged; timelines are on each issue's page)."""
    return (
        sa.select(Issue)
        .where(Issue.id.in_(authored_issue_ids(user)))
        .order_by(Issue.created_at.desc(), Issue.id.desc())
    )


def my_supported(user) -> sa.Select:
    """What the person supports, most recently supported first (paged)."""
    return (
        sa.select(Issue)
        .join(Support, Support.issue_id == Issue.id)
        .where(Support.user_id == user.id, Issue.confidential.is_(False))
        .order_by(Support.created_at.desc(), Support.id.desc())
    )


def latest_public_notes(issue_ids: list[int]) -> dict[int, PublicNote]:
    """The newest public note of each of these issues (one query for a page of them)."""
    if not issue_ids:
        return {}
    newest = (
        sa.select(sa.func.max(IssueEvent.id))
        .where(IssueEvent.issue_id.in_(issue_ids), IssueEvent.public_note.is_not(None))
        .group_by(IssueEvent.issue_id)
    )
    rows = db.session.execute(
        sa.select(IssueEvent.issue_id, IssueEvent.at, IssueEvent.public_note).where(IssueEvent.id.in_(newest))
    )
    return {row.issue_id: PublicNote(row.at, row.public_note) for row in rows}


@dataclass(frozen=True)
class PublicNote:
    at: datetime
    public_note: str


def supported_ids(user, issue_ids: list[int]) -> set[int]:
    if not user.is_authenticated or not issue_ids:
        return set()
    return set(
        db.session.scalars(
            sa.select(Support.issue_id).where(Support.user_id == user.id, Support.issue_id.in_(issue_ids))
        )
    )
