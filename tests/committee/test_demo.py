"""The demo committee (issue 13, "Demo data"): LMU with members in student and staff seats, a
chair and vice-chair, substitutes; a meeting with a published notice, one with approved
minutes, an open consultation and a proposed item. Checked on the data `make run` loads."""

import shutil

import pytest
import sqlalchemy as sa

from portal.committee.composition import composition_on
from portal.committee.models import Consultation, ItemProposal, Meeting, MeetingAttendance
from portal.committee.queries import minutes_approval_of, today_oslo
from portal.demo import seed_demo
from portal.extensions import db
from portal.notifications.models import Notification


def test_the_demo_committee_meets(app):
    seed_demo()
    db.session.commit()
    lmu = db.session.scalar(sa.select(Meeting)).committee
    composition = composition_on(lmu, today_oslo())
    assert (composition.students, composition.staff) == (2, 2)
    assert composition.problems == []
    assert composition.chair.chair.name == "Per Lund"
    assert composition.chair.vice_chair.name == "Sara Nilsen"
    assert {m.name for m in composition.substitutes} == {"Nina Berg", "Jonas Eik"}
    meetings = db.session.scalars(sa.select(Meeting).order_by(Meeting.starts_at)).all()
    statuses = [m.status for m in meetings]
    assert statuses == ["minutes_published", "minutes_published", "agenda_published", "planned"]
    first, second, published, upcoming = meetings
    # The pages and browser tests know the next meeting as meeting 1: it is made first.
    assert upcoming.id == min(m.id for m in meetings)
    approval = minutes_approval_of(first)
    assert approval.item.meeting_id == second.id
    assert approval.item.decided
    assert minutes_approval_of(second).item.meeting_id == published.id
    assert minutes_approval_of(published).item.meeting_id == upcoming.id
    assert published.notice_published_at is not None
    assert (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Notification)
            .where(Notification.kind == "committee_notice")
        )
        >= 3
    )
    called = db.session.scalar(
        sa.select(MeetingAttendance).where(MeetingAttendance.called_for_id.is_not(None))
    )
    assert (called.member.name, called.called_for.name) == ("Nina Berg", "Ingrid Hov")
    consultations = db.session.scalars(sa.select(Consultation)).all()
    assert len(consultations) == 3
    assert sum(c.statement is not None for c in consultations) == 1
    [proposal] = db.session.scalars(sa.select(ItemProposal)).all()
    assert (proposal.status, proposal.language, proposal.campus.code) == ("pending", "nn", "GJO")
    assert first.minutes_taker == "Eva Strand"


@pytest.mark.skipif(shutil.which("apertium") is None, reason="Debian's apertium-nno-nob is not installed")
def test_the_demo_inbox_shows_the_exam_timetable_from_three_campuses_in_two_languages_as_one_group(app):
    from portal.committee.models import EscalatedIssueGroup
    from portal.issues.models import Issue

    seed_demo()
    db.session.commit()
    rows = db.session.execute(
        sa.select(Issue.title, Issue.language, EscalatedIssueGroup.group_key).join(
            EscalatedIssueGroup, EscalatedIssueGroup.issue_id == Issue.id
        )
    ).all()
    exams = [(title, language, key) for title, language, key in rows if "xam" in title or "Eksamen" in title]
    assert sorted(language for _title, language, _key in exams) == ["en", "en", "nn"], rows
    assert len({key for _title, _language, key in exams}) == 1, exams
