"""Issue #9 item 10: while voting is open, nothing in storage may line the voter roll up with the
ballot box for longer than one reseal interval.

The PostgreSQL tests run on their own database with real commits, as in production: a vote is
cast over HTTP, the roll row and the ballot are committed together, and `flask portal reseal`
runs as cron would.
"""

from __future__ import annotations

import threading
from itertools import combinations

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.secrecy import reseal
from portal.voting.models import Ballot, BallotChoice, Phase, VoterRoll
from portal.voting.service import BALLOT_BOX
from tests.conftest import build_app, fresh_database_url
from tests.secrecy.helpers import heap_xmins, physical_order, xmin_by
from tests.voting.helpers import cast, count, make_proposal, make_round

PATTERNS = [frozenset(c) for size in (1, 2, 3) for c in combinations(range(4), size)][:12]


def _choices(ballot_ids) -> dict[str, frozenset]:
    found: dict[str, set] = {ballot_id: set() for ballot_id in ballot_ids}
    for ballot_id, proposal_id in db.session.execute(
        sa.select(BallotChoice.ballot_id, BallotChoice.proposal_id)
    ):
        if ballot_id in found:
            found[ballot_id].add(proposal_id)
    return {ballot_id: frozenset(chosen) for ballot_id, chosen in found.items()}


# In the test transaction (SQLite and PostgreSQL) ------------------------------------------------


def test_reseal_of_an_open_round_gives_new_ids_and_keeps_every_ballot_and_the_roll(app, org):
    voting_round = make_round(org, Phase.VOTING)
    proposals = [make_proposal(voting_round, title=f"Fokus {n}") for n in range(4)]
    students = [org.student() for _ in PATTERNS]
    for student, pattern in zip(students, PATTERNS, strict=True):
        cast(voting_round, student, [proposals[i] for i in sorted(pattern)])
    before_ids = set(db.session.scalars(sa.select(Ballot.id)))
    before = sorted(sorted(c) for c in _choices(before_ids).values())
    roll_before = set(db.session.execute(sa.select(VoterRoll.user_id, VoterRoll.voted_on)).all())

    assert reseal(BALLOT_BOX, round_id=voting_round.id) == len(PATTERNS)

    after_ids = set(db.session.scalars(sa.select(Ballot.id).where(Ballot.round_id == voting_round.id)))
    assert len(after_ids) == len(PATTERNS)
    assert not after_ids & before_ids
    assert sorted(sorted(c) for c in _choices(after_ids).values()) == before
    assert set(db.session.execute(sa.select(VoterRoll.user_id, VoterRoll.voted_on)).all()) == roll_before
    # Nothing new since: the next run does nothing; a vote later makes it work again.
    assert reseal(BALLOT_BOX, round_id=voting_round.id) == 0
    cast(voting_round, org.student(), [proposals[0]])
    assert reseal(BALLOT_BOX, round_id=voting_round.id) == len(PATTERNS) + 1
    assert count(VoterRoll, round_id=voting_round.id) == count(Ballot, round_id=voting_round.id)


def test_reseal_command_reseals_only_rounds_open_for_voting(app, org):
    open_round = make_round(org, Phase.VOTING)
    proposal = make_proposal(open_round)
    cast(open_round, org.student(), [proposal])
    make_round(org, Phase.PROPOSALS, year=2032)
    result = app.test_cli_runner().invoke(args=["portal", "reseal"])
    assert result.exit_code == 0, result.output
    assert f"ballot round {open_round.id}: 1 resealed" in result.output
    again = app.test_cli_runner().invoke(args=["portal", "reseal"])
    assert "nothing to reseal" in again.output


# On PostgreSQL, with real commits -----------------------------------------------------------------


