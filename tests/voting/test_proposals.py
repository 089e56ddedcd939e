"""Proposals: students propose in their language; the secretary and campus leaders merge, reword, approve, decline."""

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.notifications.models import EmailPreference, Notification, OutboxMessage
from portal.voting.models import PROPOSALS_PER_STUDENT, FocusProposal, Phase, ProposalStatus
from tests.factories import sign_in
from tests.voting.helpers import flashes, make_proposal, make_round


def proposals() -> list[FocusProposal]:
    return db.session.scalars(sa.select(FocusProposal).order_by(FocusProposal.id)).all()


def propose(client, voting_round, **overrides):
    data = {"title": "Flere stikkontakter", "reason": "Laderen min dør i hver forelesning.", "language": "nb"}
    data.update(overrides)
    return client.post(f"/focus-areas/{voting_round.id}/propose", data=data)


def test_a_student_proposes_and_follows_the_proposal(client, org):
    voting_round = make_round(org, Phase.PROPOSALS)
    student = org.student(locale="en")
    db.session.commit()
    sign_in(client, student)
    form = client.get(f"/focus-areas/{voting_round.id}/propose").get_data(as_text=True)
    # The language of the text defaults to the interface language.
    assert 'checked id="language-2" name="language" required type="radio" value="en"' in form
    response = propose(
        client, voting_round, title="Quiet rooms", reason="Open-plan areas are loud.", language="en"
    )
    assert response.status_code == 302
    [proposal] = proposals()
    assert (proposal.title, proposal.language, proposal.status) == ("Quiet rooms", "en", "pending")
    assert proposal.proposer_id == student.id
    assert proposal.title_en == "Quiet rooms"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your proposal has been sent" in flashes(page)
    assert "My proposals" in page
    assert "Quiet rooms" in page
    assert "Waiting for review" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": ""}, "Name the focus area in a few words."),
        ({"title": "   "}, "Name the focus area in a few words."),
        ({"reason": ""}, "Tell us why it matters."),
        ({"title": "x" * 121}, "Use at most 120 characters."),
        ({"reason": "y" * 2001}, "Use at most 2000 characters."),
        ({"language": "de"}, "Not a valid choice."),
        ({"title": "Nul\x00tegn" + "\x00" * 200}, None),
    ],
)
def test_bad_proposals_get_a_message_and_keep_the_text(client, org, overrides, message):
    voting_round = make_round(org, Phase.PROPOSALS)
    student = org.student(locale="en")
    db.session.commit()
    sign_in(client, student)
    response = propose(client, voting_round, **overrides)
    if message is None:
        # Control characters are removed, not stored; the rest is accepted.
        assert response.status_code == 302
        assert proposals()[0].title == "Nultegn"
        return
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html
    # What the student typed is still in the form.
    kept = overrides.get("reason", "Laderen min dør i hver forelesning.")
    assert kept in html
    assert proposals() == []


def test_a_huge_proposal_is_refused_without_a_server_error(client, org):
    voting_round = make_round(org, Phase.PROPOSALS)
    student = org.student()
    db.session.commit()
    sign_in(client, student)
    response = propose(client, voting_round, reason="æ" * 400_000)
    assert response.status_code == 400
    assert proposals() == []


def test_limits_per_student(client, org):
    voting_round = make_round(org, Phase.PROPOSALS)
    student = org.student(locale="en")
    db.session.commit()
    sign_in(client, student)
    assert propose(client, voting_round, title="Grupperom").status_code == 302
    again = propose(client, voting_round, title="GRUPPEROM")
    assert "You have already proposed this." in again.get_data(as_text=True)
    for n in range(PROPOSALS_PER_STUDENT - 1):
        assert propose(client, voting_round, title=f"Forslag {n}").status_code == 302
    over = propose(client, voting_round, title="Ett til")
    assert over.status_code == 302
    assert "as many proposals as one student can" in flashes(
        client.get(over.headers["Location"]).get_data(as_text=True)
    )
    assert len(proposals()) == PROPOSALS_PER_STUDENT


