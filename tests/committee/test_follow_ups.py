"""Decisions are followed up (issue 12, part 2): the decision and its follow-up measures in one
step and one transaction, with the measures' SMART refusals next to their fields; the open
follow-ups on the committee's overview and as the standing item "follow-up of earlier
decisions" of a new meeting (gap-free case numbers), in its exports; the students behind the
decided item told when a follow-up is set up, done or dropped; "You said, we did" shows it."""

from datetime import datetime, time, timedelta

import pytest
import sqlalchemy as sa

from portal.committee.errors import CommitteeError
from portal.committee.follow_ups import item_decide_with_follow_ups
from portal.committee.models import AgendaItem, MeetingStatus, Standing
from portal.committee.service import item_create, meeting_create
from portal.extensions import db
from portal.i18n import OSLO, today_in_oslo
from portal.issues.service import support_add
from portal.measures.models import Measure, MeasureStatus
from portal.measures.queries import follow_ups_at
from portal.measures.service import measure_create, measure_evaluate, measure_set_status
from portal.notifications.models import Notification, OutboxMessage
from tests.committee.helpers import docx_text, escalate, flat, make_meeting, pdf_text
from tests.factories import sign_in
from tests.issues.helpers import raise_issue

DECISION = "Utvalget ber eiendomsavdelingen sette opp belysning langs gangveien."


def _due(days: int = 60) -> str:
    return (today_in_oslo() + timedelta(days=days)).isoformat()


def _follow_up(number: int = 1, **values) -> dict:
    fields = {
        "title": "Lys langs gangveien",
        "purpose": "Studentene går i mørket fra bussen.",
        "criterion": "Gangveien er opplyst hele veien før november.",
        "responsible_unit": "0",
        "responsible_text": "Driftssjef, Ålesund",
        "due_on": _due(),
        **values,
    }
    return {f"follow_up_{number}-{name}": value for name, value in fields.items()}


@pytest.fixture
def case(org):
    """A held meeting with a decision item gathering two issues: an anonymous author who reads
    nynorsk, a bokmål author, and an English supporter."""
    secretary = org.secretary(locale="en")
    meeting = make_meeting(org, secretary, days=-1)
    authors = {
        "nn": org.student(campus=org.ale, locale="nn", email="forfattar.nn@example.test"),
        "nb": org.student(campus=org.trd, locale="nb", email="forfatter.nb@example.test"),
    }
    supporter = org.student(locale="en", email="supporter.en@example.test")
    issues = []
    for language, campus in (("nn", org.ale), ("nb", org.trd)):
        issue = raise_issue(
            org, authors[language], campus=campus, title=f"Mørkt ({language})", anonymous=language == "nn"
        )
        support_add(issue=issue, user=supporter)
        issues.append(escalate(org, issue))
    item = item_create(meeting=meeting, kind="decision", title="Belysning", actor=secretary, issues=issues)
    meeting.status = MeetingStatus.HELD
    db.session.commit()
    return {
        "secretary": secretary,
        "meeting": meeting,
        "item": item,
        "issues": issues,
        "authors": authors,
        "supporter": supporter,
    }


def _decide(client, item, *follow_ups, count=None, **extra):
    data = {"conclusion": "decision", "decision": DECISION, "version": item.version, **extra}
    for values in follow_ups:
        data.update(values)
    data["follow_up_count"] = str(count if count is not None else max(len(follow_ups), 1))
    return client.post(f"/committee/LMU/items/{item.id}/decision", data=data)


def _measures():
    return db.session.scalars(sa.select(Measure).order_by(Measure.id)).all()


def test_the_decision_form_offers_a_follow_up_measure(client, case):
    sign_in(client, case["secretary"])
    page = client.get(f"/committee/LMU/items/{case['item'].id}/decision")
    assert page.status_code == 200
    for name in ("title", "purpose", "criterion", "responsible_unit", "responsible_text", "due_on"):
        assert f'name="follow_up_1-{name}"' in page.text, name
    assert "Follow-up measures (optional)" in page.text
    assert 'name="more_follow_ups"' in page.text


