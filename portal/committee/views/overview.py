"""For secretaries and members: the committee page, the escalated inbox, the issues sent to
the committee, and (secretaries) sending an issue back to its campus council."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.authz import Role, ensure
from portal.committee import bp
from portal.committee.composition import composition_on
from portal.committee.errors import CommitteeError
from portal.committee.forms import SendBackForm
from portal.committee.loaders import managed_issue_or_404, readable_committee_or_404, readable_issue_or_404
from portal.committee.permissions import can_manage
from portal.committee.queries import (
    AGE_CHOICES,
    active_committees,
    committee_people,
    committees_of,
    days_waiting,
    escalated_count,
    escalated_page,
    item_of_issue,
    known_id,
    meetings_of,
    today_oslo,
)
from portal.committee.service import issue_send_back, local_year
from portal.db import utcnow
from portal.errors import refused
from portal.extensions import db
from portal.issues.models import Issue
from portal.issues.queries import active_campuses, active_categories


@bp.get("/")
def index():
    """The committees the person reads (role or seat); for campus leaders, the active committees
    they can propose items to and answer for."""
    readable = committees_of(current_user)
    others = []
    if current_user.has_role(Role.CAMPUS_LEADER):
        known = {c.id for c in readable}
        others = [c for c in active_committees() if c.id not in known]
    ensure(bool(readable or others))
    if len(readable) == 1 and not others:
        return redirect(url_for("committee.overview", code=readable[0].code))
    if len(others) == 1 and not readable:
        return redirect(url_for("committee.contribute", code=others[0].code))
    return render_template(
        "committee/index.html", committees=[*readable, *others], readable={c.id for c in readable}
    )


@bp.get("/<code>/")
def overview(code: str):
    committee = readable_committee_or_404(code)
    return render_template(
        "committee/overview.html",
        committee=committee,
        meetings=meetings_of(committee),
        escalated=escalated_count(committee),
        people=committee_people(committee),
        composition=composition_on(committee, today_oslo()),
        manage=can_manage(current_user, committee),
        year=local_year(utcnow()),
    )


@bp.get("/<code>/inbox")
def inbox(code: str):
    committee = readable_committee_or_404(code)
    campus_id = request.args.get("campus", type=int)
    category_id = request.args.get("category", type=int)
    age = request.args.get("age", type=int)
    age = age if age in AGE_CHOICES else None
    page = request.args.get("page", 1, type=int)
    page = page if 0 < page < 100_000 else 1
    opened = request.args.get("group", type=int)
    inbox_page = escalated_page(
        committee,
        campus_id=campus_id if known_id(campus_id) else None,
        category_id=category_id if known_id(category_id) else None,
        min_age_days=age,
        page=page,
        opened=opened if known_id(opened) else None,
    )
    filters = {"campus": campus_id, "category": category_id, "age": age}
    return render_template(
        "committee/inbox.html",
        committee=committee,
        inbox=inbox_page,
        groups=inbox_page.blocks,
        campuses=active_campuses(),
        categories=active_categories(),
        ages=AGE_CHOICES,
        filters=filters,
        # The page's links keep the filters that are set (and the page, to open a group).
        list_args={name: value for name, value in filters.items() if value},
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
    committee, issue = readable_issue_or_404(code, reference)
    return _render_issue(committee, issue)


@bp.post("/<code>/issues/<reference>/send-back")
def send_back(code: str, reference: str):
    committee, issue = managed_issue_or_404(code, reference)
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
        status = refused(error, form)
        committee, issue = managed_issue_or_404(code, reference)
        if error.code == "stale":
            form.version.data = str(issue.version)
        return _render_issue(committee, issue, form, status)
    db.session.commit()
    flash(_("%(reference)s is sent back to its campus council.", reference=issue.reference), "success")
    return redirect(url_for("committee.inbox", code=committee.code))
