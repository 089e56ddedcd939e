"""Secretaries' and members' pages. Every route checks the committee scope: members read,
only the committee's own secretaries change anything (GET forms included)."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.authz import ensure
from portal.committee import bp
from portal.committee.exports import (
    DOCUMENTS,
    export_language,
    file_name,
    render_docx,
    render_pdf,
    render_print,
)
from portal.committee.forms import (
    DecisionForm,
    ItemEditForm,
    ItemForm,
    MeetingForm,
    MeetingStatusForm,
    MoveForm,
    SendBackForm,
)
from portal.committee.models import Conclusion, ItemKind, Meeting, MeetingStatus, Standing
from portal.committee.permissions import can_manage, can_read
from portal.committee.queries import (
    AGE_CHOICES,
    agenda,
    committee_issue_or_404,
    committee_or_404,
    committee_people,
    committees_of,
    days_waiting,
    escalated_count,
    escalated_groups,
    escalated_issues,
    issues_of,
    item_of_issue,
    item_or_404,
    known_id,
    meeting_or_404,
    meetings_for_new_items,
    meetings_of,
    open_meetings,
)
from portal.committee.service import (
    CommitteeError,
    allowed_statuses,
    export_record,
    issue_send_back,
    item_create,
    item_decide,
    item_move,
    item_reorder,
    item_title,
    item_update,
    local_year,
    meeting_create,
    meeting_set_status,
    meeting_update,
)
from portal.committee.templating import meeting_when
from portal.committee.texts import (
    MEETING_STATUS_ACTIONS,
    item_proposal,
    meeting_status_label,
    standing_proposal,
    standing_title,
)
from portal.db import utcnow
from portal.extensions import db
from portal.forms import options
from portal.i18n import LANGUAGE_NAMES, LANGUAGES, OSLO, current_language
from portal.issues.models import Issue
from portal.issues.queries import active_campuses, active_categories

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@bp.before_request
@login_required
def _signed_in_only():
    pass


def _readable(code: str):
    committee = committee_or_404(code)
    ensure(can_read(current_user, committee))
    return committee


def _managed(code: str):
    committee = committee_or_404(code)
    ensure(can_manage(current_user, committee))
    return committee


def error_message(error: CommitteeError) -> str:
    references = ", ".join(error.references)
    messages = {
        "stale": _(
            "Someone else saved a change while you had this page open. Nothing was overwritten: "
            "your text is still in the form, and what is saved now is shown above it. "
            "Compare the two, then save again."
        ),
        "not-escalated": _(
            "%(references)s is no longer waiting for the committee: it is on another item, "
            "or was sent back. Reload the page to see the issues that wait.",
            references=references,
        ),
        "other-committee": _("%(references)s was sent to another committee.", references=references),
        "minutes-published": _(
            "The minutes of this meeting are published, so its agenda cannot change. Choose another meeting."
        ),
        "meeting-not-held": _(
            "The decision can be recorded when the meeting has been held. Mark the meeting as held first."
        ),
        "decision-needed": _("Write what the committee concluded."),
        "item-decided": _("The item has a decision: no more issues can be added to it."),
        "other-committee-meeting": _("That meeting belongs to another committee."),
        "same-meeting": _("The item is already on that meeting's agenda."),
        "standing-item": _("Standing items stay with their meeting."),
        "meeting-closed": _("Items can be moved only to a meeting that has not been held yet."),
        "status-not-allowed": _(
            "The meeting cannot get that status now. A meeting with recorded decisions stays held."
        ),
        "note-needed": _("Write why the issue goes back."),
        "inactive": _("The committee is not active."),
        "other-business-last": _("“Any other business” is always the last item."),
    }
    return messages.get(error.code) or _("That cannot be done now. Reload the page and try again.")


CONFLICTS = frozenset({"stale", "not-escalated", "meeting-not-held", "item-decided", "minutes-published"})


def error_status(error: CommitteeError) -> int:
    """409 when the state changed or does not allow it, 400 when what was sent is wrong."""
    return 409 if error.code in CONFLICTS else 400


def _year_now() -> int:
    return local_year(utcnow())


# Overview and inbox


@bp.get("/")
def index():
    committees = committees_of(current_user)
    ensure(bool(committees))
    if len(committees) == 1:
        return redirect(url_for("committee.overview", code=committees[0].code))
    return render_template("committee/index.html", committees=committees)


@bp.get("/<code>/")
def overview(code: str):
    committee = _readable(code)
    return render_template(
        "committee/overview.html",
        committee=committee,
        meetings=meetings_of(committee),
        escalated=escalated_count(committee),
        people=committee_people(committee),
        manage=can_manage(current_user, committee),
        year=_year_now(),
    )


@bp.get("/<code>/inbox")
def inbox(code: str):
    committee = _readable(code)
    campus_id = request.args.get("campus", type=int)
    category_id = request.args.get("category", type=int)
    age = request.args.get("age", type=int)
    age = age if age in AGE_CHOICES else None
    groups = escalated_groups(committee, campus_id=campus_id, category_id=category_id, min_age_days=age)
    return render_template(
        "committee/inbox.html",
        committee=committee,
        groups=groups,
        campuses=active_campuses(),
        categories=active_categories(),
        ages=AGE_CHOICES,
        filters={"campus": campus_id, "category": category_id, "age": age},
        days_waiting=days_waiting,
        manage=can_manage(current_user, committee),
    )


# Issues sent to the committee


def _render_issue(committee, issue: Issue, form: SendBackForm | None = None, status: int = 200):
    manage = can_manage(current_user, committee)
    if form is None and manage and issue.status == "escalated":
        form = SendBackForm(version=issue.version)
    return (
        render_template(
            "committee/issue.html",
            committee=committee,
            issue=issue,
            events=issue.events,
            item=item_of_issue(issue),
            form=form if manage else None,
            show_internal=True,
            days=days_waiting(issue),
        ),
        status,
    )


@bp.get("/<code>/issues/<reference>")
def issue_page(code: str, reference: str):
    committee = _readable(code)
    return _render_issue(committee, committee_issue_or_404(committee, reference))


@bp.post("/<code>/issues/<reference>/send-back")
def send_back(code: str, reference: str):
    committee = _managed(code)
    issue = committee_issue_or_404(committee, reference)
    form = SendBackForm()
    if not form.validate():
        return _render_issue(committee, issue, form, 400)
    try:
        issue_send_back(
            issue=issue,
            committee=committee,
            note=form.note.data,
            actor=current_user,
            expected_version=form.expected_version,
        )
    except CommitteeError as error:
        db.session.rollback()
        issue = committee_issue_or_404(committee, reference)
        form.note.errors.append(error_message(error))
        if error.code == "stale":
            form.version.data = str(issue.version)
        return _render_issue(committee, issue, form, error_status(error))
    db.session.commit()
    flash(_("%(reference)s is sent back to its campus council.", reference=issue.reference), "success")
    return redirect(url_for("committee.inbox", code=committee.code))


# Meetings


def _starts_at(form: MeetingForm) -> datetime:
    return datetime.combine(form.date.data, form.time.data, tzinfo=OSLO).astimezone(UTC)


def _valid_date(form: MeetingForm) -> bool:
    if form.date.data and not (2000 <= form.date.data.year <= 2100):
        form.date.errors.append(_("Give a date between the years 2000 and 2100."))
        return False
    return True


@bp.route("/<code>/meetings/new", methods=["GET", "POST"])
def meeting_new(code: str):
    committee = _managed(code)
    form = MeetingForm()
    if form.validate_on_submit() and _valid_date(form):
        try:
            meeting = meeting_create(
                committee=committee, starts_at=_starts_at(form), place=form.place.data, actor=current_user
            )
        except CommitteeError as error:
            db.session.rollback()
            flash(error_message(error), "error")
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
    committee = _readable(code)
    meeting = meeting_or_404(committee, meeting_id)
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
    committee = _managed(code)
    meeting = meeting_or_404(committee, meeting_id)
    form = MeetingForm()
    if request.method == "GET":
        local = meeting.starts_at.astimezone(OSLO)
        form.date.data, form.time.data = local.date(), local.time().replace(second=0, microsecond=0)
        form.place.data = meeting.place
        form.version.data = str(meeting.version)
    stale = False
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
            db.session.rollback()
            meeting = meeting_or_404(committee, meeting_id)
            form.version.data = str(meeting.version)
            flash(error_message(error), "error")
            stale = True
        else:
            db.session.commit()
            flash(_("The meeting is saved."), "success")
            return redirect(url_for("committee.meeting_page", code=committee.code, meeting_id=meeting.id))
    status = 409 if stale else 400 if form.errors else 200
    return (
        render_template(
            "committee/meeting_form.html", committee=committee, form=form, meeting=meeting, stale=stale
        ),
        status,
    )


@bp.post("/<code>/meetings/<int:meeting_id>/status")
def meeting_status(code: str, meeting_id: int):
    committee = _managed(code)
    meeting = meeting_or_404(committee, meeting_id)
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
            db.session.rollback()
            flash(error_message(error), "error")
        else:
            db.session.commit()
            flash(_("The meeting is now: %(status)s", status=meeting_status_label(meeting.status)), "success")
    return redirect(url_for("committee.meeting_page", code=committee.code, meeting_id=meeting_id))


# Agenda items


def _issues_by_id(ids: list[int]) -> tuple[list[Issue], list[int]]:
    """The issues, in the order given, and the ids that match none."""
    if not ids:
        return [], []
    found = {i.id: i for i in db.session.scalars(sa.select(Issue).where(Issue.id.in_(ids)))}
    return [found[i] for i in ids if i in found], [i for i in ids if i not in found]


def _issue_choices(committee, chosen: list[int]) -> list[Issue]:
    """Escalated issues to choose from, the chosen ones first."""
    waiting = escalated_issues(committee)
    chosen_set = set(chosen)
    return [i for i in waiting if i.id in chosen_set] + [i for i in waiting if i.id not in chosen_set]


def _default_meeting(meetings: list[Meeting]) -> int | None:
    now = utcnow()
    upcoming = [m for m in meetings if m.starts_at >= now and m.status == MeetingStatus.PLANNED]
    chosen = upcoming[0] if upcoming else (meetings[-1] if meetings else None)
    return chosen.id if chosen else None


def _render_new_item(committee, form: ItemForm, status: int = 200):
    return (
        render_template(
            "committee/item_form.html",
            committee=committee,
            form=form,
            item=None,
            issues=_issue_choices(committee, form.issues.data or []),
            chosen=set(form.issues.data or []),
            days_waiting=days_waiting,
        ),
        status,
    )


@bp.route("/<code>/items/new", methods=["GET", "POST"])
def item_new(code: str):
    committee = _managed(code)
    meetings = meetings_for_new_items(committee)
    form = ItemForm()
    form.meeting.choices = options((m.id, meeting_choice_label(m)) for m in meetings)
    if request.method == "GET":
        requested = request.args.get("meeting", type=int)
        form.meeting.data = requested if requested in {m.id for m in meetings} else _default_meeting(meetings)
        form.kind.data = ItemKind.DECISION
        wanted = [v for v in request.args.getlist("issue") if v.isdigit() and len(v) < 10]
        chosen = _issues_by_id([int(v) for v in wanted])[0]
        form.issues.data = [i.id for i in chosen]
        # Confidential titles must not become a public agenda title by default.
        shown = [i for i in chosen if not i.hidden and not i.confidential]
        if shown:
            # A starting point: the title of the most supported issue, as the inbox shows the group.
            form.title.data = max(shown, key=lambda i: (i.support_count, -i.id)).title
        return _render_new_item(committee, form)
    if not form.validate_on_submit():
        return _render_new_item(committee, form, 400)
    meeting = db.session.get(Meeting, form.meeting.data) if known_id(form.meeting.data) else None
    if meeting is None or meeting.committee_id != committee.id:
        form.meeting.errors.append(
            _("That meeting does not exist.")
            if meeting is None
            else _("That meeting belongs to another committee.")
        )
        return _render_new_item(committee, form, 400)
    issues, unknown = _issues_by_id(form.issues.data or [])
    if unknown:
        form.issues.errors.append(_("Some of the chosen issues do not exist. Reload the page."))
        return _render_new_item(committee, form, 400)
    try:
        item = item_create(
            meeting=meeting,
            kind=form.kind.data,
            title=form.title.data,
            case_officer=form.case_officer.data,
            background=form.background.data,
            proposed_decision=form.proposed_decision.data,
            issues=issues,
            actor=current_user,
        )
    except CommitteeError as error:
        db.session.rollback()
        field = form.meeting if error.code == "minutes-published" else form.issues
        field.errors.append(error_message(error))
        return _render_new_item(committee, form, error_status(error))
    db.session.commit()
    flash(_("Case %(number)s is created.", number=item.case_number), "success")
    return redirect(url_for("committee.item_page", code=committee.code, item_id=item.id))


def meeting_choice_label(meeting: Meeting) -> str:
    return f"{meeting_when(meeting, 'medium')} – {meeting.place} ({meeting_status_label(meeting.status)})"


@bp.get("/<code>/items/<int:item_id>")
def item_page(code: str, item_id: int):
    committee = _readable(code)
    item = item_or_404(committee, item_id)
    manage = can_manage(current_user, committee)
    move_form = None
    if manage and not item.standing and not item.decided:
        move_form = MoveForm(version=item.version)
        move_form.meeting.choices = options(
            (m.id, meeting_choice_label(m)) for m in open_meetings(committee, exclude=item.meeting_id)
        )
    return render_template(
        "committee/item.html",
        committee=committee,
        item=item,
        meeting=item.meeting,
        issues=issues_of(item),
        manage=manage,
        move_form=move_form,
    )


def _render_edit(committee, item, form: ItemEditForm, stale: bool = False, status: int = 200):
    return (
        render_template(
            "committee/item_form.html",
            committee=committee,
            form=form,
            item=item,
            issues=[] if item.decided else escalated_issues(committee),
            chosen=set(form.issues.data or []),
            gathered=issues_of(item),
            stale=stale,
            days_waiting=days_waiting,
        ),
        status,
    )


def _standing_default(item, field: str, value: str | None) -> str | None:
    """A standing item keeps no text while it says what it usually says (translated when shown)."""
    if not item.standing:
        return value
    default = standing_title(item.standing) if field == "title" else standing_proposal(item.standing)
    return None if (value or "") == default or not value else value


@bp.route("/<code>/items/<int:item_id>/edit", methods=["GET", "POST"])
def item_edit(code: str, item_id: int):
    committee = _managed(code)
    item = item_or_404(committee, item_id)
    form = ItemEditForm()
    if request.method == "GET":
        form.kind.data = item.kind
        form.title.data = item_title(item)
        form.case_officer.data = item.case_officer
        form.background.data = item.background
        form.proposed_decision.data = item_proposal(item)
        form.version.data = str(item.version)
        form.issues.data = []
        return _render_edit(committee, item, form)
    if not form.validate_on_submit():
        return _render_edit(committee, item, form, status=400)
    issues, unknown = _issues_by_id(form.issues.data or [])
    if unknown:
        form.issues.errors.append(_("Some of the chosen issues do not exist. Reload the page."))
        return _render_edit(committee, item, form, status=400)
    values = {
        "kind": form.kind.data,
        "title": _standing_default(item, "title", form.title.data),
        "case_officer": form.case_officer.data or "",
        "background": form.background.data or "",
        "proposed_decision": _standing_default(item, "proposed_decision", form.proposed_decision.data)
        or None,
    }
    try:
        item_update(
            item=item,
            values=values,
            add_issues=issues,
            actor=current_user,
            expected_version=form.expected_version,
        )
    except CommitteeError as error:
        db.session.rollback()
        item = item_or_404(committee, item_id)
        if error.code == "stale":
            # The person's text stays in the form; the saved version is shown beside it.
            form.version.data = str(item.version)
            flash(error_message(error), "error")
            return _render_edit(committee, item, form, stale=True, status=409)
        form.issues.errors.append(error_message(error))
        return _render_edit(committee, item, form, status=error_status(error))
    db.session.commit()
    flash(_("The item is saved."), "success")
    return redirect(url_for("committee.item_page", code=committee.code, item_id=item.id))


@bp.post("/<code>/items/<int:item_id>/order")
def item_order(code: str, item_id: int):
    committee = _managed(code)
    item = item_or_404(committee, item_id)
    direction = request.form.get("direction", "")
    try:
        moved = item_reorder(item=item, direction=direction, actor=current_user)
    except CommitteeError as error:
        db.session.rollback()
        flash(error_message(error), "error")
    else:
        db.session.commit()
        if moved:
            flash(_("The order of the agenda is saved."), "success")
    return redirect(
        url_for(
            "committee.meeting_page",
            code=committee.code,
            meeting_id=item.meeting_id,
            _anchor=f"item-{item.id}",
        )
    )


@bp.post("/<code>/items/<int:item_id>/move", endpoint="item_move")
def item_move_view(code: str, item_id: int):
    committee = _managed(code)
    item = item_or_404(committee, item_id)
    form = MoveForm()
    form.meeting.choices = options((m.id, meeting_choice_label(m)) for m in open_meetings(committee))
    back = url_for("committee.item_page", code=committee.code, item_id=item.id)
    if not form.validate():
        for errors in form.errors.values():
            for message in errors:
                flash(str(message), "error")
        return redirect(back)
    target = db.session.get(Meeting, form.meeting.data) if known_id(form.meeting.data) else None
    if target is None:
        flash(_("That meeting does not exist."), "error")
        return redirect(back)
    try:
        item_move(item=item, target=target, actor=current_user, expected_version=form.expected_version)
    except CommitteeError as error:
        db.session.rollback()
        flash(error_message(error), "error")
        return redirect(back)
    db.session.commit()
    flash(
        _(
            "Case %(number)s is moved to the meeting on %(date)s.",
            number=item.case_number,
            date=meeting_when(target, "medium"),
        ),
        "success",
    )
    return redirect(back)


def _render_decision(committee, item, form: DecisionForm, stale: bool = False, status: int = 200):
    return (
        render_template(
            "committee/decision_form.html",
            committee=committee,
            item=item,
            meeting=item.meeting,
            issues=issues_of(item),
            form=form,
            stale=stale,
        ),
        status,
    )


@bp.route("/<code>/items/<int:item_id>/decision", methods=["GET", "POST"])
def item_decision(code: str, item_id: int):
    committee = _managed(code)
    item = item_or_404(committee, item_id)
    form = DecisionForm()
    if request.method == "GET":
        form.conclusion.data = item.conclusion or Conclusion.DECISION
        form.decision.data = item.decision or item_proposal(item)
        form.version.data = str(item.version)
        return _render_decision(committee, item, form)
    if not form.validate_on_submit():
        return _render_decision(committee, item, form, status=400)
    try:
        item_decide(
            item=item,
            conclusion=form.conclusion.data,
            decision=form.decision.data,
            actor=current_user,
            expected_version=form.expected_version,
        )
    except CommitteeError as error:
        db.session.rollback()
        item = item_or_404(committee, item_id)
        if error.code == "stale":
            form.version.data = str(item.version)
        form.decision.errors.append(error_message(error))
        return _render_decision(
            committee, item, form, stale=error.code == "stale", status=error_status(error)
        )
    db.session.commit()
    count = len(item.links)
    flash(
        _("The decision is recorded.")
        + (" " + _("Everyone who raised or supports the issues behind it is told.") if count else ""),
        "success",
    )
    return redirect(url_for("committee.item_page", code=committee.code, item_id=item.id))


# Exports


def _export(code: str, meeting_id: int, document: str, fmt: str):
    committee = _readable(code)
    meeting = meeting_or_404(committee, meeting_id)
    if document not in DOCUMENTS or fmt not in ("print", "pdf", "docx"):
        abort(404)
    language = export_language(request.args.get("lang"))
    items = agenda(meeting)
    export_record(meeting=meeting, document=document, fmt=fmt, language=language, actor=current_user)
    db.session.commit()
    if fmt == "print":
        return render_print(meeting, items, document, language)
    if fmt == "pdf":
        data, mimetype = render_pdf(meeting, items, document, language), "application/pdf"
    else:
        data, mimetype = render_docx(meeting, items, document, language), DOCX_TYPE
    name = file_name(meeting, document, language, fmt)
    return Response(
        data,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
    )


@bp.get("/<code>/meetings/<int:meeting_id>/<document>/print")
def export_print(code: str, meeting_id: int, document: str):
    return _export(code, meeting_id, document, "print")


@bp.get("/<code>/meetings/<int:meeting_id>/<document>.<fmt>")
def export_file(code: str, meeting_id: int, document: str, fmt: str):
    return _export(code, meeting_id, document, fmt)
