"""Reads for the administrator's pages."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa

from portal.accounts.models import User
from portal.audit.models import AuditEvent
from portal.campuses.models import Campus, Category
from portal.committee.models import Committee
from portal.extensions import db
from portal.i18n import format_day


def organisation_rows(model, order_by) -> Sequence:
    return db.session.scalars(sa.select(model).order_by(order_by)).all()


def users_matching(text: str) -> sa.Select:
    """Accounts not deleted, by name or e-mail containing `text` (case-insensitive)."""
    select = sa.select(User).where(User.deleted_at.is_(None)).order_by(User.name, User.id)
    if text:
        pattern = f"%{text.lower()}%"
        select = select.where(sa.or_(sa.func.lower(User.name).like(pattern), User.email.like(pattern)))
    return select


def audit_events(action: str = "") -> sa.Select:
    """Newest first; `action` is one exact code (the filter offers the codes)."""
    select = sa.select(AuditEvent).order_by(AuditEvent.id.desc())
    if action:
        select = select.where(AuditEvent.action == action)
    return select


def audit_actions_present() -> Sequence[str]:
    """Every action code in the log, for the filter (one query on an indexed column)."""
    return db.session.scalars(sa.select(AuditEvent.action).distinct()).all()


def audit_target_names(events) -> dict[tuple[str, int], str]:
    """What each event's target is called: an issue's reference, a person's name, a campus's
    name… One query per kind of target on the page, however many events it has."""
    from portal.committee.models import AgendaItem, Meeting
    from portal.issues.models import Issue
    from portal.voting.models import FocusProposal, VotingRound

    wanted: dict[str, set[int]] = {}
    for event in events:
        if event.target_id is not None:
            wanted.setdefault(event.target_type, set()).add(event.target_id)
    loaders: dict[str, tuple[Any, Callable[[Any], str]]] = {
        "issue": (Issue, lambda issue: issue.reference),
        "user": (User, lambda user: user.name),
        "user_account": (User, lambda user: user.name),
        "campus": (Campus, lambda campus: campus.name),
        "category": (Category, lambda category: category.name),
        "committee": (Committee, lambda committee: committee.name),
        "meeting": (Meeting, lambda meeting: f"{meeting.committee.code} {format_day(meeting.starts_at)}"),
        "agenda_item": (AgendaItem, lambda item: " ".join(filter(None, (item.case_number, item.title)))),
        "voting_round": (
            VotingRound,
            lambda voting_round: f"{voting_round.committee.code} {voting_round.year}",
        ),
        "focus_proposal": (FocusProposal, lambda proposal: proposal.display_title),
    }
    names: dict[tuple[str, int], str] = {}
    for kind, ids in wanted.items():
        if kind not in loaders:
            continue
        model, name_of = loaders[kind]
        id_column = model.__table__.c.id
        rows: Sequence[Any] = db.session.scalars(sa.select(model).where(id_column.in_(ids))).all()
        for row in rows:
            names[(kind, row.id)] = name_of(row)
    return names


def campuses_by_code() -> Sequence[Campus]:
    return db.session.scalars(sa.select(Campus).order_by(Campus.code)).all()


def committees_by_code() -> Sequence[Committee]:
    return db.session.scalars(sa.select(Committee).order_by(Committee.code)).all()
