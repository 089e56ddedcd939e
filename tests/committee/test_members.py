"""Members and composition (issue 13, item 1): seats, terms, substitutes, chairs per year and
the committee's rule, checked and shown; bad input gets words, never a 500."""

from datetime import date

import pytest
import sqlalchemy as sa

from portal.committee.composition import composition_on
from portal.committee.errors import CommitteeError
from portal.committee.membership import chair_set, member_add, member_update
from portal.committee.models import CommitteeChair, CommitteeMember
from portal.extensions import db
from tests.committee.helpers import add_seat, make_meeting
from tests.factories import make_user, sign_in

DAY = date(2026, 3, 11)


def _members():
    return db.session.scalar(sa.select(sa.func.count()).select_from(CommitteeMember))


def test_members_from_accounts_and_by_name_with_seats_and_substitutes(client, org):
    secretary = org.secretary(locale="en")
    student = org.student(name="Kari Student")
    sign_in(client, secretary)
    response = client.post(
        "/committee/LMU/members/new",
        data={
            "account_email": student.email,
            "seat": "student",
            "term_start": "2026-01-01",
            "term_end": "2026-12-31",
        },
    )
    assert response.status_code == 302
    response = client.post(
        "/committee/LMU/members/new",
        data={
            "name": "Ingrid Hov",
            "contact_email": "ingrid@example.test",
            "seat": "staff",
            "substitute": "y",
            "rank": "2",
            "term_start": "2026-01-01",
            "term_end": "2027-12-31",
        },
    )
    assert response.status_code == 302
    members = db.session.scalars(sa.select(CommitteeMember).order_by(CommitteeMember.id)).all()
    assert [(m.name, m.user_id, m.seat, m.substitute, m.rank, m.email) for m in members] == [
        ("Kari Student", student.id, "student", False, 0, None),
        ("Ingrid Hov", None, "staff", True, 2, "ingrid@example.test"),
    ]
    page = client.get("/committee/LMU/members").get_data(as_text=True)
    assert "Kari Student" in page
    assert "Ingrid Hov" in page
    assert "no account" in page
    # A member with an account now reads the committee's pages, by their seat.
    sign_in(client, student)
    assert client.get("/committee/LMU/").status_code == 200
    assert client.get("/committee/LMU/members/new").status_code == 403


