"""For secretaries (and members reading): agenda items, their order on the agenda, moving
them between meetings, and recording the committee's decision."""

from __future__ import annotations

from collections.abc import Sequence

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from portal.committee import bp
from portal.committee.consultations import OPEN_STATUSES
from portal.committee.drafts import OTHER_NORWEGIAN, draft_fields, drafts_available, machine_draft
from portal.committee.errors import CommitteeError
from portal.committee.follow_ups import item_decide_with_follow_ups
from portal.committee.forms import ConsultationForm, DecisionForm, ItemEditForm, ItemForm, MoveForm
from portal.committee.loaders import managed_committee_or_404, managed_item_or_404, readable_item_or_404
from portal.committee.models import Conclusion, ItemKind, Meeting, MeetingStatus
from portal.committee.permissions import can_manage
from portal.committee.queries import (
    active_campus_list,
    approved_by_item,
    consultations_of,
    days_waiting,
    escalated_issues,
    group_issue_ids,
    issues_by_id,
    issues_of,
    known_id,
    meeting_by_id,
    meetings_for_new_items,
    open_meetings,
    proposal_of_item,
)
from portal.committee.service import (
    item_create,
    item_move,
    item_reorder,
    item_title,
    item_update,
)
from portal.committee.templating import meeting_when
from portal.committee.texts import item_proposal, meeting_status_label, standing_proposal, standing_title
from portal.db import utcnow
from portal.errors import DomainError, refused
from portal.extensions import db
from portal.forms import options
from portal.issues.models import Issue
from portal.measures.follow_ups import MAX_FOLLOW_UPS, follow_up_count, follow_up_forms, follow_up_values


def meeting_choice_label(meeting: Meeting) -> str:
    return f"{meeting_when(meeting, 'medium')} – {meeting.place} ({meeting_status_label(meeting.status)})"


def _issue_choices(committee, chosen: list[int]) -> list[Issue]:
    """Escalated issues to choose from, the chosen ones first."""
    waiting = escalated_issues(committee)
    chosen_set = set(chosen)
    return [i for i in waiting if i.id in chosen_set] + [i for i in waiting if i.id not in chosen_set]


def _default_meeting(meetings: Sequence[Meeting]) -> int | None:
    now = utcnow()
    upcoming = [m for m in meetings if m.starts_at >= now and m.status == MeetingStatus.PLANNED]
    chosen = upcoming[0] if upcoming else (meetings[-1] if meetings else None)
    return chosen.id if chosen else None


def _draft_source(committee) -> str | None:
    """The other Norwegian language, when a machine draft into the committee's can be made."""
    return OTHER_NORWEGIAN.get(committee.language) if drafts_available() else None


def _apply_drafts(committee, form) -> bool:
    """Replace the item's texts with machine drafts into the committee's language (the
    secretary pasted them in the other Norwegian language); True if anything was drafted."""
    source = _draft_source(committee)
    if source is None:
        return False
    drafts = draft_fields(
        {
            "title": form.title.data,
            "background": form.background.data,
            "proposed_decision": form.proposed_decision.data,
        },
        source,
        committee.language,
    )
    for name, text in drafts.items():
        form[name].data = text
    return bool(drafts)


def _suggested_title(committee, chosen: list[Issue]) -> tuple[str, bool]:
    """A starting title for an item made from a group of issues, in the meeting's language:
    the most supported title written in it, else a machine draft of one written in the other
    Norwegian language (marked as such), else nothing: the secretary writes it. Hidden and
    confidential titles are never suggested."""
    shown = sorted(
        (i for i in chosen if not i.hidden and not i.confidential), key=lambda i: (-i.support_count, i.id)
    )
    same = [i for i in shown if i.language == committee.language]
    if same:
        return same[0].title, False
    other = [i for i in shown if i.language == OTHER_NORWEGIAN.get(committee.language)]
    if other and drafts_available():
        draft = machine_draft(other[0].title, other[0].language, committee.language)
        if draft:
            return draft, True
    return "", False


def _render_new_item(committee, form: ItemForm, status: int = 200, drafted: bool = False):
    return (
        render_template(
            "committee/item_form.html",
            committee=committee,
            form=form,
            item=None,
            issues=_issue_choices(committee, form.issues.data or []),
            chosen=set(form.issues.data or []),
            days_waiting=days_waiting,
            drafted=drafted,
            draft_from=_draft_source(committee),
        ),
        status,
    )


