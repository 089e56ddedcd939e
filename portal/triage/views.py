"""Campus leaders' pages. Every route checks that the leader leads the issue's campus."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from portal.authz import Role, ensure
from portal.campuses.models import Campus
from portal.committee.models import Committee
from portal.core.navigation import safe_next
from portal.extensions import db
from portal.forms import options
from portal.issues.messages import issue_error_message
from portal.issues.models import Issue
from portal.issues.permissions import is_campus_leader
from portal.issues.queries import active_categories, issue_or_404
from portal.issues.service import IssueError
from portal.issues.workflow import STATUS_LABELS, Actor, Needs, Status, allowed_actions
from portal.triage import bp
from portal.triage.forms import ActionForm, FocusAreaForm, HideForm
from portal.triage.queries import (
    INBOX_STATUSES,
    age_days,
    counts,
    focus_areas_to_tag,
    inbox,
    is_overdue,
    led_campuses,
    moderation_queue,
    needs_attention,
)
from portal.triage.service import (
    moderation_clear_flags,
    moderation_hide,
    moderation_unhide,
    triage_act,
    triage_merge,
    triage_note,
    triage_tag_focus_area,
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


def _campus_or_403(code: str) -> Campus:
    campus = db.session.scalar(sa.select(Campus).where(Campus.code == code.upper()[:3]))
    if campus is None:
        abort(404)
    ensure(current_user.has_role(Role.CAMPUS_LEADER, campus=campus))
    return campus


def _triaged_issue(reference: str) -> Issue:
    issue = issue_or_404(reference)
    ensure(is_campus_leader(current_user, issue))
    return issue


@bp.get("/")
def index():
    campuses = led_campuses(current_user)
    return redirect(url_for("triage.campus_inbox", code=campuses[0].code))


@bp.get("/<code>/")
def campus_inbox(code: str):
    campus = _campus_or_403(code)
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
        inbox_statuses=INBOX_STATUSES,
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
    campus = _campus_or_403(code)
    return render_template("triage/moderation.html", campus=campus, issues=moderation_queue(campus=campus))


def _committee_choices():
    committees = db.session.scalars(
        sa.select(Committee).where(Committee.active).order_by(Committee.code)
    ).all()
    return options((c.id, c.name) for c in committees)


def _action_forms(issue: Issue, submitted: ActionForm | None = None) -> list[tuple[str, ActionForm]]:
    forms = []
    actions = [t.action for t in allowed_actions(Status(issue.status), Actor.LEADER)] + ["note"]
    for action in actions:
        if submitted is not None and submitted.action.data == action:
            form = submitted
        else:
            form = ActionForm(formdata=None, prefix=action, action=action, version=issue.version)
        form.committee.choices = _committee_choices()
        form.public_note.label.text = ACTION_TEXTS[action][1]
        forms.append((action, form))
    return forms


def _focus_form(issue: Issue, allowed: list) -> FocusAreaForm:
    form = FocusAreaForm(prefix="focus", formdata=None, focus_area=issue.focus_area_id or 0)
    form.focus_area.choices = options([(0, _("No focus area"))] + [(f.id, f.display_title) for f in allowed])
    return form


def _render_issue(
    issue: Issue, submitted: ActionForm | None = None, hide_form: HideForm | None = None, status=200
):
    allowed = focus_areas_to_tag()
    return (
        render_template(
            "triage/issue.html",
            issue=issue,
            events=issue.events,
            action_forms=_action_forms(issue, submitted),
            action_texts=ACTION_TEXTS,
            hide_form=hide_form or HideForm(prefix="hide"),
            focus_form=_focus_form(issue, allowed) if allowed or issue.focus_area_id else None,
            age=age_days(issue),
            overdue=is_overdue(issue, issue.campus),
            show_internal=True,
        ),
        status,
    )


@bp.get("/issues/<reference>")
def issue_page(reference: str):
    return _render_issue(_triaged_issue(reference))


def _needs(action: str) -> Needs:
    from portal.issues.workflow import transition_for

    transition = transition_for(action)
    return transition.needs if transition else Needs.NOTHING


@bp.post("/issues/<reference>/act/<action>")
def act(reference: str, action: str):
    issue = _triaged_issue(reference)
    if action not in ACTION_TEXTS:
        abort(404)
    form = ActionForm(prefix=action)
    form.action.data = action
    form.committee.choices = _committee_choices()
    if not form.validate():
        return _render_issue(issue, form, status=400)
    needs = _needs(action)
    if needs not in (Needs.NOTHING, Needs.TARGET) and not form.public_note.data:
        form.public_note.errors.append(_("Write the text the student will see."))
        return _render_issue(issue, form, status=400)
    version = int(form.version.data) if (form.version.data or "").isdigit() else None
    try:
        if action == "note":
            triage_note(
                issue=issue,
                leader=current_user,
                public_note=form.public_note.data,
                internal_note=form.internal_note.data,
                show_name=form.show_name.data,
            )
        elif action == "merge":
            target = db.session.scalar(sa.select(Issue).where(Issue.reference == (form.target.data or "")))
            triage_merge(
                issue=issue,
                target=target,
                leader=current_user,
                public_note=form.public_note.data,
                internal_note=form.internal_note.data,
                show_name=form.show_name.data,
                expected_version=version,
            )
        else:
            committee = (
                db.session.get(Committee, form.committee.data)
                if action == "escalate" and form.committee.data
                else None
            )
            triage_act(
                issue=issue,
                action=action,
                leader=current_user,
                public_note=form.public_note.data,
                internal_note=form.internal_note.data,
                show_name=form.show_name.data,
                expected_version=version,
                committee=committee,
            )
    except IssueError as error:
        db.session.rollback()
        issue = issue_or_404(reference)
        field = (
            form.target
            if error.code.startswith("merge-")
            else form.committee
            if error.code == "committee-needed"
            else form.public_note
        )
        field.errors.append(triage_error_message(error.code))
        return _render_issue(issue, form, status=409 if error.code == "stale" else 400)
    db.session.commit()
    flash(_("Done: %(reference)s is updated.", reference=issue.reference), "success")
    return redirect(url_for("triage.issue_page", reference=issue.reference))


def triage_error_message(code: str) -> str:
    return {
        "merge-unknown": _("There is no issue with that reference."),
        "merge-itself": _("An issue cannot be merged into itself."),
        "merge-closed": _("That issue is merged, rejected or closed; choose an open one."),
        "merge-other-campus": _(
            "Merge only into an issue on the same campus, or one already sent to the committee."
        ),
        "merge-confidential": _("Confidential issues cannot be merged."),
        "committee-needed": _("Choose the committee."),
    }.get(code) or issue_error_message(code)


@bp.post("/issues/<reference>/hide")
def hide(reference: str):
    issue = _triaged_issue(reference)
    form = HideForm(prefix="hide")
    if not form.validate():
        return _render_issue(issue, hide_form=form, status=400)
    moderation_hide(issue=issue, leader=current_user, reason=form.reason.data)
    db.session.commit()
    flash(_("The text is hidden. The reason is shown in its place."), "success")
    return redirect(url_for("triage.issue_page", reference=issue.reference))


@bp.post("/issues/<reference>/unhide")
def unhide(reference: str):
    issue = _triaged_issue(reference)
    moderation_unhide(issue=issue, leader=current_user)
    db.session.commit()
    flash(_("The text is shown again."), "success")
    return redirect(url_for("triage.issue_page", reference=issue.reference))


@bp.post("/issues/<reference>/clear-flags")
def clear_flags(reference: str):
    issue = _triaged_issue(reference)
    moderation_clear_flags(issue=issue, leader=current_user)
    db.session.commit()
    flash(_("The reports are cleared."), "success")
    return redirect(
        safe_next(request.form.get("next")) or url_for("triage.issue_page", reference=issue.reference)
    )


@bp.post("/issues/<reference>/focus-area")
def focus_area(reference: str):
    issue = _triaged_issue(reference)
    allowed = focus_areas_to_tag()
    form = FocusAreaForm(prefix="focus")
    form.focus_area.choices = options([(0, "")] + [(f.id, f.display_title) for f in allowed])
    if not form.validate():
        flash(_("Choose one of this year's focus areas."), "error")
        return redirect(url_for("triage.issue_page", reference=issue.reference))
    chosen = next((f for f in allowed if f.id == form.focus_area.data), None)
    triage_tag_focus_area(issue=issue, focus_area=chosen, leader=current_user, allowed=allowed)
    db.session.commit()
    flash(_("The focus area is saved."), "success")
    return redirect(url_for("triage.issue_page", reference=issue.reference))
