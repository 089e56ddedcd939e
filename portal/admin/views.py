"""Administrator pages: organisation (campuses, categories, committees), people and roles, audit log."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from portal.accounts.models import RoleGrant, User
from portal.accounts.service import AccountError, role_grant, role_revoke, user_set_active
from portal.admin import bp
from portal.admin.forms import (
    ROLE_LABELS,
    AuditFilterForm,
    CampusForm,
    CategoryForm,
    CommitteeForm,
    GrantRoleForm,
)
from portal.admin.queries import (
    audit_actions_present,
    audit_events,
    audit_target_names,
    campuses_by_code,
    committees_by_code,
    organisation_rows,
    users_matching,
)
from portal.audit.labels import action_choices, action_label, changes, target_label
from portal.authz import Role, ensure
from portal.campuses.models import Campus, Category
from portal.campuses.service import OrganisationError, campus_save, category_save
from portal.committee.models import Committee
from portal.committee.service import committee_save
from portal.errors import refusal_status, refused
from portal.extensions import db
from portal.forms import clean_text, options
from portal.issues.workflow import status_label

AUDIT_PER_PAGE = 25


@bp.before_request
@login_required
def _administrators_only():
    ensure(current_user.has_role(Role.ADMINISTRATOR))


@bp.get("/")
def index():
    return render_template("admin/index.html")


@dataclass(frozen=True)
class OrganisationKind:
    model: Any
    form: type
    save: Callable[..., Any]
    title: object
    singular: object
    order_by: object
    code_field: str


KINDS = {
    "campuses": OrganisationKind(
        Campus, CampusForm, campus_save, _l("Campuses"), _l("campus"), Campus.code, "code"
    ),
    "categories": OrganisationKind(
        Category, CategoryForm, category_save, _l("Categories"), _l("category"), Category.position, "slug"
    ),
    "committees": OrganisationKind(
        Committee, CommitteeForm, committee_save, _l("Committees"), _l("committee"), Committee.code, "code"
    ),
}


def _kind(kind: str) -> OrganisationKind:
    if kind not in KINDS:
        abort(404)
    return KINDS[kind]


@bp.get("/<kind>/")
def organisation_list(kind: str):
    spec = _kind(kind)
    rows = organisation_rows(spec.model, spec.order_by)
    return render_template("admin/organisation_list.html", kind=kind, spec=spec, rows=rows)


@bp.route("/<kind>/new", methods=["GET", "POST"])
@bp.route("/<kind>/<int:row_id>", methods=["GET", "POST"])
def organisation_edit(kind: str, row_id: int | None = None):
    spec = _kind(kind)
    row = db.get_or_404(spec.model, row_id) if row_id is not None else None
    form = spec.form(obj=row)
    status = 200
    if form.validate_on_submit():
        values = {name: field.data for name, field in form._fields.items() if name != "csrf_token"}
        try:
            spec.save(**{spec.model.__tablename__: row, "values": values, "actor": current_user})
        except OrganisationError as error:
            status = refused(error, form)
            row = db.session.get(spec.model, row_id) if row_id is not None else None
        else:
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("admin.organisation_list", kind=kind))
    return render_template(
        "admin/organisation_edit.html", kind=kind, spec=spec, row=row, form=form
    ), refusal_status(form, status)


@bp.get("/users/")
def users():
    query = clean_text(request.args.get("q") or "").strip()[:100]
    page = db.paginate(users_matching(query), per_page=50, error_out=False)
    return render_template("admin/users.html", page=page, query=query, role_labels=ROLE_LABELS)


def _grant_form() -> GrantRoleForm:
    form = GrantRoleForm()
    form.campus.choices = options([(0, "—")] + [(c.id, f"{c.code} – {c.name}") for c in campuses_by_code()])
    form.committee.choices = options(
        [(0, "—")] + [(c.id, f"{c.code} – {c.name}") for c in committees_by_code()]
    )
    return form


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def user_detail(user_id: int):
    user = db.get_or_404(User, user_id)
    form = _grant_form()
    status = 200
    if form.validate_on_submit():
        role = Role(form.role.data)
        campus = db.session.get(Campus, form.campus.data) if form.campus.data else None
        committee = db.session.get(Committee, form.committee.data) if form.committee.data else None
        try:
            role_grant(user=user, role=role, campus=campus, committee=committee, actor=current_user)
        except AccountError as error:
            status = refused(error, form)
            user = db.get_or_404(User, user_id)
        else:
            db.session.commit()
            flash(_("The role is given."), "success")
            return redirect(url_for("admin.user_detail", user_id=user.id))
    return render_template(
        "admin/user_detail.html", user=user, form=form, role_labels=ROLE_LABELS
    ), refusal_status(form, status)


@bp.post("/users/<int:user_id>/roles/<int:grant_id>/revoke")
def revoke_role(user_id: int, grant_id: int):
    grant = db.get_or_404(RoleGrant, grant_id)
    if grant.user_id != user_id:
        abort(404)
    if grant.user_id == current_user.id and grant.role == Role.ADMINISTRATOR:
        flash(_("You cannot take away your own administrator role."), "error")
        return redirect(url_for("admin.user_detail", user_id=user_id))
    role_revoke(grant=grant, actor=current_user)
    db.session.commit()
    flash(_("The role is taken away."), "success")
    return redirect(url_for("admin.user_detail", user_id=user_id))


@bp.post("/users/<int:user_id>/active")
def set_active(user_id: int):
    user = db.get_or_404(User, user_id)
    if user.id == current_user.id:
        flash(_("You cannot deactivate your own account."), "error")
        return redirect(url_for("admin.user_detail", user_id=user_id))
    user_set_active(user=user, active=request.form.get("active") == "1", actor=current_user)
    db.session.commit()
    flash(_("Saved."), "success")
    return redirect(url_for("admin.user_detail", user_id=user_id))


@bp.get("/audit")
def audit_log():
    form = AuditFilterForm(request.args)
    form.action.choices = options([("", _("All actions")), *action_choices(audit_actions_present())])
    if not form.validate() or not form.action.data:
        # An unknown or broken value (typed into the address) is ignored: the whole log is shown.
        form.action.data, form.action.errors = "", []
    action = form.action.data
    page = db.paginate(audit_events(action), per_page=AUDIT_PER_PAGE, error_out=False)
    # Ids of campuses and committees in the stored fields are shown by name (two small tables).
    words = {
        "role": _name_of({role.value: label for role, label in ROLE_LABELS.items()}),
        "campus_id": _name_of({c.id: c.name for c in campuses_by_code()}),
        **dict.fromkeys(
            ("committee", "committee_id"), _name_of({c.id: c.name for c in committees_by_code()})
        ),
    }
    return render_template(
        "admin/audit.html",
        page=page,
        form=form,
        action=action,
        names=audit_target_names(page.items),
        action_label=action_label,
        target_label=target_label,
        changes=lambda event: changes(
            event.before,
            event.after,
            values={**words, "status": status_words} if event.target_type == "issue" else words,
        ),
    )


def _name_of(names: dict):
    return lambda value: names.get(value, value) if isinstance(value, int | str) else value


def status_words(value):
    try:
        return status_label(value)
    except ValueError:
        return value
