"""Campus leaders' pages. Every route loads through a loader that checks the leader's campus."""

from __future__ import annotations

from collections.abc import Sequence

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from portal.authz import Role, ensure
from portal.committee.queries import active_committees, committee_by_id
from portal.core.navigation import safe_next
from portal.errors import refused
from portal.extensions import db
from portal.forms import options
from portal.issues.models import Issue
from portal.issues.queries import active_categories, issue_by_reference
from portal.issues.service import (
    IssueError,
    issue_flags_clear,
    issue_focus_area_set,
    issue_hide,
    issue_merge,
    issue_note,
    issue_transition,
    issue_unhide,
)
from portal.issues.workflow import IN_CAMPUS_INBOX, STATUS_LABELS, Actor, Status, allowed_actions
from portal.triage import bp
from portal.triage.forms import ActionForm, FocusAreaForm, HideForm, MergeSearchForm
from portal.triage.loaders import led_campus_or_404, triaged_issue_or_404
from portal.triage.queries import (
    age_days,
    counts,
    flag_reasons,
    focus_areas_to_tag,
    inbox,
    is_overdue,
    led_campuses,
    merge_candidates,
    moderation_queue,
    needs_attention,
    next_waiting,
)

# What each action is called, what its note is called, and its button.
ACTION_TEXTS = {
    "accept": (_l("Accept"), _l("Message to the student (optional)"), _l("Accept the issue")),
    "ask": (_l("Ask the author a question"), _l("Your question"), _l("Send the question")),
    "reject": (_l("Reject"), _l("Reason, shown to the author and supporters"), _l("Reject the issue")),
    "merge": (
        _l("Merge into another issue"),
        _l("Message to the author and supporters (optional)"),
        _l("Merge"),
    ),
    "resolve": (_l("Resolve locally"), _l("What was done (public)"), _l("Mark as resolved")),
    "escalate": (
        _l("Send to the committee"),
        _l("Why it needs the committee (public)"),
        _l("Send to the committee"),
    ),
    "close": (_l("Close"), _l("Message (optional)"), _l("Close the issue")),
    "note": (_l("Public update or internal note"), _l("Public update (optional)"), _l("Save the note")),
}


@bp.before_request
@login_required
def _leaders_only():
    ensure(current_user.has_role(Role.CAMPUS_LEADER))


@bp.get("/")
def index():
    campuses = led_campuses(current_user)
    return redirect(url_for("triage.campus_inbox", code=campuses[0].code))


@bp.get("/<code>/")
def campus_inbox(code: str):
    campus = led_campus_or_404(code)
    categories = active_categories()
    status = request.args.get("status", "")
    status = status if status in {s.value for s in Status} else ""
    category_id = request.args.get("category", type=int) or None
    flagged, overdue, attention = (request.args.get(k) == "1" for k in ("flagged", "overdue", "attention"))
    select = inbox(
        campus=campus,
        status=status or None,
        category_id=category_id,
        flagged=flagged,
        overdue=overdue,
        attention=attention,
    )
    page = db.paginate(select, per_page=50, error_out=False)
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template(
        "triage/inbox.html",
        campus=campus,
        campuses=led_campuses(current_user),
        page=page,
        counts=counts(campus),
        categories=categories,
        statuses=[(s.value, STATUS_LABELS[s]) for s in Status if s != Status.MERGED],
        inbox_statuses=IN_CAMPUS_INBOX,
        filters={
            "status": status,
            "category": category_id,
            "flagged": flagged,
            "overdue": overdue,
            "attention": attention,
        },
        list_args=args,
        age_days=age_days,
        is_overdue=is_overdue,
        needs_attention=needs_attention,
    )


@bp.get("/<code>/moderation")
def moderation(code: str):
    campus = led_campus_or_404(code)
    issues = moderation_queue(campus=campus)
    return render_template(
        "triage/moderation.html", campus=campus, issues=issues, reasons=flag_reasons([i.id for i in issues])
    )


def _committee_choices():
    return options((c.id, c.name) for c in active_committees())


def _action_forms(issue: Issue, submitted: ActionForm | None = None) -> list[tuple[str, ActionForm]]:
    forms = []
    # Referring and withdrawing a referral have their own form (portal/referrals).
    allowed = [t.action for t in allowed_actions(Status(issue.status), Actor.LEADER)]
    actions = [action for action in allowed if action in ACTION_TEXTS] + ["note"]
    committees = _committee_choices()
    for action in actions:
        if submitted is not None and submitted.action.data == action:
            form = submitted
        else:
            form = ActionForm(formdata=None, prefix=action, action=action, version=issue.version)
        form.committee.choices = committees
        form.public_note.label.text = ACTION_TEXTS[action][1]
        forms.append((action, form))
    return forms


def _focus_form(issue: Issue, allowed: Sequence) -> FocusAreaForm:
    form = FocusAreaForm(prefix="focus", formdata=None, focus_area=issue.focus_area_id or 0)
    form.focus_area.choices = options([(0, _("No focus area"))] + [(f.id, f.display_title) for f in allowed])
    return form


