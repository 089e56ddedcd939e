"""For secretaries (and members reading): a meeting's page, creating and changing a meeting,
and moving it through its statuses."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.committee import bp
from portal.committee.errors import CommitteeError
from portal.committee.forms import MeetingForm, MeetingStatusForm
from portal.committee.loaders import managed_committee_or_404, managed_meeting_or_404, readable_meeting_or_404
from portal.committee.models import Standing
from portal.committee.permissions import can_manage
from portal.committee.queries import agenda
from portal.committee.service import allowed_statuses, meeting_create, meeting_set_status, meeting_update
from portal.committee.texts import MEETING_STATUS_ACTIONS, meeting_status_label
from portal.errors import refused
from portal.extensions import db
from portal.i18n import LANGUAGE_NAMES, LANGUAGES, OSLO, current_language


def _starts_at(form: MeetingForm) -> datetime:
    return datetime.combine(form.date.data, form.time.data, tzinfo=OSLO).astimezone(UTC)


def _valid_date(form: MeetingForm) -> bool:
    if form.date.data and not (2000 <= form.date.data.year <= 2100):
        form.date.errors.append(_("Give a date between the years 2000 and 2100."))
        return False
    return True


@bp.route("/<code>/meetings/new", methods=["GET", "POST"])
def meeting_new(code: str):
    committee = managed_committee_or_404(code)
    form = MeetingForm()
    if form.validate_on_submit() and _valid_date(form):
        try:
            meeting = meeting_create(
                committee=committee, starts_at=_starts_at(form), place=form.place.data, actor=current_user
            )
        except CommitteeError as error:
            refused(error)
            return redirect(url_for("committee.overview", code=committee.code))
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
    return render_template(
        "committee/meeting.html",
        committee=committee,
        meeting=meeting,
        items=items,
        manage=manage,
        status_forms=[
            (
                status,
                MEETING_STATUS_ACTIONS[status],
                MeetingStatusForm(status=status, version=meeting.version),
            )
            for status in statuses
        ],
        languages=[(code_, LANGUAGE_NAMES[code_]) for code_ in LANGUAGES],
        current_language=current_language(),
        last_movable=max(
            (n for n, i in enumerate(items) if i.standing != Standing.OTHER_BUSINESS), default=-1
        ),
    )


@bp.route("/<code>/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
def meeting_edit(code: str, meeting_id: int):
    meeting = managed_meeting_or_404(code, meeting_id)
    form = MeetingForm()
    if request.method == "GET":
        local = meeting.starts_at.astimezone(OSLO)
        form.date.data, form.time.data = local.date(), local.time().replace(second=0, microsecond=0)
        form.place.data = meeting.place
        form.version.data = str(meeting.version)
    status = 200
    if form.validate_on_submit() and _valid_date(form):
        try:
            meeting_update(
                meeting=meeting,
                starts_at=_starts_at(form),
                place=form.place.data,
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