def test_a_decision_and_two_follow_ups_in_one_step(client, case):
    sign_in(client, case["secretary"])
    item = case["item"]
    response = _decide(
        client,
        item,
        _follow_up(1),
        _follow_up(2, title="Nye lysstolper ved bussholdeplassen", due_on=_due(90)),
    )
    assert response.status_code == 302, response.text
    assert response.headers["Location"].endswith(f"/committee/LMU/items/{item.id}")
    db.session.refresh(item)
    assert item.decision == DECISION
    first, second = _measures()
    assert (first.title, second.title) == ("Lys langs gangveien", "Nye lysstolper ved bussholdeplassen")
    for measure in (first, second):
        assert (measure.scope, measure.committee_id, measure.agenda_item_id) == (
            "committee",
            item.committee_id,
            item.id,
        )
        assert measure.status == MeasureStatus.PLANNED
    page = client.get(response.headers["Location"])
    assert "The decision is recorded." in page.text
    assert "2 follow-up measures are set up." in page.text
    assert "Follow-up of the decision" in page.text
    assert "Nye lysstolper ved bussholdeplassen" in page.text


def test_an_empty_follow_up_records_the_decision_alone(client, case):
    sign_in(client, case["secretary"])
    response = _decide(
        client,
        case["item"],
        _follow_up(1, title="", purpose="", criterion="", responsible_text="", due_on=""),
    )
    assert response.status_code == 302
    assert _measures() == []
    db.session.refresh(case["item"])
    assert case["item"].decided


def test_a_smart_refusal_stands_next_to_the_measure_field_and_nothing_is_saved(client, case):
    sign_in(client, case["secretary"])
    item = case["item"]
    before = db.session.scalar(sa.select(sa.func.count()).select_from(Notification))
    response = _decide(
        client, item, _follow_up(1), _follow_up(2, criterion="", title="Ny benk ved inngangen")
    )
    assert response.status_code == 400
    error = response.text.split('id="follow_up_2-criterion-error"', 1)[1].split("</p>", 1)[0]
    assert "Say how you will know it worked" in error
    assert "SMART: measurable" in error
    assert 'href="#follow_up_2-criterion"' in response.text  # the summary links to the field
    # Nothing typed is lost: the decision and both measures are still in the form.
    assert DECISION in response.text
    assert 'value="Ny benk ved inngangen"' in response.text
    assert 'value="Lys langs gangveien"' in response.text
    # One transaction: neither the decision nor the first measure was saved, and nobody was told.
    db.session.expire_all()
    assert db.session.get(AgendaItem, item.id).decision is None
    assert _measures() == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Notification)) == before


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"title": "x" * 201}, "title", "Use at most 200 characters."),
        ({"due_on": "not a date"}, "due_on", "Not a valid date value."),
        ({"due_on": (today_in_oslo() - timedelta(days=1)).isoformat()}, "due_on", "The due date has passed."),
        ({"responsible_unit": "99999999"}, "responsible_unit", "Not a valid choice."),
        ({"responsible_unit": "abc"}, "responsible_unit", "Invalid Choice"),
        ({"responsible_text": "", "responsible_unit": "0"}, "responsible_unit", "Name who is responsible"),
        ({"purpose": "\x00\u200b "}, "purpose", "Say what the problem is"),
    ],
)
def test_bad_input_on_a_follow_up_is_refused_with_words(client, case, values, field, message):
    sign_in(client, case["secretary"])
    response = _decide(client, case["item"], _follow_up(1, **values))
    assert response.status_code == 400
    error = response.text.split(f'id="follow_up_1-{field}-error"', 1)[1].split("</p>", 1)[0]
    assert message in error
    assert DECISION in response.text
    assert _measures() == []


def test_another_measure_is_added_without_losing_what_was_typed(client, case):
    sign_in(client, case["secretary"])
    response = _decide(
        client, case["item"], _follow_up(1, title="Første tiltak"), more_follow_ups="Add another measure"
    )
    assert response.status_code == 200
    assert 'value="Første tiltak"' in response.text
    assert 'name="follow_up_2-title"' in response.text
    assert DECISION in response.text
    assert _measures() == []
    db.session.refresh(case["item"])
    assert not case["item"].decided
    # At most five at once, whatever the form says.
    crafted = _decide(client, case["item"], count="9999", more_follow_ups="x")
    assert crafted.status_code == 200
    assert 'name="follow_up_5-title"' in crafted.text
    assert 'name="follow_up_6-title"' not in crafted.text
    assert 'name="more_follow_ups"' not in crafted.text