@pytest.mark.parametrize("phase", [Phase.UPCOMING, Phase.CURATION, Phase.VOTING, Phase.PUBLISHED])
def test_no_proposals_outside_the_proposal_phase(client, org, phase):
    voting_round = make_round(org, phase)
    student = org.student(locale="en")
    db.session.commit()
    sign_in(client, student)
    response = propose(client, voting_round)
    assert response.status_code == 302
    assert "Proposals are not open in this round." in flashes(
        client.get(response.headers["Location"]).get_data(as_text=True)
    )
    assert proposals() == []


@pytest.fixture
def curation(org):
    voting_round = make_round(org, Phase.CURATION)
    proposer = org.student(locale="nn")
    proposal = make_proposal(
        voting_round,
        proposer=proposer,
        title="Fleire grupperom",
        status=ProposalStatus.PENDING,
        language="nn",
    )
    db.session.commit()
    return voting_round, proposal, proposer


def url(voting_round, proposal, action=""):
    return f"/focus-areas/{voting_round.id}/proposals/{proposal.id}{action}"


def test_a_leader_words_and_approves_a_proposal(client, org, curation):
    voting_round, proposal, proposer = curation
    leader = org.leader(org.gjo, locale="en")
    db.session.commit()
    sign_in(client, leader)
    wording = {
        "wording-title_nb": "Flere grupperom",
        "wording-title_nn": "Fleire grupperom",
        "wording-description_en": "Bookable.",
    }
    # Approval needs all three titles.
    response = client.post(url(voting_round, proposal), data={**wording, "action": "approve"})
    assert response.status_code == 400
    assert "Write the title in bokmål, nynorsk and English" in response.get_data(as_text=True)
    db.session.refresh(proposal)
    assert proposal.status == ProposalStatus.PENDING
    response = client.post(
        url(voting_round, proposal),
        data={**wording, "wording-title_en": "More group rooms", "action": "approve"},
    )
    assert response.status_code == 302
    db.session.refresh(proposal)
    assert proposal.status == ProposalStatus.APPROVED
    assert (proposal.title_nb, proposal.title_nn, proposal.title_en) == (
        "Flere grupperom",
        "Fleire grupperom",
        "More group rooms",
    )
    assert proposal.description_en == "Bookable."
    assert proposal.description_nb is None
    # The proposer is told, in the portal and (by default) by e-mail.
    notification = db.session.scalar(sa.select(Notification).where(Notification.user_id == proposer.id))
    assert notification.kind == "focus_proposal_decided"
    assert notification.params["status"] == "approved"
    assert (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.to_address == proposer.email)
        )
        == 1
    )


def test_a_declined_proposal_shows_its_reason_to_the_proposer_only(client, org, curation):
    voting_round, proposal, proposer = curation
    secretary = org.secretary()
    other_student = org.student()
    db.session.add(EmailPreference(user_id=proposer.id, kind="focus_proposal_decided", enabled=False))
    db.session.commit()
    sign_in(client, secretary)
    empty = client.post(url(voting_round, proposal, "/decline"), data={"decline-reason": "  "})
    assert empty.status_code == 200
    assert "error-summary" in empty.get_data(as_text=True)
    response = client.post(
        url(voting_round, proposal, "/decline"),
        data={"decline-reason": "Dette er kantinedriften sitt ansvar."},
    )
    assert response.status_code == 302
    db.session.refresh(proposal)
    assert proposal.status == ProposalStatus.DECLINED
    # E-mail was turned off: a notification in the portal, no mail.
    assert (
        db.session.scalar(
            sa.select(sa.func.count()).select_from(Notification).where(Notification.user_id == proposer.id)
        )
        == 1
    )
    assert (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.to_address == proposer.email)
        )
        == 0
    )
    sign_in(client, proposer)
    assert "Dette er kantinedriften sitt ansvar." in client.get(f"/focus-areas/{voting_round.id}").get_data(
        as_text=True
    )
    sign_in(client, other_student)
    page = client.get(f"/focus-areas/{voting_round.id}").get_data(as_text=True)
    assert "kantinedriften" not in page
    assert "Fleire grupperom" not in page


