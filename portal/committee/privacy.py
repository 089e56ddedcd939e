"""The personal data the committee holds about a person with an account: their seats and terms,
the absences they reported, the items they proposed and the consultation statements they
wrote for a campus council.

Deleting the account unlinks all of it but keeps the committee's records whole: the minutes
are an archive record of who sat and who attended, so a membership keeps the name it was
entered with; the reasons given for absence, which may be about health or family, go.
Proposals and statements stay as the committee's and the council's papers, without the
account behind them."""

from __future__ import annotations

import sqlalchemy as sa

from portal.accounts.privacy import register_personal_data
from portal.committee.models import CommitteeMember, Consultation, ItemProposal, MeetingAttendance
from portal.extensions import db


def export(user) -> dict:
    members = db.session.scalars(
        sa.select(CommitteeMember)
        .where(CommitteeMember.user_id == user.id)
        .order_by(CommitteeMember.term_start)
    ).all()
    absences = db.session.scalars(
        sa.select(MeetingAttendance)
        .join(CommitteeMember, MeetingAttendance.member_id == CommitteeMember.id)
        .where(CommitteeMember.user_id == user.id, MeetingAttendance.absence_reported_at.is_not(None))
        .order_by(MeetingAttendance.absence_reported_at)
    ).all()
    proposals = db.session.scalars(
        sa.select(ItemProposal).where(ItemProposal.proposer_id == user.id).order_by(ItemProposal.id)
    ).all()
    statements = db.session.scalars(
        sa.select(Consultation).where(Consultation.statement_by_id == user.id).order_by(Consultation.id)
    ).all()
    return {
        "memberships": [
            {
                "committee": m.committee.code,
                "name": m.name,
                "seat": m.seat,
                "substitute": m.substitute,
                "term_start": m.term_start.isoformat(),
                "term_end": m.term_end.isoformat(),
            }
            for m in members
        ],
        "absences_reported": [
            {
                "meeting": a.meeting_id,
                "reported_at": a.absence_reported_at.isoformat() if a.absence_reported_at else None,
                "reason": a.absence_reason,
            }
            for a in absences
        ],
        "item_proposals": [
            {
                "meeting": p.meeting.starts_at.isoformat(),
                "title": p.title,
                "text": p.text,
                "source": p.source,
                "status": p.status,
                "answer": p.answer,
            }
            for p in proposals
        ],
        "consultation_statements": [
            {
                "item": c.item.case_number,
                "campus": c.campus.code,
                "statement": c.statement,
                "written_at": c.statement_at.isoformat() if c.statement_at else None,
            }
            for c in statements
        ],
    }


def erase(user) -> None:
    own_seats = sa.select(CommitteeMember.id).where(CommitteeMember.user_id == user.id)
    unlinks = (
        (MeetingAttendance, MeetingAttendance.member_id.in_(own_seats), {"absence_reason": None}),
        (
            MeetingAttendance,
            MeetingAttendance.absence_reported_by_id == user.id,
            {"absence_reported_by_id": None},
        ),
        (CommitteeMember, CommitteeMember.user_id == user.id, {"user_id": None}),
        (ItemProposal, ItemProposal.proposer_id == user.id, {"proposer_id": None}),
        (Consultation, Consultation.statement_by_id == user.id, {"statement_by_id": None}),
    )
    # In this order: the reasons of one's own absences go before the seats lose their account.
    for model, where, values in unlinks:
        db.session.execute(
            sa.update(model).where(where).values(**values).execution_options(synchronize_session=False)
        )


register_personal_data("committee", export=export, erase=erase)