def test_standing_items_get_no_follow_up_measures(client, org, case):
    sign_in(client, case["secretary"])
    standing = next(i for i in case["meeting"].items if i.standing == Standing.NOTICE)
    assert 'name="follow_up_1-title"' not in client.get(f"/committee/LMU/items/{standing.id}/decision").text
    response = _decide(client, standing, _follow_up(1))  # crafted
    assert response.status_code == 302
    assert _measures() == []
    with pytest.raises(CommitteeError) as refused:
        item_decide_with_follow_ups(
            item=standing,
            conclusion="decision",
            decision="Godkjent.",
            actor=case["secretary"],
            expected_version=None,
            follow_ups=[
                {
                    "title": "x",
                    "purpose": "y",
                    "criterion": "z",
                    "responsible_text": "r",
                    "due_on": today_in_oslo(),
                }
            ],
        )
    assert refused.value.code == "standing-no-follow-up"


def test_others_cannot_decide_or_set_up_follow_ups(client, org, case):
    for person in (org.member(), org.leader(org.trd), org.student()):
        sign_in(client, person)
        assert client.get(f"/committee/LMU/items/{case['item'].id}/decision").status_code == 403
        assert _decide(client, case["item"], _follow_up(1)).status_code == 403
    assert _measures() == []


# Who is told


def _told(kind="issue_measure"):
    return db.session.scalars(sa.select(Notification).where(Notification.kind == kind)).all()


def test_the_students_behind_the_item_are_told_of_a_follow_up_in_their_language(client, case):
    sign_in(client, case["secretary"])
    before = db.session.scalar(sa.select(sa.func.max(OutboxMessage.id))) or 0
    assert _decide(client, case["item"], _follow_up(1)).status_code == 302
    told = _told()
    # Two issues, each with its author (the anonymous one too, through the author link) and the
    # supporter, who supports both and is told once per issue.
    assert sorted(n.user_id for n in told) == sorted(
        [case["authors"]["nn"].id, case["authors"]["nb"].id, case["supporter"].id, case["supporter"].id]
    )
    assert {n.params["what"] for n in told} == {"created"}
    mails = {
        m.to_address: m
        for m in db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.id > before))
        if "measure" in m.subject or "tiltak" in m.subject
    }
    assert mails["forfattar.nn@example.test"].language == "nn"
    assert "eit tiltak svarar på innspelet" in mails["forfattar.nn@example.test"].subject
    assert mails["forfatter.nb@example.test"].language == "nb"
    assert mails["supporter.en@example.test"].language == "en"
    assert "Lys langs gangveien" in mails["supporter.en@example.test"].body_text


def test_done_and_dropped_follow_ups_are_told_once(case):
    secretary, item = case["secretary"], case["item"]
    [measure] = item_decide_with_follow_ups(
        item=item,
        conclusion="decision",
        decision=DECISION,
        actor=secretary,
        expected_version=None,
        follow_ups=[
            {
                "title": "Lys langs gangveien",
                "purpose": "Mørkt.",
                "criterion": "Opplyst.",
                "responsible_text": "Drift",
                "due_on": today_in_oslo() + timedelta(days=30),
            }
        ],
    )
    # Attached to one of the issues directly as well: its followers still hear once per issue.
    measure_two = measure_create(
        actor=secretary,
        committee=item.meeting.committee,
        agenda_item=item,
        issues=[case["issues"][0]],
        title="Benk ved bussen",
        purpose="Å vente.",
        criterion="En benk.",
        responsible_text="Drift",
        due_on=today_in_oslo() + timedelta(days=30),
    )
    db.session.commit()
    measure_set_status(measure=measure, status=MeasureStatus.DONE, actor=secretary)
    measure_set_status(measure=measure_two, status=MeasureStatus.DROPPED, actor=secretary)
    db.session.commit()
    by_what = {}
    for notification in _told():
        by_what.setdefault(notification.params["what"], []).append(notification.params["reference"])
    references = sorted(issue.reference for issue in case["issues"])
    for what in ("done", "dropped"):
        # Per issue: its author and the supporter.
        assert sorted(by_what[what]) == sorted(references * 2), what
    assert sorted(by_what["created"]) == sorted(references * 4)


def test_the_issue_page_shows_the_follow_up_of_its_decision(client, case):
    sign_in(client, case["secretary"])
    assert _decide(client, case["item"], _follow_up(1)).status_code == 302
    author = case["authors"]["nb"]
    sign_in(client, author)
    page = client.get(f"/issues/{case['issues'][1].reference}")
    assert "Lys langs gangveien" in page.text
    assert "Hva som blir gjort" in page.text or "Dette blir gjort" in page.text


# The committee's overview and the standing item


