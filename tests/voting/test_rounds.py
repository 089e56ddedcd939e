"""Rounds: phases follow the clock by themselves; the secretary sets the times and may move a phase early."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from portal.audit.models import AuditEvent
from portal.db import utcnow
from portal.extensions import db
from portal.voting.models import Phase, VotingRound
from portal.voting.service import VotingError, round_advance, round_update
from tests.factories import sign_in
from tests.voting.helpers import cast, make_proposal, make_round, phase_times

FIELDS = ("proposals_open_at", "curation_at", "voting_open_at", "voting_close_at", "results_at")


def form_data(committee, year=2040, max_choices=3, **times):
    data = {"committee": str(committee.id), "year": str(year), "max_choices": str(max_choices)}
    defaults = dict(
        zip(
            FIELDS,
            (
                "2039-09-01 09:00",
                "2039-09-15 12:00",
                "2039-09-20 09:00",
                "2039-10-01 16:00",
                "2039-10-02 09:00",
            ),
            strict=True,
        )
    )
    defaults.update(times)
    for field, value in defaults.items():
        day, time = value.split(" ")
        data[f"{field}_date"] = day
        data[f"{field}_time"] = time
    return data


@pytest.mark.parametrize("phase", list(Phase))
def test_the_phase_follows_the_clock(app, org, phase):
    voting_round = make_round(org, phase)
    assert voting_round.phase == phase


def test_a_page_load_after_the_time_sees_the_new_phase(client, org):
    voting_round = make_round(org, Phase.PROPOSALS)
    student = org.student()
    db.session.commit()
    sign_in(client, student)
    assert "Propose a focus area" in client.get(f"/focus-areas/{voting_round.id}").get_data(as_text=True)
    # The proposal phase ends a second ago: no button pressed, the next page load is in curation.
    voting_round.curation_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    page = client.get(f"/focus-areas/{voting_round.id}").get_data(as_text=True)
    assert "Propose a focus area" not in page
    assert "reviewing the proposals" in page
    assert client.get(f"/focus-areas/{voting_round.id}/propose").status_code == 302


def test_the_secretary_creates_a_round_in_norwegian_time(client, org):
    secretary = org.secretary()
    db.session.commit()
    sign_in(client, secretary)
    form = client.get("/focus-areas/new").get_data(as_text=True)
    assert 'value="3"' in form  # N defaults to 3
    response = client.post("/focus-areas/new", data=form_data(org.lmu, max_choices=4))
    assert response.status_code == 302
    voting_round = db.session.scalar(sa.select(VotingRound))
    assert voting_round.year == 2040
    assert voting_round.max_choices == 4
    # 09:00 in Oslo on 1 September (summer time) is 07:00 UTC; 16:00 on 1 October is 14:00 UTC.
    assert voting_round.proposals_open_at == datetime(2039, 9, 1, 7, 0, tzinfo=UTC)
    assert voting_round.voting_close_at == datetime(2039, 10, 1, 14, 0, tzinfo=UTC)
    assert voting_round.phase == Phase.UPCOMING
    assert (
        db.session.scalar(sa.select(AuditEvent.action).order_by(AuditEvent.id.desc()))
        == "voting.round.create"
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"year": "1999"}, "Enter a year between 2000 and 2100."),
        ({"year": "next"}, "Not a valid integer value."),
        ({"max_choices": "0"}, "Enter a number from 1 to 10."),
        ({"max_choices": "11"}, "Enter a number from 1 to 10."),
        ({"voting_open_at_date": "2039-09-10"}, "Each phase must start after the one before"),
        ({"results_at_time": "25:00"}, "Not a valid time value."),
        ({"curation_at_date": ""}, "Enter a date."),
        ({"committee": "999"}, "Not a valid choice."),
    ],
)
def test_bad_round_forms_are_refused_with_a_message(client, org, overrides, message):
    secretary = org.secretary(locale="en")
    db.session.commit()
    sign_in(client, secretary)
    data = form_data(org.lmu)
    data.update(overrides)
    response = client.post("/focus-areas/new", data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(VotingRound)) == 0


def test_one_round_per_committee_and_year(client, org):
    make_round(org, Phase.UPCOMING, year=2040)
    secretary = org.secretary(locale="en")
    db.session.commit()
    sign_in(client, secretary)
    response = client.post("/focus-areas/new", data=form_data(org.lmu, year=2040))
    assert "The committee already has a round for this year." in response.get_data(as_text=True)


def test_moving_a_phase_early_sets_its_time_to_now(client, org):
    voting_round = make_round(org, Phase.CURATION)
    secretary = org.secretary()
    db.session.commit()
    sign_in(client, secretary)
    before = utcnow()
    response = client.post(f"/focus-areas/{voting_round.id}/advance", data={"phase": "curation"})
    assert response.status_code == 302
    db.session.refresh(voting_round)
    assert voting_round.phase == Phase.VOTING
    assert before <= voting_round.voting_open_at <= utcnow()
    # A replayed or double-clicked form does not skip the voting phase.
    client.post(f"/focus-areas/{voting_round.id}/advance", data={"phase": "curation"})
    db.session.refresh(voting_round)
    assert voting_round.phase == Phase.VOTING


def test_every_phase_can_be_moved_early_and_closing_seals_the_box(app, org):
    voting_round = make_round(org, Phase.UPCOMING)
    secretary = org.secretary()
    proposal = make_proposal(voting_round)
    expected = [Phase.PROPOSALS, Phase.CURATION, Phase.VOTING, Phase.COUNTING, Phase.PUBLISHED]
    for phase in expected:
        if phase == Phase.COUNTING:
            cast(voting_round, org.student(), [proposal])
        assert round_advance(voting_round=voting_round, actor=secretary, expected=voting_round.phase) == phase
        assert voting_round.phase == phase
        if phase == Phase.COUNTING:
            assert voting_round.sealed_at is not None
    with pytest.raises(VotingError) as error:
        round_advance(voting_round=voting_round, actor=secretary, expected=Phase.PUBLISHED)
    assert error.value.code == "last-phase"


def test_times_that_have_passed_cannot_change(app, org):
    voting_round = make_round(org, Phase.VOTING)
    secretary = org.secretary()
    times = {field: getattr(voting_round, field) for field in FIELDS}
    with pytest.raises(VotingError) as error:
        round_update(
            voting_round=voting_round,
            actor=secretary,
            max_choices=3,
            times={**times, "voting_open_at": times["voting_open_at"] + timedelta(hours=1)},
        )
    assert (error.value.code, error.value.field) == ("past-fixed", "voting_open_at")
    # Extending the vote is fine; changing N once voting opened is not.
    round_update(
        voting_round=voting_round,
        actor=secretary,
        max_choices=3,
        times={**times, "voting_close_at": times["voting_close_at"] + timedelta(hours=12)},
    )
    with pytest.raises(VotingError) as error:
        round_update(voting_round=voting_round, actor=secretary, max_choices=5, times=times)
    assert error.value.code == "choices-locked"


def test_the_edit_form_round_trips_unchanged_times(client, org):
    voting_round = make_round(org, Phase.VOTING)
    # Times with seconds, as "start now" leaves them: the form shows minutes only.
    voting_round.voting_open_at = voting_round.voting_open_at.replace(second=37, microsecond=123)
    secretary = org.secretary()
    db.session.commit()
    sign_in(client, secretary)
    html = client.get(f"/focus-areas/{voting_round.id}/edit").get_data(as_text=True)
    data = {}
    for tag in re.findall(r"<input [^>]*>", html):
        name, value = re.search(r'name="([^"]+)"', tag), re.search(r'value="([^"]*)"', tag)
        if name and value:
            data[name.group(1)] = value.group(1)
    assert set(data) >= {f"{f}_date" for f in FIELDS} | {"max_choices"}, data
    response = client.post(f"/focus-areas/{voting_round.id}/edit", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)


def test_a_future_time_cannot_be_moved_into_the_past(app, org):
    voting_round = make_round(org, Phase.PROPOSALS)
    secretary = org.secretary()
    times = {field: getattr(voting_round, field) for field in FIELDS}
    times["curation_at"] = utcnow() - timedelta(hours=3)
    with pytest.raises(VotingError) as error:
        round_update(voting_round=voting_round, actor=secretary, max_choices=3, times=times)
    assert error.value.code == "in-past"


def test_the_database_keeps_the_phases_in_order(app, org):
    times = phase_times(Phase.VOTING)
    times["results_at"] = times["proposals_open_at"] - timedelta(days=1)
    db.session.add(VotingRound(committee_id=org.lmu.id, year=2050, max_choices=3, **times))
    with pytest.raises(sa.exc.IntegrityError), db.session.begin_nested():
        db.session.flush()
