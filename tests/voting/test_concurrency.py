"""Ballots under concurrency: simultaneous requests of one student count once; many students all count."""

import threading

import pytest
import sqlalchemy as sa

from portal.extensions import db
from tests.conftest import build_app, fresh_database_url

THREADS = 12


@pytest.fixture
def concurrent_app(tmp_path, tmp_path_factory, mail_catcher):
    """An app on its own database: the threads need committed data and their own connections."""
    app = build_app(fresh_database_url(tmp_path_factory, "voting_concurrency"), tmp_path, mail_catcher.port)
    with app.app_context():
        from portal.voting.models import Phase
        from tests.factories import Organisation
        from tests.voting.helpers import make_proposal, make_round

        org = Organisation()
        voting_round = make_round(org, Phase.VOTING)
        proposals = [make_proposal(voting_round, title=f"Fokus {n}") for n in range(3)]
        students = [org.student(campus=org.trd) for _ in range(THREADS)]
        db.session.commit()
        ids = {
            "round": voting_round.id,
            "proposals": [p.id for p in proposals],
            "students": [s.get_id() for s in students],
        }
    yield app, ids
    with app.app_context():
        db.engine.dispose()


def totals(app, round_id):
    from portal.voting.models import Ballot, BallotChoice, VoterRoll

    with app.app_context():

        def count(model, *where):
            return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))

        return (
            count(VoterRoll, VoterRoll.round_id == round_id),
            count(Ballot, Ballot.round_id == round_id),
            count(BallotChoice),
        )


def run_at_once(app, ids, voter_for_thread, choices_for_thread):
    barrier = threading.Barrier(THREADS)
    results, errors = [None] * THREADS, []

    def vote(index):
        try:
            client = app.test_client()
            with client.session_transaction() as session:
                session["_user_id"] = voter_for_thread(index)
                session["_fresh"] = True
            url = f"/focus-areas/{ids['round']}/vote"
            barrier.wait()
            response = client.post(url, data={"choices": choices_for_thread(index), "action": "vote"})
            page = client.get(f"/focus-areas/{ids['round']}").get_data(as_text=True)
            results[index] = (response.status_code, page)
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(repr(error))

    threads = [threading.Thread(target=vote, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return results


@pytest.mark.postgresql_only
def test_simultaneous_ballots_of_one_student_count_once(concurrent_app, monkeypatch):
    """Twelve requests of the same student at the same instant, with the application's own
    "has voted?" check switched off: only the database's primary key on the roll stands
    between them, and exactly one ballot counts. The others get a message, never a 500."""
    app, ids = concurrent_app
    monkeypatch.setattr("portal.voting.service.has_voted", lambda *_args: False)
    monkeypatch.setattr("portal.voting.views.ballot.voted_on", lambda *_args: None)
    student = ids["students"][0]
    proposals = ids["proposals"]
    results = run_at_once(app, ids, lambda _i: student, lambda i: [str(proposals[i % 3])])
    assert [status for status, _page in results] == [302] * THREADS
    thanked = sum("Thank you for voting" in page for _status, page in results)
    refused = sum("You have already voted in this round" in page for _status, page in results)
    assert (thanked, refused) == (1, THREADS - 1)
    assert totals(app, ids["round"]) == (1, 1, 1)


def test_many_students_voting_at_once_are_all_counted_once(concurrent_app):
    app, ids = concurrent_app
    students = ids["students"]
    proposals = ids["proposals"]
    results = run_at_once(app, ids, lambda i: students[i], lambda i: [str(p) for p in proposals[: 1 + i % 3]])
    assert all(status == 302 and "Thank you for voting" in page for status, page in results)
    roll, ballots, choices = totals(app, ids["round"])
    assert roll == ballots == THREADS
    assert choices == sum(1 + i % 3 for i in range(THREADS))
