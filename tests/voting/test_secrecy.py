"""The secret ballot: nothing in the schema or the data links a ballot to the student who cast it."""

from itertools import combinations

import pytest
import sqlalchemy as sa

from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.notifications.models import Notification, OutboxMessage
from portal.voting.models import Ballot, BallotChoice, Phase, VoterRoll
from portal.voting.service import round_seal
from tests.conftest import TEST_DATABASE_URL
from tests.factories import sign_in
from tests.voting.helpers import cast, count, make_proposal, make_round, set_phase

BALLOT_TABLES = ("ballot", "ballot_choice")
# Words that would betray a person or a moment in a column name.
SUSPECT_NAMES = ("user", "voter", "student", "person", "account", "email", "ip", "session",
                 "created", "updated", "time", "date", "_at", "_on", "seq", "serial", "order", "position")  # fmt: skip


def inspector():
    return sa.inspect(db.session.connection())


def is_temporal(column_type) -> bool:
    return isinstance(column_type, sa.DateTime | sa.Date | sa.Time | sa.Interval)


def test_ballot_tables_have_no_column_that_could_link_to_a_voter(app):
    schema = inspector()
    assert {c["name"] for c in schema.get_columns("ballot")} == {"id", "round_id", "campus_id"}
    assert {c["name"] for c in schema.get_columns("ballot_choice")} == {"ballot_id", "proposal_id"}
    for table in BALLOT_TABLES:
        for column in schema.get_columns(table):
            assert not is_temporal(column["type"]), (table, column["name"])
            assert not any(word in column["name"].lower() for word in SUSPECT_NAMES), (table, column["name"])
        referred = {fk["referred_table"] for fk in schema.get_foreign_keys(table)}
        assert referred <= {"voting_round", "campus", "ballot", "focus_proposal"}, (table, referred)
        assert "user_account" not in referred
        assert "voter_roll" not in referred


def test_ballot_primary_key_is_not_an_integer_sequence(app):
    schema = inspector()
    columns = {c["name"]: c for c in schema.get_columns("ballot")}
    assert schema.get_pk_constraint("ballot")["constrained_columns"] == ["id"]
    assert isinstance(columns["id"]["type"], sa.String)
    assert columns["id"].get("autoincrement") is not True
    # A choice is keyed by its ballot's random id (and the proposal), nothing sequential.
    assert sorted(schema.get_pk_constraint("ballot_choice")["constrained_columns"]) == [
        "ballot_id",
        "proposal_id",
    ]


def test_no_table_but_ballot_choice_refers_to_ballots(app):
    schema = inspector()
    for table in schema.get_table_names():
        for fk in schema.get_foreign_keys(table):
            if fk["referred_table"] == "ballot":
                assert table == "ballot_choice", table


def test_voter_roll_keeps_the_day_only_and_no_link_to_the_ballot(app):
    schema = inspector()
    columns = {c["name"]: c["type"] for c in schema.get_columns("voter_roll")}
    assert set(columns) == {"round_id", "user_id", "voted_on"}
    assert isinstance(columns["voted_on"], sa.Date)
    assert not isinstance(columns["voted_on"], sa.DateTime)
    assert {fk["referred_table"] for fk in schema.get_foreign_keys("voter_roll")} == {
        "voting_round",
        "user_account",
    }
    # One ballot per student per round is the roll's primary key: the database enforces it.
    assert sorted(schema.get_pk_constraint("voter_roll")["constrained_columns"]) == ["round_id", "user_id"]


@pytest.mark.skipif(bool(TEST_DATABASE_URL), reason="SQLite's hidden rowid")
def test_sqlite_keeps_no_hidden_rowid_for_ballots_or_roll(app):
    connection = db.session.connection()
    for table in ("ballot", "ballot_choice", "voter_roll"):
        with pytest.raises(sa.exc.OperationalError), connection.begin_nested():
            connection.exec_driver_sql(f"SELECT rowid FROM {table}")


def _vote_in_turn(org):
    """Twelve students vote one after another, each with a different combination of choices."""
    voting_round = make_round(org, Phase.VOTING)
    proposals = [make_proposal(voting_round, title=f"Fokus {n}") for n in range(4)]
    patterns = [frozenset()] + [frozenset(c) for size in (1, 2, 3) for c in combinations(range(4), size)]
    cast_order = []
    for pattern in patterns[:12]:
        student = org.student()
        cast(voting_round, student, [proposals[i] for i in sorted(pattern)])
        cast_order.append(frozenset(proposals[i].id for i in pattern))
    return voting_round, proposals, cast_order