def _render_issue(
    issue: Issue, submitted: ActionForm | None = None, hide_form: HideForm | None = None, status=200
):
    allowed = focus_areas_to_tag()
    action_forms = _action_forms(issue, submitted)
    search = MergeSearchForm(request.args)
    if not search.validate():
        search.merge_q.data = ""  # too long: ignored, the whole list is offered
    can_merge = any(action == "merge" for action, _form in action_forms)
    return (
        render_template(
            "triage/issue.html",
            issue=issue,
            events=issue.events,
            action_forms=action_forms,
            action_texts=ACTION_TEXTS,
            hide_form=hide_form or HideForm(prefix="hide"),
            focus_form=_focus_form(issue, allowed) if allowed or issue.focus_area_id else None,
            age=age_days(issue),
            overdue=is_overdue(issue, issue.campus),
            show_internal=True,
            merge_search=search,
            merge_choices=merge_candidates(issue, search.merge_q.data or "") if can_merge else [],
            next_issue=next_waiting(campus=issue.campus, other_than=issue),
        ),
        status,
    )


@bp.get("/issues/<reference>")
def issue_page(reference: str):
    return _render_issue(triaged_issue_or_404(reference))


@bp.post("/issues/<reference>/act/<action>")
def act(reference: str, action: str):
    issue = triaged_issue_or_404(reference)
    if action not in ACTION_TEXTS:
        abort(404)
    form = ActionForm(prefix=action)
    form.action.data = action
    form.committee.choices = _committee_choices()
    if not form.validate():
        return _render_issue(issue, form, status=400)
    try:
        _apply(issue, action, form)
    except IssueError as error:
        status = refused(error, form)
        return _render_issue(triaged_issue_or_404(reference), form, status=status)
    db.session.commit()
    flash(_("Done: %(reference)s is updated.", reference=issue.reference), "success")
    return redirect(url_for("triage.issue_page", reference=issue.reference))


def _apply(issue: Issue, action: str, form: ActionForm) -> None:
    """Call the issue service that does `action` with what the leader wrote."""
    notes = {
        "public_note": form.public_note.data,
        "internal_note": form.internal_note.data,
    }
    if action == "note":
        issue_note(issue=issue, author=current_user, show_name=form.show_name.data, **notes)
    elif action == "merge":
        issue_merge(
            issue=issue,
            target=issue_by_reference(form.target.data),
            leader=current_user,
            show_name=form.show_name.data,
            expected_version=form.expected_version,
            **notes,
        )
    else:
        issue_transition(
            issue=issue,
            action=action,
            actor_user=current_user,
            actor=Actor.LEADER,
            show_actor_name=form.show_name.data,
            expected_version=form.expected_version,
            committee=committee_by_id(form.committee.data) if action == "escalate" else None,
            **notes,
        )


@bp.post("/issues/<reference>/hide")
def hide(reference: str):
    issue = triaged_issue_or_404(reference)
    form = HideForm(prefix="hide")
    if not form.validate():
        return _render_issue(issue, hide_form=form, status=400)
    try:
        issue_hide(issue=issue, leader=current_user, reason=form.reason.data)
    except IssueError as error:
        return _render_issue(issue, hide_form=form, status=refused(error, form))
    db.session.commit()
    flash(_("The text is hidden. The reason is shown in its place."), "success")
    return redirect(url_for("triage.issue_page", reference=issue.reference))


@bp.post("/issues/<reference>/unhide")
def unhide(reference: str):
    issue = triaged_issue_or_404(reference)
    try:
        issue_unhide(issue=issue, leader=current_user)
    except IssueError as error:
        refused(error)
        return redirect(url_for("triage.issue_page", reference=issue.reference))
    db.session.commit()
    flash(_("The text is shown again."), "success")
    return redirect(url_for("triage.issue_page", reference=issue.reference))


@bp.post("/issues/<reference>/clear-flags")
def clear_flags(reference: str):
    issue = triaged_issue_or_404(reference)
    issue_flags_clear(issue=issue, leader=current_user)
    db.session.commit()
    flash(_("The reports are cleared."), "success")
    return redirect(
        safe_next(request.form.get("next")) or url_for("triage.issue_page", reference=issue.reference)
    )


@bp.post("/issues/<reference>/focus-area")
def focus_area(reference: str):
    issue = triaged_issue_or_404(reference)
    allowed = focus_areas_to_tag()
    form = FocusAreaForm(prefix="focus")
    form.focus_area.choices = options([(0, "")] + [(f.id, f.display_title) for f in allowed])
    if not form.validate():
        flash(_("Choose one of this year's focus areas."), "error")
        return redirect(url_for("triage.issue_page", reference=issue.reference))
    chosen = next((f for f in allowed if f.id == form.focus_area.data), None)
    issue_focus_area_set(issue=issue, focus_area=chosen, leader=current_user, allowed=allowed)
    db.session.commit()
    flash(_("The focus area is saved."), "success")
    return redirect(url_for("triage.issue_page", reference=issue.reference))
