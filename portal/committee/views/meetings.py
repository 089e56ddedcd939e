"""For secretaries (and members reading): a meeting's page, creating and changing a meeting,
and moving it through its statuses."""

from __future__ import annotations

from datetime import UTC, datetime, time

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.committee import bp
from portal.committee.attendance import NOTICE_STATUSES
from portal.committee.composition import composition_on
from portal.committee.drafts import drafts_available
from portal.committee.errors import CommitteeError
from portal.committee.exports import document_languages
from portal.committee.forms import AbsenceForm, MeetingForm, MeetingStatusForm, PublishForm, SubstituteForm
from portal.committee.loaders import managed_committee_or_404, managed_meeting_or_404, readable_meeting_or_404
from portal.committee.models import VOTING_SEATS, Standing
from portal.committee.permissions import can_manage, can_read
from portal.committee.proposals import proposals_open
from portal.committee.queries import (
    active_campus_list,
    agenda,
    available_substitutes,
    local_day,
    minutes_approval_of,
    proposals_for,
    summoned,
)
from portal.committee.service import (
    allowed_statuses,
    follow_up_item_add,
    meeting_create,
    meeting_set_status,
    meeting_update,
)
from portal.committee.texts import MEETING_STATUS_ACTIONS, meeting_status_label
from portal.db import utcnow
from portal.errors import refused
from portal.extensions import db
from portal.forms import options
from portal.i18n import LANGUAGE_NAMES, OSLO


def _starts_at(form: MeetingForm) -> datetime:
    return datetime.combine(form.date.data, form.time.data, tzinfo=OSLO).astimezone(UTC)


def _valid_date(form: MeetingForm) -> bool:
    valid = True
    for field in (form.date, form.proposal_deadline):
        if field.data and not (2000 <= field.data.year <= 2100):
            field.errors.append(_("Give a date between the years 2000 and 2100."))
            valid = False
    return valid


def _deadline(form: MeetingForm) -> datetime | None:
    """Proposals are taken until the end of the chosen day (Norwegian time)."""
    day = form.proposal_deadline.data
    return datetime.combine(day, time(23, 59), tzinfo=OSLO).astimezone(UTC) if day else None


@bp.route("/<code>/meetings/new", methods=["GET", "POST"])
def meeting_new(code: str):
    committee = managed_committee_or_404(code)
    form = MeetingForm()
    if form.validate_on_submit() and _valid_date(form):
        try:
            meeting = meeting_create(
                committee=committee,
                starts_at=_starts_at(form),
                place=form.place.data,
                video_link=form.video_link.data,
                proposal_deadline=_deadline(form),
                actor=current_user,
            )
        except CommitteeError as error:
            status = refused(error, form)
            if error.field is None:
                return redirect(url_for("committee.overview", code=committee.code))
            return render_template(
                "committee/meeting_form.html",
                committee=managed_committee_or_404(code),
                form=form,
                meeting=None,
            ), status
        db.session.commit()
        flash(_("The meeting is created with the standing items."), "success")
        return redirect(url_for("committee.meeting_page", code=committee.code, meeting_id=meeting.id))
    status = 400 if form.errors else 200
    return render_template(
        "committee/meeting_form.html", committee=committee, form=form, meeting=None
    ), status


@bp.get("/<code>/meetings/<int:meeting_id>")
def meeting_page(code: str, meeting_id: int):
    meeting = readable_meeting_or_404(code, meeting_id)
    committee = meeting.committee
    manage = can_manage(current_user, committee)
    items = agenda(meeting)
    statuses = allowed_statuses(meeting) if manage else []
    lines = summoned(meeting)
    own = next((line for line in lines if line.member.user_id == current_user.id), None)
    before_meeting = meeting.status in NOTICE_STATUSES and utcnow() < meeting.starts_at
    substitutes = available_substitutes(meeting) if manage and before_meeting else []
    # Members in student and staff seats who have no substitute yet (observers and the secretary have none).
    replaceable = [
        line
        for line in lines
        if substitutes
        and line.called_for is None
        and line.substitute_row is None
        and line.member.seat in VOTING_SEATS
    ]
    approval = minutes_approval_of(meeting)
    publish_form = None
    if manage and meeting.status in NOTICE_STATUSES:
        publish_form = PublishForm(version=meeting.version)
    return render_template(
        "committee/meeting.html",
        committee=committee,
        meeting=meeting,
        items=items,
        manage=manage,
        reader=can_read(current_user, committee),
        status_forms=[
            (
                status,
                MEETING_STATUS_ACTIONS[status],
                MeetingStatusForm(status=status, version=meeting.version),
            )
            for status in statuses
        ],
        languages=[(code_, LANGUAGE_NAMES[code_]) for code_ in document_languages(committee)],
        committee_language=committee.language,
        last_movable=max(
            (n for n, i in enumerate(items) if i.standing != Standing.OTHER_BUSINESS), default=-1
        ),
        composition=composition_on(committee, local_day(meeting.starts_at))
        if meeting.status in NOTICE_STATUSES
        else None,
        lines=lines,
        own=own,
        before_meeting=before_meeting,
        absence_form=AbsenceForm() if own is not None and before_meeting else None,
        substitute_forms={
            line.member.id: _substitute_form(line, substitutes)
            for line in replaceable
            if line.absence_reported
        },
        replaceable=[line for line in replaceable if not line.absence_reported],
        substitutes=substitutes,
        publish_form=publish_form,
        campuses=active_campus_list(),
        proposals=proposals_for(meeting) if manage else proposals_for(meeting, proposer=current_user),
        proposals_open=proposals_open(meeting),
        approval=approval,
        drafts=drafts_available(),
    )