def test_a_member_added_twice_or_with_overlapping_terms_is_refused_with_words(client, org):
    secretary = org.secretary(locale="en")
    student = org.student(name="Kari Student")
    add_seat(org, user=student)
    add_seat(org, name="Ingrid Hov", seat="staff")
    sign_in(client, secretary)
    cases = [
        (
            {"account_email": student.email, "term_start": "2026-01-01", "term_end": "2026-12-31"},
            "Kari Student is already a member for that term.",
        ),
        (
            {"account_email": student.email, "term_start": "2026-06-01", "term_end": "2027-05-31"},
            "Kari Student already has a seat from 2026-01-01 to 2026-12-31",
        ),
        (
            {"name": "  ingrid hov ", "term_start": "2026-12-01", "term_end": "2027-01-31"},
            "Ingrid Hov already has a seat",
        ),
    ]
    for data, message in cases:
        before = _members()
        response = client.post("/committee/LMU/members/new", data={"seat": "student", **data})
        html = response.get_data(as_text=True)
        assert response.status_code == 400, data
        assert message in html, data
        assert _members() == before
    # A term right after the last one is fine.
    response = client.post(
        "/committee/LMU/members/new",
        data={
            "account_email": student.email,
            "seat": "student",
            "term_start": "2027-01-01",
            "term_end": "2027-12-31",
        },
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({}, "name", "Choose a person with an account, or write the name of someone without one."),
        (
            {"name": "X", "term_start": "2026-05-01", "term_end": "2026-04-01"},
            "term_end",
            "The term must end on or after the day it starts.",
        ),
        (
            {"name": "X", "term_start": "1900-01-01", "term_end": "2026-04-01"},
            "term_start",
            "Give dates between the years 2000 and 2100.",
        ),
        (
            {"name": "X", "term_start": "i går", "term_end": "2026-04-01"},
            "term_start",
            "Not a valid date value.",
        ),
        ({"name": "X", "seat": "king"}, "seat", "Not a valid choice."),
        ({"name": "X", "rank": "mange"}, "rank", "Not a valid integer value."),
        ({"name": "X", "rank": "1000"}, "rank", "Give a number from 0 to 99."),
        ({"name": "X" * 121}, "name", "Use at most 120 characters."),
        ({"account_email": "nobody@example.test"}, "account_email", "No account has that e-mail address."),
        (
            {"account_email": "not an address"},
            "account_email",
            "Enter an e-mail address like name@example.no.",
        ),
    ],
)
def test_bad_member_input_keeps_what_was_typed(client, org, data, field, message):
    sign_in(client, org.secretary(locale="en"))
    data = {"seat": "student", "term_start": "2026-01-01", "term_end": "2026-12-31", **data}
    response = client.post("/committee/LMU/members/new", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html
    if field == "seat":  # radio buttons: the message is in the fieldset's legend area
        assert 'class="field field-error' in html
    else:
        assert f'id="{field}"' in html
        assert 'aria-invalid="true"' in html
    if data.get("name") and len(data["name"]) < 100:
        assert f'value="{data["name"]}"' in html
    assert _members() == 0


def test_odd_unicode_and_nul_bytes_in_names_are_kept_clean(client, org):
    sign_in(client, org.secretary(locale="en"))
    response = client.post(
        "/committee/LMU/members/new",
        data={
            "name": "Åse\x00 Ǆ́ 🙂",
            "seat": "observer",
            "term_start": "2026-01-01",
            "term_end": "2026-12-31",
        },
    )
    assert response.status_code == 302
    assert db.session.scalar(sa.select(CommitteeMember.name)) == "Åse Ǆ́ 🙂"


def test_chair_must_be_a_member_in_a_voting_seat_with_a_term_that_year(client, org):
    secretary = org.secretary(locale="en")
    student = add_seat(org, name="Sara Student")
    staff = add_seat(org, name="Per Staff", seat="staff")
    observer = add_seat(org, name="Olav Observer", seat="observer")
    substitute = add_seat(org, name="Vera Vara", substitute=True)
    other = add_seat(
        org, name="Other Committee", committee=__import__("tests.factories").factories.make_committee("UU")
    )
    sign_in(client, secretary)
    for chair, vice, message in [
        (
            observer,
            None,
            "The chair must be a member of the committee in a student or staff seat, with a term in 2026.",
        ),
        (substitute, None, "The chair must be a member"),
        (other, None, "The chair must be a member"),
        (student, observer, "The vice-chair must be a member"),
        (student, student, "The chair and the vice-chair must be two different people."),
    ]:
        response = client.post(
            "/committee/LMU/members/chair",
            data={"year": "2026", "chair": chair.id, "vice_chair": vice.id if vice else 0},
        )
        assert response.status_code == 400, message
        assert message in response.get_data(as_text=True)
    response = client.post("/committee/LMU/members/chair", data={"year": "2027", "chair": student.id})
    assert response.status_code == 400  # the term ends in 2026
    for bad in (
        {"year": "tjue", "chair": student.id},
        {"year": "2026", "chair": "x"},
        {"year": "2026", "chair": 2**40},
    ):
        assert client.post("/committee/LMU/members/chair", data=bad).status_code == 400, bad
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CommitteeChair)) == 0
    response = client.post(
        "/committee/LMU/members/chair", data={"year": "2026", "chair": staff.id, "vice_chair": student.id}
    )
    assert response.status_code == 302
    row = db.session.scalar(sa.select(CommitteeChair))
    assert (row.year, row.chair_id, row.vice_chair_id) == (2026, staff.id, student.id)


def test_composition_rule_is_checked_and_shown(client, org):
    secretary = org.secretary(locale="en")
    student = add_seat(org, name="Sara Student", start=date(2025, 1, 1))
    staff = add_seat(org, name="Per Staff", seat="staff", start=date(2025, 1, 1))
    add_seat(org, name="Olav Observer", seat="observer")
    add_seat(org, name="Vera Vara", substitute=True)
    composition = composition_on(org.lmu, DAY)
    assert (composition.students, composition.staff) == (1, 1)
    assert composition.problems == [("no-chair", {"year": 2026})]
    chair_set(committee=org.lmu, year=2025, chair=student, vice_chair=staff, actor=secretary)
    chair_set(committee=org.lmu, year=2026, chair=student, vice_chair=staff, actor=secretary)
    assert composition_on(org.lmu, DAY).problems == [
        ("chair-not-alternating", {"year": 2026, "seat": "student"})
    ]
    chair_set(committee=org.lmu, year=2026, chair=staff, vice_chair=student, actor=secretary)
    assert composition_on(org.lmu, DAY).problems == []
    # Rule: a student majority; one more staff member breaks both rules' counts.
    add_seat(org, name="Anne Staff", seat="staff")
    assert composition_on(org.lmu, DAY).problems == [("parity", {"students": 1, "staff": 2})]
    org.lmu.composition_rule = "student_majority"
    db.session.commit()
    assert composition_on(org.lmu, DAY).problems == [("student-majority", {"students": 1, "staff": 2})]
    org.lmu.chair_alternates = False
    db.session.commit()
    sign_in(client, secretary)
    page = client.get("/committee/LMU/").get_data(as_text=True)
    assert "The composition does not meet the committee's rule:" in page
    assert "The rule is a student majority, but the count is 1 to 2 (students to staff)." in page
    # … and the meeting page warns before the meeting.
    meeting = make_meeting(org, secretary)
    page = client.get(f"/committee/LMU/meetings/{meeting.id}").get_data(as_text=True)
    assert "The composition on the day of the meeting does not meet the committee's rule:" in page


