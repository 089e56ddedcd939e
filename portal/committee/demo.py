"""Demo committee (DESIGN.md §7, §3.3): Læringsmiljøutvalget with its members (student and
staff seats, a secretary and an observer, substitutes), chair and vice-chair, and meetings:

- the next meeting, planned, taking proposed items until its deadline, with one proposal
  from the campus council in Gjøvik (in nynorsk: the secretary can ask for a machine draft);
- a meeting next week whose notice and agenda are published, where a member has reported
  absence and a substitute is called in, with an item sent to two campus councils for a
  statement (one has answered, one has not yet);
- two meetings that were held, with attendance in the minutes; the first one's minutes are
  approved at the second, which also decided a case brought by students in Ålesund (followed
  up by a measure, portal.measures.demo).

The demo issues (some escalated) come from portal.issues.demo; the secretary makes agenda
items of them in the demo.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from portal.committee.attendance import (
    attendance_record,
    link_minutes_approval,
    meeting_publish_notice,
    substitute_call,
)
from portal.committee.consultations import consultation_send, statement_give
from portal.committee.membership import chair_set, member_add
from portal.committee.models import Attendance, MeetingStatus, Standing
from portal.committee.proposals import proposal_submit
from portal.committee.queries import active_campus_list, summoned
from portal.committee.service import item_create, item_decide, meeting_create, meeting_set_status
from portal.db import utcnow
from portal.extensions import db
from portal.i18n import OSLO
from portal.issues.queries import issue_by_reference

PLACE = "Møterom 301, Realfagbygget, Trondheim"
VIDEO = "https://video.example.org/lmu"


def _at(days: int, hour: int = 14) -> datetime:
    day = (utcnow().astimezone(OSLO) + timedelta(days=days)).date()
    return datetime.combine(day, time(hour, 0), tzinfo=OSLO)


def seed_agenda(*, users, campuses, committee) -> None:
    secretary = users["secretary@demo.test"]
    # The next meeting first: the pages and tests know it as meeting 1.
    upcoming = meeting_create(
        committee=committee,
        starts_at=_at(14),
        place=PLACE,
        video_link=VIDEO,
        proposal_deadline=_at(7, 23),
        actor=secretary,
    )
    members = seed_members(users=users, committee=committee)
    held = [_held_meeting(committee, secretary, days, members, decided=days == -30) for days in (-60, -30)]
    published = _published_meeting(committee, secretary, campuses, users, members)
    # The next meeting's "approval of the minutes" approves those of the meeting before it.
    link_minutes_approval(upcoming, next(i for i in upcoming.items if i.standing == Standing.MINUTES))
    proposal_submit(
        meeting=upcoming,
        proposer=users["leader.gjo@demo.test"],
        source="campus_council",
        campus=campuses["GJO"],
        title="Eksamenskontora bør vere opne òg på kveldstid",
        text=(
            "Studentar med jobb ved sida av studia rekk ikkje eksamenskontoret før det stengjer klokka 15. "
            "Campusrådet i Gjøvik ber utvalet sjå på opningstidene ved alle campusa."
        ),
        language="nn",
        campuses=active_campus_list(),
    )
    db.session.flush()
    del held, published


def seed_members(*, users, committee) -> dict:
    """Two students and two staff members (the law's "as many students as staff"), the
    secretary, an observer, and a substitute for each kind of seat; the chair alternates."""
    today = utcnow().astimezone(OSLO).date()
    start, end = date(today.year - 1, 1, 1), date(today.year + 1, 12, 31)
    secretary = users["secretary@demo.test"]

    def add(**values):
        return member_add(committee=committee, actor=secretary, term_start=start, term_end=end, **values)

    members = {
        "staff": add(user=users["member@demo.test"], seat="staff"),
        "staff2": add(name="Ingrid Hov", email="ingrid.hov@demo.test", seat="staff"),
        "student": add(name="Sara Nilsen", email="sara.nilsen@demo.test", seat="student"),
        "student2": add(name="Emil Vik", email="emil.vik@demo.test", seat="student"),
        "secretary": add(user=secretary, seat="secretary"),
        "observer": add(name="Lars Dahl", seat="observer"),
        "staff_substitute": add(
            name="Nina Berg", email="nina.berg@demo.test", seat="staff", substitute=True, rank=1
        ),
        "student_substitute": add(
            name="Jonas Eik", email="jonas.eik@demo.test", seat="student", substitute=True, rank=1
        ),
    }
    # Last year a student chaired the committee; this year a staff member does.
    chair_set(
        committee=committee,
        year=today.year - 1,
        chair=members["student"],
        vice_chair=members["staff"],
        actor=secretary,
    )
    chair_set(
        committee=committee,
        year=today.year,
        chair=members["staff"],
        vice_chair=members["student"],
        actor=secretary,
    )
    return members


def _held_meeting(committee, secretary, days: int, members: dict, decided: bool = False):
    meeting = meeting_create(committee=committee, starts_at=_at(days), place=PLACE, actor=secretary)
    case = _lighting_case(meeting, secretary) if decided else None
    meeting_set_status(meeting=meeting, status=MeetingStatus.HELD, actor=secretary)
    if case is not None:
        item_decide(
            item=case,
            conclusion="decision",
            decision=(
                "Utvalget ber eiendomsavdelingen sette opp belysning langs gangveien fra bussholdeplassen "
                "til hovedinngangen i Ålesund før neste vinter, og følge opp saken i utvalget."
            ),
            actor=secretary,
            expected_version=None,
        )
    for item in meeting.items:
        if item.standing in (Standing.NOTICE, Standing.MINUTES):
            item_decide(
                item=item,
                conclusion="decision",
                decision=_standing_decision(item.standing),
                actor=secretary,
                expected_version=None,
            )
    attended = {line.member.id: Attendance.PRESENT for line in summoned(meeting)}
    attended[members["student2"].id] = Attendance.ABSENT
    attendance_record(meeting=meeting, attended=attended, minutes_taker=secretary.name, actor=secretary)
    meeting_set_status(meeting=meeting, status=MeetingStatus.MINUTES_PUBLISHED, actor=secretary)
    return meeting


def _lighting_case(meeting, secretary):
    """A case decided at the last meeting: the demo's measures follow it up (portal.measures.demo)."""
    issue = issue_by_reference(f"ALE-{utcnow().year}-0003")
    if issue is None:
        return None
    return item_create(
        meeting=meeting,
        kind="decision",
        title="Belysning på gangveien til campus Ålesund",
        case_officer="Eva Strand, sekretær",
        background="Studentene i Ålesund melder at gangveien fra bussen til hovedinngangen er nesten uten lys.",
        proposed_decision="Utvalget ber eiendomsavdelingen sette opp belysning langs gangveien.",
        actor=secretary,
        issues=[issue],
    )


def _standing_decision(standing: str) -> str:
    decisions: dict[str, str] = {
        Standing.NOTICE: "Innkalling og sakliste er godkjent.",
        Standing.MINUTES: "Protokollen fra forrige møte er godkjent.",
    }
    return decisions[standing]


def _published_meeting(committee, secretary, campuses, users, members):
    meeting = meeting_create(
        committee=committee, starts_at=_at(7), place=PLACE, video_link=VIDEO, actor=secretary
    )
    item = item_create(
        meeting=meeting,
        kind="decision",
        title="Lesesalsplasser i eksamensperioden",
        case_officer="Eva Strand, sekretær",
        background=(
            "Studentene melder at lesesalene er fulle fra klokka åtte i eksamensperioden, på alle tre campus.\n\n"
            "Utvalget ber campusrådene si hvordan det er lokalt før saken behandles."
        ),
        proposed_decision="Utvalget ber eiendomsavdelingen åpne flere lesesalsplasser i eksamensperioden.",
        actor=secretary,
    )
    meeting_publish_notice(meeting=meeting, actor=secretary, campuses=[campuses["TRD"], campuses["GJO"]])
    substitute_call(
        meeting=meeting, absent=members["staff2"], substitute=members["staff_substitute"], actor=secretary
    )
    consultations = consultation_send(
        item=item,
        campuses=[campuses["TRD"], campuses["GJO"], campuses["ALE"]],
        deadline=_at(5, 23),
        actor=secretary,
    )
    statement_give(
        consultation=next(c for c in consultations if c.campus_id == campuses["TRD"].id),
        actor=users["leader.trd@demo.test"],
        statement="Campusrådet i Trondheim støtter forslaget. Lesesal 2 er full før klokka ni hver dag i eksamensperioden.",
    )
    return meeting