def _patterns(voting_round, order_by_id: bool) -> list[frozenset]:
    select = sa.select(Ballot.id).where(Ballot.round_id == voting_round.id)
    if order_by_id:
        select = select.order_by(Ballot.id)
    ids = db.session.scalars(select).all()
    choices = {}
    for ballot_id, proposal_id in db.session.execute(
        sa.select(BallotChoice.ballot_id, BallotChoice.proposal_id)
    ):
        choices.setdefault(ballot_id, set()).add(proposal_id)
    return [frozenset(choices.get(ballot_id, ())) for ballot_id in ids]


def test_ballot_ids_are_random_and_not_ordered_like_the_roll(app, org):
    voting_round, _proposals, cast_order = _vote_in_turn(org)
    ids = db.session.scalars(sa.select(Ballot.id).where(Ballot.round_id == voting_round.id)).all()
    assert len(ids) == len(set(ids)) == 12
    assert all(len(ballot_id) == 32 and int(ballot_id, 16) >= 0 for ballot_id in ids)
    # The roll, in the order people voted (user ids grow with each new student).
    roll = db.session.scalars(
        sa.select(VoterRoll.user_id).where(VoterRoll.round_id == voting_round.id).order_by(VoterRoll.user_id)
    ).all()
    assert len(roll) == 12
    # Sorted by id, the ballots do not come out in the order they were cast (1 in 12! by chance).
    assert _patterns(voting_round, order_by_id=True) != cast_order
    assert sorted(map(sorted, _patterns(voting_round, order_by_id=True))) == sorted(map(sorted, cast_order))


def test_sealing_rewrites_the_box_in_random_order_and_keeps_every_choice(app, org):
    voting_round, _proposals, cast_order = _vote_in_turn(org)
    before_ids = set(db.session.scalars(sa.select(Ballot.id)))
    set_phase(voting_round, Phase.COUNTING)
    assert round_seal(voting_round=voting_round) is True
    assert round_seal(voting_round=voting_round) is False  # once
    after_ids = set(db.session.scalars(sa.select(Ballot.id).where(Ballot.round_id == voting_round.id)))
    assert len(after_ids) == 12
    assert not (after_ids & before_ids)
    # Same ballots as a multiset; storage order (no ORDER BY) no longer follows the voting order.
    physical = _patterns(voting_round, order_by_id=False)
    assert sorted(map(sorted, physical)) == sorted(map(sorted, cast_order))
    assert physical != cast_order
    assert voting_round.eligible_count == count(VoterRoll)  # only these 12 students exist
    assert count(VoterRoll, round_id=voting_round.id) == 12


@pytest.mark.postgresql_only
def test_sealing_removes_the_transaction_id_link_on_postgresql(app, org):
    """PostgreSQL stamps rows with the inserting transaction (xmin); a roll row and its ballot share
    one transaction when cast. After sealing, every ballot and every roll row of the round carries
    the sealing transaction: no roll row's xmin singles out a ballot."""
    voting_round, _proposals, _order = _vote_in_turn(org)
    set_phase(voting_round, Phase.COUNTING)
    round_seal(voting_round=voting_round)
    connection = db.session.connection()
    ballot_xmins = set(
        connection.execute(
            sa.text("SELECT xmin::text FROM ballot WHERE round_id = :r"), {"r": voting_round.id}
        ).scalars()
    )
    roll_xmins = set(
        connection.execute(
            sa.text("SELECT xmin::text FROM voter_roll WHERE round_id = :r"), {"r": voting_round.id}
        ).scalars()
    )
    assert len(ballot_xmins) == 1
    assert roll_xmins == ballot_xmins


def test_the_voter_sees_that_they_voted_not_how(client, org):
    voting_round = make_round(org, Phase.VOTING)
    chosen = make_proposal(voting_round, title="Kantinemat")
    make_proposal(voting_round, title="Grupperom")
    student = org.student()
    db.session.commit()
    audit_before, notifications_before, mail_before = (
        count(AuditEvent),
        count(Notification),
        count(OutboxMessage),
    )
    sign_in(client, student)
    response = client.post(
        f"/focus-areas/{voting_round.id}/vote", data={"choices": [str(chosen.id)], "action": "vote"}
    )
    assert response.status_code == 302
    page = client.get(f"/focus-areas/{voting_round.id}").get_data(as_text=True)
    assert "You voted on" in page
    assert "checked" not in page
    # Nothing about the choice is kept in the session, the audit log, notifications or mail.
    with client.session_transaction() as session:
        assert set(session) <= {"_user_id", "_fresh", "_id", "_flashes", "csrf_token"}
    assert (count(AuditEvent), count(Notification), count(OutboxMessage)) == (
        audit_before,
        notifications_before,
        mail_before,
    )
    # The vote page is closed to them now.
    again = client.get(f"/focus-areas/{voting_round.id}/vote")
    assert again.status_code == 302