@pytest.fixture
def committed(tmp_path, tmp_path_factory, mail_catcher):
    app = build_app(fresh_database_url(tmp_path_factory, "secrecy_ballot"), tmp_path, mail_catcher.port)
    with app.app_context():
        from tests.factories import Organisation

        org = Organisation()
        voting_round = make_round(org, Phase.VOTING)
        proposals = [make_proposal(voting_round, title=f"Fokus {n}") for n in range(4)]
        students = [org.student() for _ in PATTERNS]
        db.session.commit()
        ids = {
            "round": voting_round.id,
            "proposals": [p.id for p in proposals],
            "students": [s.get_id() for s in students],
            "user_ids": [s.id for s in students],
        }
    yield app, ids
    with app.app_context():
        db.engine.dispose()


def _vote_over_http(app, ids, index: int, pattern) -> None:
    client = app.test_client()
    sign_in_as(client, ids["students"][index])
    response = client.post(
        f"/focus-areas/{ids['round']}/vote",
        data={"choices": [str(ids["proposals"][i]) for i in sorted(pattern)], "action": "vote"},
    )
    assert response.status_code == 302


def sign_in_as(client, user_id: str) -> None:
    with client.session_transaction() as session:
        session["_user_id"] = user_id
        session["_fresh"] = True


def _ballot_patterns(connection, ids, ballot_ids) -> dict[str, frozenset]:
    index_of = {pid: n for n, pid in enumerate(ids["proposals"])}
    patterns: dict[str, set] = {ballot_id: set() for ballot_id in ballot_ids}
    for ballot_id, proposal_id in connection.execute(
        sa.text("SELECT ballot_id, proposal_id FROM ballot_choice")
    ):
        patterns[ballot_id].add(index_of[proposal_id])
    return {ballot_id: frozenset(p) for ballot_id, p in patterns.items()}


@pytest.mark.postgresql_only
def test_after_a_reseal_no_system_column_links_the_roll_to_the_open_rounds_ballots(committed):
    app, ids = committed
    for index, pattern in enumerate(PATTERNS):
        _vote_over_http(app, ids, index, pattern)
    where, params = "round_id = :r", {"r": ids["round"]}
    engine = sa.create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    with engine.connect() as connection:
        ballots = xmin_by(connection, "ballot", "id", where, params)
        roll = xmin_by(connection, "voter_roll", "user_id", where, params)
        patterns = _ballot_patterns(connection, ids, ballots)
        # The window this closes: before a reseal, each roll row's xmin is its ballot's + 1 …
        cast_by = dict(zip(ids["user_ids"], PATTERNS, strict=True))
        ballot_of_xmin = {xmin: patterns[ballot_id] for ballot_id, xmin in ballots.items()}
        assert all(ballot_of_xmin.get(roll[user] - 1) == cast_by[user] for user in roll)
        # … and the ballots lie in the order they were cast.
        order = [patterns[b] for b in physical_order(connection, "ballot", "id", where, params)]
        assert order == PATTERNS

        connection.rollback()
        result = app.test_cli_runner().invoke(args=["portal", "reseal"])
        assert result.exit_code == 0, result.output
        assert f"ballot round {ids['round']}: {len(PATTERNS)} resealed" in result.output
        assert "vacuumed" in result.output

        connection.rollback()
        ballots_after = xmin_by(connection, "ballot", "id", where, params)
        roll_after = xmin_by(connection, "voter_roll", "user_id", where, params)
        choice_xmins = set(
            connection.execute(sa.text("SELECT xmin::text::bigint FROM ballot_choice")).scalars()
        )
        # One transaction wrote every ballot, choice and roll row of the round: nothing pairs them.
        assert len(set(ballots_after.values())) == 1
        assert set(roll_after.values()) == set(ballots_after.values()) == choice_xmins
        assert not set(ballots) & set(ballots_after)
        assert set(roll_after) == set(roll)
        # Storage order no longer follows the voting order (1 in 12! by chance).
        patterns_after = _ballot_patterns(connection, ids, ballots_after)
        order_after = [patterns_after[b] for b in physical_order(connection, "ballot", "id", where, params)]
        assert sorted(map(sorted, order_after)) == sorted(map(sorted, PATTERNS))
        assert order_after != PATTERNS
        # VACUUM removed the old row versions: no page holds a row stamped by a voting transaction.
        old = set(ballots.values()) | set(roll.values())
        for table in ("ballot", "ballot_choice", "voter_roll"):
            assert not heap_xmins(connection, table) & old, table
        connection.rollback()
    engine.dispose()