def _follow_up_measure(case, *, title="Lys langs gangveien", days=30):
    measure = measure_create(
        actor=case["secretary"],
        committee=case["item"].meeting.committee,
        agenda_item=case["item"],
        title=title,
        purpose="Mørkt.",
        criterion="Opplyst.",
        responsible_text="Drift",
        due_on=today_in_oslo() + timedelta(days=days),
    )
    db.session.commit()
    return measure


def test_the_overview_lists_open_follow_ups_with_the_overdue_flagged(client, org, case, time_machine):
    late = _follow_up_measure(case, title="Sent ute", days=1)
    _follow_up_measure(case, title="I rute", days=40)
    done = _follow_up_measure(case, title="Ferdig allerede", days=10)
    measure_set_status(measure=done, status=MeasureStatus.DONE, actor=case["secretary"])
    db.session.commit()
    time_machine.move_to(datetime.now(OSLO) + timedelta(days=3), tick=False)
    sign_in(client, org.member(locale="en"))
    page = client.get("/committee/LMU/")
    section = page.text.split('id="open-follow-ups-heading"', 1)[1].split("</section>", 1)[0]
    assert "I rute" in section
    assert "Ferdig allerede" not in section
    late_entry = section.split("Sent ute", 1)[1].split("</li>", 1)[0]
    assert "overdue" in late_entry
    assert "overdue" not in section.split("I rute", 1)[1].split("</li>", 1)[0]
    assert f"Decision in case {case['item'].case_number}" in section
    assert late.id


def _new_meeting(org, secretary, days=20):
    day = (datetime.now(OSLO) + timedelta(days=days)).date()
    meeting = meeting_create(
        committee=org.lmu,
        starts_at=datetime.combine(day, time(10), tzinfo=OSLO),
        place="Rom 1",
        actor=secretary,
    )
    db.session.commit()
    return meeting


def test_a_new_meeting_gets_the_follow_up_item_while_follow_ups_are_open(org, case):
    secretary = case["secretary"]
    without = _new_meeting(org, secretary, days=15)
    assert [i.standing for i in without.items] == ["notice", "minutes", "other_business"]
    _follow_up_measure(case)
    meeting = _new_meeting(org, secretary)
    items = meeting.items
    assert [i.standing for i in items] == ["notice", "minutes", "follow_up", "other_business"]
    numbers = [i.number for i in items if i.number is not None]
    assert numbers == list(range(numbers[0], numbers[0] + 3))  # given on creation, no gaps
    assert items[2].kind == "information"
    assert [m.title for m in follow_ups_at(meeting)] == ["Lys langs gangveien"]
    # The next item takes the next number.
    item = item_create(meeting=meeting, kind="decision", title="Neste sak", actor=secretary)
    assert item.number == numbers[-1] + 1


def test_the_standing_item_lists_what_was_open_when_the_meeting_began(org, case, time_machine):
    secretary = case["secretary"]
    measure = _follow_up_measure(case)
    meeting = _new_meeting(org, secretary, days=10)
    assert follow_ups_at(meeting) == [measure]
    time_machine.move_to(meeting.starts_at + timedelta(days=2), tick=False)
    meeting.status = MeetingStatus.HELD
    later = _follow_up_measure(case, title="Satt opp etter møtet")
    measure_set_status(measure=measure, status=MeasureStatus.DONE, actor=secretary)
    db.session.commit()
    # The held meeting's list stays as it was; a new meeting lists what is open now.
    assert follow_ups_at(meeting) == [measure]
    assert follow_ups_at(_new_meeting(org, secretary)) == [later]


def test_the_standing_item_in_the_page_and_the_exports(client, org, case):
    org.lmu.language = "nn"
    _follow_up_measure(case)
    meeting = _new_meeting(org, case["secretary"])
    standing = next(i for i in meeting.items if i.standing == Standing.FOLLOW_UP)
    sign_in(client, case["secretary"])
    page = client.get(f"/committee/LMU/items/{standing.id}")
    assert page.status_code == 200
    assert "Follow-up of earlier decisions" in page.text
    assert "Lys langs gangveien" in page.text
    assert "1 follow-up still open" in client.get(f"/committee/LMU/meetings/{meeting.id}").text
    base = f"/committee/LMU/meetings/{meeting.id}/agenda"
    text = docx_text(client.get(base + ".docx").data)
    assert f"Sak {standing.case_number} Oppfølging av tidlegare vedtak" in text
    assert "Lys langs gangveien (Planlagt)" in text
    assert f"Sak {case['item'].case_number}" in text
    pdf = flat(pdf_text(client.get(base + ".pdf").data))
    assert "Oppfølging av tidlegare vedtak" in pdf
    assert "Lys langs gangveien" in pdf
    english = docx_text(client.get(base + ".docx?lang=en").data)
    assert "Follow-up of earlier decisions" in english
    print_view = client.get(base + "/print?lang=nn").text
    assert "Oppfølging som framleis er open" in print_view