def _substitute_form(line, substitutes) -> SubstituteForm:
    """The substitutes in the same kind of seat first, in their order."""
    ordered = sorted(substitutes, key=lambda m: (m.seat != line.member.seat, m.rank, m.name))
    form = SubstituteForm(absent=str(line.member.id), substitute=ordered[0].id)
    form.substitute.choices = options((m.id, m.name) for m in ordered)
    return form


@bp.route("/<code>/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
def meeting_edit(code: str, meeting_id: int):
    meeting = managed_meeting_or_404(code, meeting_id)
    form = MeetingForm()
    if request.method == "GET":
        local = meeting.starts_at.astimezone(OSLO)
        form.date.data, form.time.data = local.date(), local.time().replace(second=0, microsecond=0)
        form.place.data = meeting.place
        form.video_link.data = meeting.video_link
        if meeting.proposal_deadline is not None:
            form.proposal_deadline.data = local_day(meeting.proposal_deadline)
        form.version.data = str(meeting.version)
    status = 200
    if form.validate_on_submit() and _valid_date(form):
        try:
            meeting_update(
                meeting=meeting,
                starts_at=_starts_at(form),
                place=form.place.data,
                video_link=form.video_link.data,
                proposal_deadline=_deadline(form),
                actor=current_user,
                expected_version=form.expected_version,
            )
        except CommitteeError as error:
            status = refused(error, form)
            meeting = managed_meeting_or_404(code, meeting_id)
            form.version.data = str(meeting.version)
        else:
            db.session.commit()
            flash(_("The meeting is saved."), "success")
            return redirect(
                url_for("committee.meeting_page", code=meeting.committee.code, meeting_id=meeting.id)
            )
    if form.errors and status == 200:
        status = 400
    return (
        render_template(
            "committee/meeting_form.html",
            committee=meeting.committee,
            form=form,
            meeting=meeting,
            stale=status == 409,
        ),
        status,
    )


@bp.post("/<code>/meetings/<int:meeting_id>/status")
def meeting_status(code: str, meeting_id: int):
    meeting = managed_meeting_or_404(code, meeting_id)
    committee_code = meeting.committee.code
    form = MeetingStatusForm()
    if form.validate():
        try:
            meeting_set_status(
                meeting=meeting,
                status=form.status.data or "",
                actor=current_user,
                expected_version=form.expected_version,
            )
        except CommitteeError as error:
            refused(error)
        else:
            db.session.commit()
            flash(_("The meeting is now: %(status)s", status=meeting_status_label(meeting.status)), "success")
    return redirect(url_for("committee.meeting_page", code=committee_code, meeting_id=meeting_id))


@bp.post("/<code>/meetings/<int:meeting_id>/follow-up-item")
def meeting_follow_up_item(code: str, meeting_id: int):
    """The standing item "follow-up of earlier decisions", for a meeting created without it."""
    meeting = managed_meeting_or_404(code, meeting_id)
    back = url_for("committee.meeting_page", code=meeting.committee.code, meeting_id=meeting.id)
    try:
        item = follow_up_item_add(meeting=meeting, actor=current_user)
    except CommitteeError as error:
        refused(error)
        return redirect(back)
    db.session.commit()
    flash(_("Case %(number)s is created.", number=item.case_number), "success")
    return redirect(back)
