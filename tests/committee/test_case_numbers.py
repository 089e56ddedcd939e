"""Case numbers N/YY: per committee per year, sequential, no gaps, no duplicates — also when
two secretaries create items at the same moment (PostgreSQL, parallel requests)."""

import threading
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from portal.committee.models import AgendaItem
from portal.committee.service import CommitteeError, item_create, meeting_create
from portal.extensions import db
from tests.committee.helpers import escalated_issue, make_meeting, meeting_year
from tests.conftest import build_app, fresh_database_url
from tests.factories import make_committee, sign_in
from tests.issues.helpers import raise_issue

PARALLEL = 12


def _numbers(committee_id, year):
    return db.session.scalars(
        sa.select(AgendaItem.number)
        .where(
            AgendaItem.committee_id == committee_id, AgendaItem.year == year, AgendaItem.number.is_not(None)
        )
        .order_by(AgendaItem.number)
    ).all()


def test_numbers_run_per_committee_and_year_without_gaps(org):
    secretary = org.secretary()
    other = make_committee("UU")
    first = make_meeting(org, secretary)
    second = make_meeting(org, secretary, days=30)
    theirs = make_meeting(org, secretary, committee=other)
    next_year = meeting_create(
        committee=org.lmu,
        starts_at=datetime(meeting_year(first) + 1, 2, 1, 12, tzinfo=UTC),
        place="Rom",
        actor=secretary,
    )
    items = [
        item_create(meeting=m, kind="decision", title="Sak", actor=secretary) for m in (first, second, first)
    ]
    db.session.commit()
    year = meeting_year(first) % 100
    # Two standing numbers per meeting, then the items, in creation order.
    assert [i.case_number for i in items] == [f"5/{year:02d}", f"6/{year:02d}", f"7/{year:02d}"]
    assert _numbers(org.lmu.id, meeting_year(first)) == list(range(1, 8))
    assert _numbers(other.id, meeting_year(theirs)) == [1, 2]
    assert _numbers(org.lmu.id, meeting_year(first) + 1) == [1, 2]
    assert {i.case_number for i in next_year.items if i.number} == {
        f"1/{(year + 1) % 100:02d}",
        f"2/{(year + 1) % 100:02d}",
    }


def test_a_failed_creation_does_not_use_up_a_number(org):
    secretary = org.secretary()
    meeting = make_meeting(org, secretary)
    escalated = escalated_issue(org)
    not_escalated = raise_issue(org, org.student())
    with pytest.raises(CommitteeError):
        item_create(
            meeting=meeting, kind="decision", title="Feil", actor=secretary, issues=[escalated, not_escalated]
        )
    db.session.rollback()
    # Fails after the number was taken (the issue changed meanwhile): the rollback returns it.
    savepoint = db.session.begin_nested()
    taken = item_create(meeting=meeting, kind="decision", title="Rulles tilbake", actor=secretary)
    assert taken.number == 3
    savepoint.rollback()
    item = item_create(meeting=meeting, kind="decision", title="Riktig", actor=secretary, issues=[escalated])
    db.session.commit()
    assert item.number == 3
    assert _numbers(org.lmu.id, meeting_year(meeting)) == [1, 2, 3]


def test_the_database_refuses_a_duplicate_case_number(org):
    secretary = org.secretary()
    meeting = make_meeting(org, secretary)
    db.session.add(
        AgendaItem(
            committee_id=org.lmu.id,
            meeting_id=meeting.id,
            year=meeting_year(meeting),
            number=1,
            kind="decision",
        )
    )
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_sequential_requests_get_sequential_numbers(client, org):
    secretary = org.secretary(locale="en")
    meeting = make_meeting(org, secretary)
    sign_in(client, secretary)
    for n in range(5):
        response = client.post(
            "/committee/LMU/items/new", data={"meeting": meeting.id, "kind": "decision", "title": f"Sak {n}"}
        )
        assert response.status_code == 302
    assert _numbers(org.lmu.id, meeting_year(meeting)) == list(range(1, 8))


@pytest.fixture
def parallel_app(tmp_path, tmp_path_factory, mail_catcher):
    """An app on its own database: the requests need committed data and their own connections."""
    app = build_app(fresh_database_url(tmp_path_factory, "committee_cases"), tmp_path, mail_catcher.port)
    with app.app_context():
        from tests.factories import Organisation

        org = Organisation()
        secretaries = [org.secretary(locale="en"), org.secretary(locale="en")]
        meeting = make_meeting(org, secretaries[0])
        issues = [
            escalated_issue(org, title=f"Sak nummer {n}", description=f"Tekst {n}") for n in range(PARALLEL)
        ]
        db.session.commit()
        ids = {
            "committee": org.lmu.id,
            "meeting": meeting.id,
            "year": meeting_year(meeting),
            "secretaries": [s.id for s in secretaries],
            "issues": [i.id for i in issues],
        }
    yield app, ids
    with app.app_context():
        db.engine.dispose()


@pytest.mark.postgresql_only
def test_two_secretaries_creating_items_at_once_get_unique_gap_free_numbers(parallel_app):
    from portal.accounts.models import User

    app, ids = parallel_app
    clients = []
    with app.app_context():
        for n in range(PARALLEL):
            client = app.test_client()
            sign_in(client, db.session.get(User, ids["secretaries"][n % 2]))
            clients.append(client)
    barrier = threading.Barrier(PARALLEL)
    results, errors = [], []

    def create(n):
        try:
            barrier.wait()
            response = clients[n].post(
                "/committee/LMU/items/new",
                data={
                    "meeting": ids["meeting"],
                    "kind": "decision",
                    "title": f"Parallell {n}",
                    "issues": [ids["issues"][n]],
                },
            )
            results.append(response.status_code)
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(repr(error))

    threads = [threading.Thread(target=create, args=(n,)) for n in range(PARALLEL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert results == [302] * PARALLEL
    with app.app_context():
        assert _numbers(ids["committee"], ids["year"]) == list(range(1, PARALLEL + 3))
        titles = db.session.scalars(
            sa.select(AgendaItem.title).where(AgendaItem.title.like("Parallell %"))
        ).all()
        assert len(titles) == PARALLEL


@pytest.mark.postgresql_only
def test_two_secretaries_placing_the_same_issue_at_once(parallel_app):
    """One gets the issue; the other is told, and their case number is not used up."""
    from portal.accounts.models import User
    from portal.committee.models import AgendaItemIssue

    app, ids = parallel_app
    clients = []
    with app.app_context():
        for secretary_id in ids["secretaries"]:
            client = app.test_client()
            sign_in(client, db.session.get(User, secretary_id))
            clients.append(client)
    barrier = threading.Barrier(2)
    results = []

    def create(n):
        barrier.wait()
        response = clients[n].post(
            "/committee/LMU/items/new",
            data={
                "meeting": ids["meeting"],
                "kind": "decision",
                "title": f"Samme {n}",
                "issues": [ids["issues"][0]],
            },
        )
        results.append(response.status_code)

    threads = [threading.Thread(target=create, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [302, 409]
    with app.app_context():
        assert _numbers(ids["committee"], ids["year"]) == [1, 2, 3]
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AgendaItemIssue)) == 1