def test_the_secretary_adds_the_follow_up_item_to_a_meeting_made_before(client, org, case):
    secretary = case["secretary"]
    meeting = _new_meeting(org, secretary)
    last_number = max(i.number for i in meeting.items if i.number)
    _follow_up_measure(case)
    sign_in(client, secretary)
    page = client.get(f"/committee/LMU/meetings/{meeting.id}")
    assert f"/committee/LMU/meetings/{meeting.id}/follow-up-item" in page.text
    response = client.post(f"/committee/LMU/meetings/{meeting.id}/follow-up-item")
    assert response.status_code == 302
    db.session.expire_all()
    items = db.session.get(type(meeting), meeting.id).items
    assert [i.standing for i in items] == ["notice", "minutes", "follow_up", "other_business"]
    assert items[2].number == last_number + 1
    again = client.post(f"/committee/LMU/meetings/{meeting.id}/follow-up-item", follow_redirects=True)
    assert "already has the item" in again.text
    held = client.post(f"/committee/LMU/meetings/{case['meeting'].id}/follow-up-item", follow_redirects=True)
    assert "can be added only to a meeting that has not been held yet" in held.text
    assert not any(i.standing == Standing.FOLLOW_UP for i in case["meeting"].items)


# "You said, we did"


def test_you_said_we_did_shows_the_follow_up_with_its_evaluation(client, case):
    sign_in(client, case["secretary"])
    assert _decide(client, case["item"], _follow_up(1)).status_code == 302
    measure = _measures()[0]
    measure_set_status(measure=measure, status=MeasureStatus.DONE, actor=case["secretary"])
    measure_evaluate(
        measure=measure,
        actor=case["secretary"],
        purpose="Vi ville at studentene skulle kunne gå trygt.",
        result="Ja: gangveien er opplyst.",
        process="Kommunen var rask.",
    )
    db.session.commit()
    anonymous = client.application.test_client()
    anonymous.set_cookie("lang", "en")
    year = case["item"].year
    page = anonymous.get(f"/you-said-we-did/LMU/{year}")
    assert page.status_code == 200
    card = page.text.split(f'id="decided-{case["item"].id}"', 1)[1].split("</article>", 1)[0]
    assert "What is being done" in card
    assert "Lys langs gangveien" in card
    assert "Done" in card
    assert "Ja: gangveien er opplyst." in card
    assert "Kommunen var rask." in card
    assert "/measures/" not in card  # students cannot open the owners' measure page


def test_the_follow_up_lists_keep_a_fixed_number_of_queries(client, org, case, count_queries):
    from tests.referrals.helpers import make_unit

    secretary = case["secretary"]
    _follow_up_measure(case)
    meeting = _new_meeting(org, secretary)
    standing = next(i for i in meeting.items if i.standing == Standing.FOLLOW_UP)
    item_decide_with_follow_ups(
        item=case["item"], conclusion="decision", decision=DECISION, actor=secretary, expected_version=None
    )
    db.session.commit()
    sign_in(client, secretary)
    pages = (
        "/committee/LMU/",
        f"/committee/LMU/items/{standing.id}",
        f"/you-said-we-did/LMU/{case['item'].year}",
    )

    def visit():
        for path in pages:
            assert client.get(path).status_code == 200, path

    with count_queries() as few:
        visit()
    unit = make_unit()
    for n in range(4):
        issue = escalate(org, raise_issue(org, org.student(), campus=org.gjo, title=f"Sak {n}"))
        item = item_create(
            meeting=case["meeting"], kind="decision", title=f"Sak {n}", actor=secretary, issues=[issue]
        )
        item_decide_with_follow_ups(
            item=item,
            conclusion="decision",
            decision=f"Vedtak {n}.",
            actor=secretary,
            expected_version=None,
            follow_ups=[
                {
                    "title": f"Tiltak {n}{m}",
                    "purpose": "Formål.",
                    "criterion": "Kriterium.",
                    "responsible_unit": unit,
                    "due_on": today_in_oslo() + timedelta(days=20 + m),
                }
                for m in range(2)
            ],
        )
    db.session.commit()
    with count_queries() as many:
        visit()
    assert len(_measures()) == 9
    assert many.count == few.count