def test_terms_decide_who_counts_and_a_chair_keeps_its_term(org):
    secretary = org.secretary()
    student = add_seat(org, name="Sara Student")
    staff = add_seat(org, name="Per Staff", seat="staff", end=date(2026, 2, 28))
    assert (composition_on(org.lmu, DAY).students, composition_on(org.lmu, DAY).staff) == (1, 0)
    chair_set(committee=org.lmu, year=2026, chair=student, vice_chair=None, actor=secretary)
    with pytest.raises(CommitteeError) as refused:
        member_update(
            member=student,
            actor=secretary,
            seat="student",
            term_start=date(2026, 1, 1),
            term_end=date(2025, 12, 31),
            substitute=False,
            rank=0,
            email=None,
            expected_version=None,
        )
    assert refused.value.code == "term-order"
    with pytest.raises(CommitteeError) as refused:
        member_update(
            member=student,
            actor=secretary,
            seat="observer",
            term_start=date(2026, 1, 1),
            term_end=date(2026, 12, 31),
            substitute=False,
            rank=0,
            email=None,
            expected_version=None,
        )
    assert refused.value.code == "chair-outside-term"
    with pytest.raises(CommitteeError) as refused:
        member_add(
            committee=org.lmu,
            actor=secretary,
            name="Per Staff",
            seat="staff",
            term_start=date(2026, 2, 1),
            term_end=date(2026, 12, 31),
        )
    assert refused.value.code == "terms-overlap"
    assert staff.term_end == date(2026, 2, 28)


def test_a_member_on_record_is_not_removed_but_one_added_by_mistake_is(client, org):
    secretary = org.secretary(locale="en")
    mistake = add_seat(org, name="Feil Person")
    chair = add_seat(org, name="Sara Student")
    chair_set(committee=org.lmu, year=2026, chair=chair, vice_chair=None, actor=secretary)
    db.session.commit()
    sign_in(client, secretary)
    response = client.post(f"/committee/LMU/members/{chair.id}/remove", follow_redirects=True)
    assert "so the record stays. End the term instead." in response.get_data(as_text=True)
    assert client.post(f"/committee/LMU/members/{mistake.id}/remove").status_code == 302
    assert [m.name for m in db.session.scalars(sa.select(CommitteeMember))] == ["Sara Student"]


def test_settings_language_and_rule(client, org):
    sign_in(client, org.secretary(locale="en"))
    for bad in (
        {"language": "en", "composition_rule": "parity"},
        {"language": "nn", "composition_rule": "all"},
        {},
    ):
        assert client.post("/committee/LMU/settings", data=bad).status_code == 400, bad
    response = client.post(
        "/committee/LMU/settings", data={"language": "nn", "composition_rule": "student_majority"}
    )
    assert response.status_code == 302
    db.session.refresh(org.lmu)
    assert (org.lmu.language, org.lmu.composition_rule, org.lmu.chair_alternates) == (
        "nn",
        "student_majority",
        False,
    )


def test_members_of_another_committee_and_crafted_ids_are_not_found(client, org):
    from tests.factories import make_committee

    other = make_committee("UU")
    theirs = add_seat(org, name="Their Member", committee=other)
    sign_in(client, org.secretary(locale="en"))
    assert client.get(f"/committee/LMU/members/{theirs.id}/edit").status_code == 404
    assert client.post(f"/committee/LMU/members/{theirs.id}/remove").status_code == 404
    assert client.get("/committee/LMU/members/99999999999/edit").status_code == 404
    make_user()  # nothing else changes
    assert _members() == 1