@pytest.mark.postgresql_only
def test_a_vote_committed_during_a_reseal_is_kept_and_counted_once(committed):
    """The reseal copies the rows it sees and deletes only those: a ballot and roll row that
    commit while it runs stay as they are, for the next reseal."""
    app, ids = committed
    for index, pattern in enumerate(PATTERNS[:-1]):
        _vote_over_http(app, ids, index, pattern)
    late_voted = threading.Event()
    errors = []

    def late_vote():
        try:
            _vote_over_http(app, ids, len(PATTERNS) - 1, PATTERNS[-1])
        except Exception as error:  # noqa: BLE001 - asserted below
            errors.append(repr(error))
        late_voted.set()

    def pause_before_roll_delete(conn, cursor, statement, parameters, context, executemany):
        if statement.startswith("DELETE FROM voter_roll") and threading.current_thread().name == "resealer":
            threading.Thread(target=late_vote).start()
            assert late_voted.wait(30)

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", pause_before_roll_delete)
    try:
        outcome = []

        def run_reseal():
            with app.app_context():
                outcome.append(reseal(BALLOT_BOX, round_id=ids["round"]))
                db.session.commit()

        resealer = threading.Thread(target=run_reseal, name="resealer")
        resealer.start()
        resealer.join(60)
    finally:
        sa.event.remove(engine, "before_cursor_execute", pause_before_roll_delete)
    assert errors == []
    assert outcome == [len(PATTERNS) - 1]
    with app.app_context():
        assert (
            count(VoterRoll, round_id=ids["round"]) == count(Ballot, round_id=ids["round"]) == len(PATTERNS)
        )
        # The next reseal takes the late ballot in too.
        assert reseal(BALLOT_BOX, round_id=ids["round"]) == len(PATTERNS)
        db.session.commit()


@pytest.mark.postgresql_only
def test_two_reseals_at_once_take_turns_and_duplicate_nothing(committed):
    app, ids = committed
    for index, pattern in enumerate(PATTERNS):
        _vote_over_http(app, ids, index, pattern)
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run():
        try:
            with app.app_context():
                barrier.wait()
                results.append(reseal(BALLOT_BOX, round_id=ids["round"]))
                db.session.commit()
        except Exception as error:  # noqa: BLE001 - asserted below
            errors.append(repr(error))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    # The second waits for the first, then finds nothing new.
    assert sorted(results) == [0, len(PATTERNS)]
    with app.app_context():
        assert (
            count(Ballot, round_id=ids["round"]) == count(VoterRoll, round_id=ids["round"]) == len(PATTERNS)
        )
        assert db.session.scalar(sa.select(sa.func.count()).select_from(BallotChoice)) == sum(
            map(len, PATTERNS)
        )


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", "for at most 7 minutes after you vote or answer"),
        ("nb", "I høyst 7 minutter etter at du har stemt eller svart"),
        ("nn", "I høgst 7 minutt etter at du har røysta eller svart"),
    ],
)
def test_the_privacy_page_says_exactly_what_remains(app, client, language, words):
    app.config["RESEAL_MINUTES"] = 7
    try:
        client.set_cookie("lang", language)
        page = client.get("/privacy").get_data(as_text=True)
    finally:
        app.config["RESEAL_MINUTES"] = 5
    assert words in page
    assert ("write-ahead log" if language == "en" else "transaksjonslogg") in page.replace(
        "Transaksjonsloggen", "transaksjonslogg"
    )