@bp.route("/<code>/items/new", methods=["GET", "POST"])
def item_new(code: str):
    committee = managed_committee_or_404(code)
    meetings = meetings_for_new_items(committee)
    form = ItemForm()
    form.meeting.choices = options((m.id, meeting_choice_label(m)) for m in meetings)
    if request.method == "GET":
        requested = request.args.get("meeting", type=int)
        form.meeting.data = requested if requested in {m.id for m in meetings} else _default_meeting(meetings)
        form.kind.data = ItemKind.DECISION
        wanted = [int(v) for v in request.args.getlist("issue") if v.isdigit() and len(v) < 10]
        group = request.args.get("group", type=int)
        if group is not None and known_id(group):  # "Make an agenda item of this group" in the inbox
            wanted += [i for i in group_issue_ids(committee, group) if i not in wanted]
        chosen = issues_by_id(wanted)[0]
        form.issues.data = [i.id for i in chosen]
        form.title.data, drafted = _suggested_title(committee, chosen)
        return _render_new_item(committee, form, drafted=drafted)
    if request.form.get("action") == "draft":
        return _render_new_item(committee, form, drafted=_apply_drafts(committee, form))
    if not form.validate_on_submit():
        return _render_new_item(committee, form, 400)
    meeting = meeting_by_id(form.meeting.data)
    if meeting is None or meeting.committee_id != committee.id:
        form.meeting.errors.append(
            _("That meeting does not exist.")
            if meeting is None
            else _("That meeting belongs to another committee.")
        )
        return _render_new_item(committee, form, 400)
    issues, unknown = issues_by_id(form.issues.data or [])
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
        status = refused(error, form)
        return _render_new_item(managed_committee_or_404(code), form, status)
    db.session.commit()
    flash(_("Case %(number)s is created.", number=item.case_number), "success")
    return redirect(url_for("committee.item_page", code=committee.code, item_id=item.id))


def render_item(item, consultation_form: ConsultationForm | None = None, status: int = 200):
    committee = item.meeting.committee
    manage = can_manage(current_user, committee)
    move_form = None
    if manage and not item.standing and not item.decided:
        move_form = MoveForm(version=item.version)
        move_form.meeting.choices = options(
            (m.id, meeting_choice_label(m)) for m in open_meetings(committee, exclude=item.meeting_id)
        )
    consultable = manage and not item.standing and not item.decided and item.meeting.status in OPEN_STATUSES
    if consultable and consultation_form is None:
        consultation_form = ConsultationForm()
    return (
        render_template(
            "committee/item.html",
            committee=committee,
            item=item,
            meeting=item.meeting,
            issues=issues_of(item),
            manage=manage,
            move_form=move_form,
            consultations=consultations_of(item),
            consultation_form=consultation_form if consultable else None,
            campuses=active_campus_list(),
            approves=approved_by_item(item),
            proposal=proposal_of_item(item),
            now=utcnow(),
        ),
        status,
    )


@bp.get("/<code>/items/<int:item_id>")
def item_page(code: str, item_id: int):
    return render_item(readable_item_or_404(code, item_id))


def _render_edit(item, form: ItemEditForm, stale: bool = False, status: int = 200, drafted: bool = False):
    committee = item.meeting.committee
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
            drafted=drafted,
            draft_from=_draft_source(committee),
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
    item = managed_item_or_404(code, item_id)
    form = ItemEditForm()
    if request.method == "GET":
        form.kind.data = item.kind
        form.title.data = item_title(item)
        form.case_officer.data = item.case_officer
        form.background.data = item.background
        form.proposed_decision.data = item_proposal(item)
        form.version.data = str(item.version)
        form.issues.data = []
        return _render_edit(item, form)
    if request.form.get("action") == "draft":
        return _render_edit(item, form, drafted=_apply_drafts(item.meeting.committee, form))
    if not form.validate_on_submit():
        return _render_edit(item, form, status=400)
    issues, unknown = issues_by_id(form.issues.data or [])
    if unknown:
        form.issues.errors.append(_("Some of the chosen issues do not exist. Reload the page."))
        return _render_edit(item, form, status=400)
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
        status = refused(error, form)
        item = managed_item_or_404(code, item_id)
        if error.code == "stale":
            # The person's text stays in the form; the saved version is shown beside it.
            form.version.data = str(item.version)
        return _render_edit(item, form, stale=error.code == "stale", status=status)
    db.session.commit()
    flash(_("The item is saved."), "success")
    return redirect(url_for("committee.item_page", code=item.meeting.committee.code, item_id=item.id))


