"""Agenda items proposed by members, campus councils and the student parliament: the form
(before the meeting's deadline), the proposal's page, and the secretary's answer (on the
agenda, or why not)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.authz import ensure
from portal.committee import bp
from portal.committee.drafts import OTHER_NORWEGIAN, draft_fields, drafts_available
from portal.committee.errors import CommitteeError
from portal.committee.forms import DeclineForm, ItemEditForm, ProposalForm
from portal.committee.loaders import (
    contributing_committee_or_404,
    managed_proposal_or_404,
    readable_proposal_or_404,
)
from portal.committee.models import ItemKind, ProposalSource
from portal.committee.permissions import can_manage, can_read
from portal.committee.proposals import (
    proposal_accept,
    proposal_decline,
    proposal_sources,
    proposal_submit,
    proposals_open,
)
from portal.committee.queries import active_campus_list, meeting_or_404
from portal.committee.service import item_create
from portal.committee.texts import proposal_source_label
from portal.errors import refused
from portal.extensions import db
from portal.forms import options
from portal.i18n import current_language


def _source_value(source: str, campus) -> str:
    return f"{source}:{campus.id}" if campus is not None else str(source)


def _source_label(source: str, campus) -> str:
    if campus is not None:
        return _("The campus council of %(campus)s", campus=campus.name)
    if source == ProposalSource.MEMBER:
        return _("Myself, as a member of the committee")
    return proposal_source_label(source)


def _render_propose(meeting, form: ProposalForm, status: int = 200):
    return (
        render_template(
            "committee/propose.html",
            committee=meeting.committee,
            meeting=meeting,
            form=form,
            open=proposals_open(meeting),
            submitted=request.method == "POST",
        ),
        status,
    )


@bp.route("/<code>/meetings/<int:meeting_id>/propose", methods=["GET", "POST"])
def propose(code: str, meeting_id: int):
    committee = contributing_committee_or_404(code)
    meeting = meeting_or_404(committee, meeting_id)
    campuses = active_campus_list()
    sources = proposal_sources(current_user, committee, campuses)
    ensure(bool(sources))
    form = ProposalForm()
    form.source.choices = options((_source_value(s, c), _source_label(s, c)) for s, c in sources)
    if request.method == "GET":
        form.source.data = _source_value(*sources[0])
        form.language.data = current_language()
        return _render_propose(meeting, form)
    if not form.validate_on_submit():
        return _render_propose(meeting, form, 400)
    chosen = {_source_value(s, c): (s, c) for s, c in sources}.get(form.source.data or "")
    if chosen is None:
        form.source.errors.append(_("You cannot propose an item on behalf of that body."))
        return _render_propose(meeting, form, 400)
    try:
        proposal = proposal_submit(
            meeting=meeting,
            proposer=current_user,
            source=chosen[0],
            campus=chosen[1],
            title=form.title.data,
            text=form.text.data,
            language=form.language.data or "",
            campuses=campuses,
        )
    except CommitteeError as error:
        status = refused(error, form)
        return _render_propose(meeting_or_404(contributing_committee_or_404(code), meeting_id), form, status)
    db.session.commit()
    flash(_("Your proposal has been sent to the secretary. You are told when it is answered."), "success")
    return redirect(url_for("committee.proposal_page", code=committee.code, proposal_id=proposal.id))


def _render_proposal(proposal, decline_form: DeclineForm | None = None, status: int = 200):
    manage = can_manage(current_user, proposal.committee_id)
    if manage and decline_form is None:
        decline_form = DeclineForm(version=proposal.version)
    return (
        render_template(
            "committee/proposal.html",
            committee=proposal.meeting.committee,
            proposal=proposal,
            meeting=proposal.meeting,
            manage=manage,
            reader=can_read(current_user, proposal.committee_id),
            decline_form=decline_form,
        ),
        status,
    )


@bp.get("/<code>/proposals/<int:proposal_id>")
def proposal_page(code: str, proposal_id: int):
    return _render_proposal(readable_proposal_or_404(code, proposal_id))


def _render_accept(proposal, form: ItemEditForm, drafted: bool = False, status: int = 200):
    return (
        render_template(
            "committee/proposal_accept.html",
            committee=proposal.meeting.committee,
            proposal=proposal,
            meeting=proposal.meeting,
            form=form,
            drafted=drafted,
            draft_from=_draft_source(proposal),
        ),
        status,
    )


def _draft_source(proposal) -> str | None:
    """The proposal's language when a machine draft into the committee's language can be offered."""
    target = proposal.meeting.committee.language
    if OTHER_NORWEGIAN.get(proposal.language) == target and drafts_available():
        return proposal.language
    return None


@bp.route("/<code>/proposals/<int:proposal_id>/accept", methods=["GET", "POST"])
def proposal_accept_view(code: str, proposal_id: int):
    proposal = managed_proposal_or_404(code, proposal_id)
    form = ItemEditForm()
    if request.method == "GET" or request.form.get("action") == "draft":
        if request.method == "GET":
            form.kind.data = ItemKind.DECISION
            form.title.data = proposal.title
            form.background.data = proposal.text
            form.version.data = str(proposal.version)
        drafted = False
        source = _draft_source(proposal)
        if request.form.get("action") == "draft" and source:
            drafts = draft_fields(
                {
                    "title": form.title.data,
                    "background": form.background.data,
                    "proposed_decision": form.proposed_decision.data,
                },
                source,
                proposal.meeting.committee.language,
            )
            for name, text in drafts.items():
                form[name].data = text
            drafted = bool(drafts)
        return _render_accept(proposal, form, drafted)
    if not form.validate_on_submit():
        return _render_accept(proposal, form, status=400)
    try:
        item = item_create(
            meeting=proposal.meeting,
            kind=form.kind.data,
            title=form.title.data,
            case_officer=form.case_officer.data,
            background=form.background.data,
            proposed_decision=form.proposed_decision.data,
            actor=current_user,
        )
        proposal_accept(
            proposal=proposal, item=item, actor=current_user, expected_version=form.expected_version
        )
    except CommitteeError as error:
        status = refused(error, form)
        return _render_accept(managed_proposal_or_404(code, proposal_id), form, status=status)
    db.session.commit()
    flash(_("Case %(number)s is created, and the proposer is told.", number=item.case_number), "success")
    return redirect(url_for("committee.item_page", code=item.meeting.committee.code, item_id=item.id))


@bp.post("/<code>/proposals/<int:proposal_id>/decline")
def proposal_decline_view(code: str, proposal_id: int):
    proposal = managed_proposal_or_404(code, proposal_id)
    form = DeclineForm()
    if not form.validate():
        return _render_proposal(proposal, form, 400)
    try:
        proposal_decline(
            proposal=proposal,
            answer=form.answer.data,
            actor=current_user,
            expected_version=form.expected_version,
        )
    except CommitteeError as error:
        status = refused(error, form)
        return _render_proposal(managed_proposal_or_404(code, proposal_id), form, status)
    db.session.commit()
    flash(_("The proposer is told why the item is not on the agenda."), "success")
    return redirect(
        url_for("committee.proposal_page", code=proposal.meeting.committee.code, proposal_id=proposal.id)
    )