def test_merging_moves_earlier_merges_along(client, org, curation):
    voting_round, proposal, _proposer = curation
    target = make_proposal(voting_round, title="Grupperom")
    third = make_proposal(voting_round, title="Rom til kollokvier", status=ProposalStatus.PENDING)
    secretary = org.secretary()
    db.session.commit()
    sign_in(client, secretary)
    assert (
        client.post(url(voting_round, third, "/merge"), data={"merge-into": str(proposal.id)}).status_code
        == 302
    )
    assert (
        client.post(url(voting_round, proposal, "/merge"), data={"merge-into": str(target.id)}).status_code
        == 302
    )
    db.session.expire_all()
    assert proposal.status == third.status == ProposalStatus.MERGED
    assert proposal.merged_into_id == third.merged_into_id == target.id
    # A merged proposal is frozen; it cannot be merged into itself or into a declined one.
    response = client.post(url(voting_round, target, "/merge"), data={"merge-into": str(target.id)})
    assert response.status_code == 302
    assert "Choose another proposal of this round" in flashes(
        client.get(response.headers["Location"]).get_data(as_text=True)
    )
    db.session.refresh(target)
    assert target.status == ProposalStatus.APPROVED
    again = client.post(url(voting_round, proposal), data={"wording-title_nb": "x", "action": "save"})
    assert again.status_code == 302
    db.session.refresh(proposal)
    assert proposal.title_nb != "x"


def test_merging_into_another_rounds_proposal_is_refused(client, org, curation):
    voting_round, proposal, _proposer = curation
    other = make_round(org, Phase.CURATION, year=2032)
    foreign = make_proposal(other, title="Annan runde")
    make_proposal(voting_round, title="I same runde")
    secretary = org.secretary()
    db.session.commit()
    sign_in(client, secretary)
    response = client.post(url(voting_round, proposal, "/merge"), data={"merge-into": str(foreign.id)})
    assert response.status_code == 200
    db.session.refresh(proposal)
    assert proposal.status == ProposalStatus.PENDING


@pytest.mark.parametrize("phase", [Phase.VOTING, Phase.COUNTING, Phase.PUBLISHED])
def test_nothing_on_the_ballot_changes_once_voting_has_begun(client, org, phase):
    voting_round = make_round(org, phase)
    proposal = make_proposal(voting_round, title="Fast", status=ProposalStatus.APPROVED)
    secretary = org.secretary()
    db.session.commit()
    sign_in(client, secretary)
    assert client.get(url(voting_round, proposal)).status_code == 200
    for action, data in (
        (
            "",
            {
                "wording-title_nb": "Endra",
                "wording-title_nn": "Endra",
                "wording-title_en": "Changed",
                "action": "approve",
            },
        ),
        ("/decline", {"decline-reason": "Nei"}),
    ):
        response = client.post(url(voting_round, proposal, action), data=data)
        assert response.status_code == 302
    db.session.refresh(proposal)
    assert (proposal.status, proposal.title_nb) == (ProposalStatus.APPROVED, "Fast")


def test_curators_see_proposals_by_status(client, org, curation):
    voting_round, proposal, _proposer = curation
    make_proposal(voting_round, title="Allerede godkjent")
    leader = org.leader(org.trd)
    db.session.commit()
    sign_in(client, leader)
    pending = client.get(f"/focus-areas/{voting_round.id}/curate?status=pending").get_data(as_text=True)
    assert "Fleire grupperom" in pending
    assert "Allerede godkjent" not in pending
    everything = client.get(f"/focus-areas/{voting_round.id}/curate?status=nonsense").get_data(as_text=True)
    assert "Fleire grupperom" in everything
    assert "Allerede godkjent" in everything
    # Curators do not see who proposed what.
    assert proposal_proposer_name(proposal) not in everything


def proposal_proposer_name(proposal) -> str:
    from portal.accounts.models import User

    return db.session.get(User, proposal.proposer_id).name
