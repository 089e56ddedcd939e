"""A meeting's people: the secretary publishes the notice (and those summoned and the chosen
campus councils are told), members report absence up to the meeting, the secretary calls in
a substitute in one step, and after the meeting records attendance and the minute-taker."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from portal.committee import bp
from portal.committee.attendance import (
    absence_report,
    absence_withdraw,
    attendance_record,
    meeting_publish_notice,
    substitute_call,
)
from portal.committee.errors import CommitteeError
from portal.committee.forms import AbsenceForm, AttendanceForm, PublishForm, SubstituteForm
from portal.committee.loaders import managed_meeting_or_404, readable_meeting_or_404
from portal.committee.models import Attendance
from portal.committee.queries import campuses_by_id, member_by_id, minutes_approval_of, summoned
from portal.errors import refused
from portal.extensions import db


def _back(meeting, anchor: str = "summoned"):
    return redirect(
        url_for("committee.meeting_page", code=meeting.committee.code, meeting_id=meeting.id, _anchor=anchor)
    )


@bp.post("/<code>/meetings/<int:meeting_id>/publish")
def meeting_publish(code: str, meeting_id: int):
    meeting = managed_meeting_or_404(code, meeting_id)
    form = PublishForm()
    if not form.validate():
        for errors in form.errors.values():
            for message in errors:
                flash(str(message), "error")
        return _back(meeting, "notice")
    campuses = campuses_by_id(form.campuses.data or [])
    if len(campuses) != len(form.campuses.data or []):
        flash(_("Some of the chosen campuses do not exist. Reload the page."), "error")
        return _back(meeting, "notice")
    try:
        told = meeting_publish_notice(
            meeting=meeting, actor=current_user, campuses=campuses, expected_version=form.expected_version
        )
    except CommitteeError as error:
        refused(error)
        return _back(readable_meeting_or_404(code, meeting_id), "notice")
    db.session.commit()
    flash(
        ngettext(
            "The notice and agenda are published, and %(num)d person is told.",
            "The notice and agenda are published, and %(num)d people are told.",
            told,
        ),
        "success",
    )
    return _back(meeting, "notice")


@bp.post("/<code>/meetings/<int:meeting_id>/absence")
def absence(code: str, meeting_id: int):
    meeting = readable_meeting_or_404(code, meeting_id)
    form = AbsenceForm()
    if not form.validate():
        for errors in form.errors.values():
            for message in errors:
                flash(str(message), "error")
        return _back(meeting, "absence")
    try:
        absence_report(meeting=meeting, user=current_user, reason=form.reason.data)
    except CommitteeError as error:
        refused(error)
        return _back(readable_meeting_or_404(code, meeting_id), "absence")
    db.session.commit()
    flash(_("Your absence is reported. The secretary calls in a substitute."), "success")
    return _back(meeting, "absence")


@bp.post("/<code>/meetings/<int:meeting_id>/absence/withdraw")
def absence_cancel(code: str, meeting_id: int):
    meeting = readable_meeting_or_404(code, meeting_id)
    try:
        absence_withdraw(meeting=meeting, user=current_user)
    except CommitteeError as error:
        refused(error)
        return _back(readable_meeting_or_404(code, meeting_id), "absence")
    db.session.commit()
    flash(_("You are no longer reported absent."), "success")
    return _back(meeting, "absence")


@bp.post("/<code>/meetings/<int:meeting_id>/substitutes")
def substitute(code: str, meeting_id: int):
    meeting = managed_meeting_or_404(code, meeting_id)
    form = SubstituteForm()
    if not form.validate():
        for errors in form.errors.values():
            for message in errors:
                flash(str(message), "error")
        return _back(meeting)
    absent_id = (
        int(form.absent.data) if (form.absent.data or "").isdigit() and len(form.absent.data) < 10 else None
    )
    try:
        called = substitute_call(
            meeting=meeting,
            absent=member_by_id(meeting.committee_id, absent_id),
            substitute=member_by_id(meeting.committee_id, form.substitute.data),
            actor=current_user,
        )
    except CommitteeError as error:
        refused(error)
        return _back(readable_meeting_or_404(code, meeting_id))
    db.session.commit()
    flash(
        _(
            "%(substitute)s is called in for %(member)s and is told.",
            substitute=called.member.name,
            member=called.called_for.name if called.called_for else "",
        ),
        "success",
    )
    return _back(meeting)


def _render_attendance(meeting, form: AttendanceForm, chosen: dict[int, str], errors: list[str], status=200):
    approval = minutes_approval_of(meeting)
    return (
        render_template(
            "committee/attendance.html",
            committee=meeting.committee,
            meeting=meeting,
            lines=summoned(meeting),
            form=form,
            chosen=chosen,
            attendance_errors=errors,
            approved=approval is not None and approval.item.decided,
            choices=[(a.value, a) for a in Attendance],
        ),
        status,
    )


@bp.route("/<code>/meetings/<int:meeting_id>/attendance", methods=["GET", "POST"])
def attendance(code: str, meeting_id: int):
    meeting = managed_meeting_or_404(code, meeting_id)
    form = AttendanceForm()
    lines = summoned(meeting)
    if request.method == "GET":
        form.minutes_taker.data = meeting.minutes_taker or current_user.name
        chosen = {
            line.member.id: line.attended
            or (Attendance.ABSENT if line.absence_reported else Attendance.PRESENT)
            for line in lines
        }
        return _render_attendance(meeting, form, chosen, [])
    chosen = {line.member.id: request.form.get(f"attended-{line.member.id}", "") for line in lines}
    if not meeting.decisions_allowed:
        status = refused(CommitteeError("meeting-not-held"), form)
        return _render_attendance(managed_meeting_or_404(code, meeting_id), form, chosen, [], status)
    missing = [
        line.member.name for line in lines if chosen[line.member.id] not in {a.value for a in Attendance}
    ]
    errors = [_("Choose present or absent for %(names)s.", names=", ".join(missing))] if missing else []
    if not form.validate_on_submit() or errors:
        return _render_attendance(meeting, form, chosen, errors, 400)
    try:
        attendance_record(
            meeting=meeting, attended=chosen, minutes_taker=form.minutes_taker.data, actor=current_user
        )
    except CommitteeError as error:
        status = refused(error, form)
        return _render_attendance(managed_meeting_or_404(code, meeting_id), form, chosen, [], status)
    db.session.commit()
    flash(_("The attendance is recorded in the minutes."), "success")
    return _back(meeting, "minutes")
