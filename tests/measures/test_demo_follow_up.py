"""The demo (`make run`) shows issue 12's second half: a decided case with a follow-up measure,
the standing follow-up item on the meetings to come, a plan's status report on the next meeting,
a published survey round answered by a measure, and this year's report to the board written."""

import sqlalchemy as sa

from portal.committee.models import AgendaItem, Meeting, MeetingStatus, Standing
from portal.demo import seed_demo
from portal.extensions import db
from portal.i18n import local_year
from portal.measures.models import Measure
from portal.measures.queries import follow_ups_at, open_follow_ups
from portal.reports.models import BoardReport
from portal.surveys.models import SurveyRound


def test_the_demo_follows_its_decisions_up(app):
    seed_demo()
    db.session.commit()
    decided = db.session.scalars(
        sa.select(AgendaItem).where(AgendaItem.standing.is_(None), AgendaItem.decision.is_not(None))
    ).all()
    assert len(decided) == 1
    [follow_up] = db.session.scalars(sa.select(Measure).where(Measure.agenda_item_id == decided[0].id)).all()
    assert not follow_up.finished
    committee = decided[0].meeting.committee
    assert open_follow_ups(committee) == [follow_up]

    to_come = db.session.scalars(
        sa.select(Meeting).where(Meeting.status.in_([MeetingStatus.PLANNED, MeetingStatus.AGENDA_PUBLISHED]))
    ).all()
    assert len(to_come) == 2
    for meeting in to_come:
        assert [i.standing for i in meeting.items if i.standing == Standing.FOLLOW_UP] == ["follow_up"]
        assert follow_ups_at(meeting) == [follow_up]
    # The next meeting (meeting 1) has the status report of LMU's plan as an information item.
    first = min(to_come, key=lambda m: m.id)
    [report] = [i for i in first.items if i.standing is None]
    assert report.kind == "information"
    assert report.title.startswith("Statusrapport: Tiltaksplan")
    assert "Formål:" in report.background
    # Case numbers stay gap-free however the items came.
    numbers = sorted(
        db.session.scalars(
            sa.select(AgendaItem.number).where(
                AgendaItem.committee_id == committee.id,
                AgendaItem.year == first.items[0].year,
                AgendaItem.number.is_not(None),
            )
        )
    )
    assert numbers == list(range(1, len(numbers) + 1))

    published = db.session.scalar(sa.select(SurveyRound).where(SurveyRound.published_at.is_not(None)))
    answering = db.session.scalars(sa.select(Measure).where(Measure.survey_round_id == published.id)).all()
    assert [(m.title, m.survey_question_id) for m in answering] == [
        ("Stille lesesal åpen til kl. 22", "fys-plasser")
    ]

    board = db.session.scalar(sa.select(BoardReport))
    assert (board.year, board.language) == (local_year(), "nb")
    assert board.assessment
    assert board.recommendations