@bp.post("/<code>/items/<int:item_id>/order")
def item_order(code: str, item_id: int):
    item = managed_item_or_404(code, item_id)
    back = url_for(
        "committee.meeting_page",
        code=item.meeting.committee.code,
        meeting_id=item.meeting_id,
        _anchor=f"item-{item.id}",
    )
    try:
        moved = item_reorder(item=item, direction=request.form.get("direction", ""), actor=current_user)
    except CommitteeError as error:
        refused(error)
    else:
        db.session.commit()
        if moved:
            flash(_("The order of the agenda is saved."), "success")
    return redirect(back)


@bp.post("/<code>/items/<int:item_id>/move", endpoint="item_move")
def item_move_view(code: str, item_id: int):
    item = managed_item_or_404(code, item_id)
    committee = item.meeting.committee
    form = MoveForm()
    form.meeting.choices = options((m.id, meeting_choice_label(m)) for m in open_meetings(committee))
    back = url_for("committee.item_page", code=committee.code, item_id=item.id)
    if not form.validate():
        for errors in form.errors.values():
            for message in errors:
                flash(str(message), "error")
        return redirect(back)
    target = meeting_by_id(form.meeting.data)
    if target is None:
        flash(_("That meeting does not exist."), "error")
        return redirect(back)
    try:
        item_move(item=item, target=target, actor=current_user, expected_version=form.expected_version)
    except CommitteeError as error:
        refused(error)
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


def _render_decision(item, form: DecisionForm, follow_ups, stale: bool = False, status: int = 200):
    return (
        render_template(
            "committee/decision_form.html",
            committee=item.meeting.committee,
            item=item,
            meeting=item.meeting,
            issues=issues_of(item),
            form=form,
            follow_ups=[] if item.standing else follow_ups,
            more_follow_ups=len(follow_ups) < MAX_FOLLOW_UPS,
            stale=stale,
        ),
        status,
    )


@bp.route("/<code>/items/<int:item_id>/decision", methods=["GET", "POST"])
def item_decision(code: str, item_id: int):
    item = managed_item_or_404(code, item_id)
    form = DecisionForm()
    if request.method == "GET":
        form.conclusion.data = item.conclusion or Conclusion.DECISION
        form.decision.data = item.decision or item_proposal(item)
        form.version.data = str(item.version)
        return _render_decision(item, form, follow_up_forms(1))
    count = follow_up_count(request.form.get("follow_up_count"))
    if "more_follow_ups" in request.form:
        # Another empty measure; nothing is saved, and what was typed stays.
        count = min(count + 1, MAX_FOLLOW_UPS)
        return _render_decision(item, form, follow_up_forms(count))
    follow_ups = follow_up_forms(count)
    valid = form.validate_on_submit()
    if not all([f.validate() for f in follow_ups]) or not valid:
        return _render_decision(item, form, follow_ups, status=400)
    try:
        measures = item_decide_with_follow_ups(
            item=item,
            conclusion=form.conclusion.data,
            decision=form.decision.data,
            actor=current_user,
            expected_version=form.expected_version,
            follow_ups=[] if item.standing else [follow_up_values(f) for f in follow_ups if not f.is_blank()],
        )
    except DomainError as error:
        # A measure's SMART refusal goes next to the field of the measure it concerns.
        index = getattr(error, "follow_up", None)
        filled = [f for f in follow_ups if not f.is_blank()]
        status = refused(error, filled[index] if index is not None else form)
        item = managed_item_or_404(code, item_id)
        if error.code == "stale":
            form.version.data = str(item.version)
        return _render_decision(item, form, follow_ups, stale=error.code == "stale", status=status)
    db.session.commit()
    count = len(item.links)
    flash(
        _("The decision is recorded.")
        + (" " + _("Everyone who raised or supports the issues behind it is told.") if count else "")
        + (
            " "
            + ngettext(
                "%(num)d follow-up measure is set up.",
                "%(num)d follow-up measures are set up.",
                len(measures),
            )
            if measures
            else ""
        ),
        "success",
    )
    return redirect(url_for("committee.item_page", code=item.meeting.committee.code, item_id=item.id))
