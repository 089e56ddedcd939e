"""The committee's members and composition: everyone who reads the committee sees who sits on
it and whether the composition meets the rule; the secretary adds members, changes or ends
terms, sets the chair and vice-chair per year and the committee's language and rule."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.accounts.queries import user_by_email
from portal.committee import bp
from portal.committee.composition import composition_on
from portal.committee.errors import CommitteeError
from portal.committee.forms import ChairForm, MemberEditForm, MemberForm, SettingsForm
from portal.committee.loaders import (
    managed_committee_or_404,
    managed_member_or_404,
    readable_committee_or_404,
)
from portal.committee.membership import (
    chair_set,
    committee_settings_save,
    member_add,
    member_remove,
    member_update,
)
from portal.committee.models import VOTING_SEATS
from portal.committee.permissions import can_manage
from portal.committee.queries import chairs_of, member_by_id, members_of, today_oslo
from portal.errors import refused
from portal.extensions import db
from portal.forms import options


def _chair_choices(form: ChairForm, members) -> None:
    voting = [m for m in members if not m.substitute and m.seat in VOTING_SEATS]
    labels = [(m.id, f"{m.name} ({m.term_start.year}–{m.term_end.year})") for m in voting]
    form.chair.choices = options([(0, "–"), *labels])
    form.vice_chair.choices = options([(0, "–"), *labels])


def _render_members(committee, chair_form: ChairForm | None = None, status: int = 200):
    members = members_of(committee)
    today = today_oslo()
    manage = can_manage(current_user, committee)
    if manage and chair_form is None:
        chair_form = ChairForm(year=today.year)
        _chair_choices(chair_form, members)
    return (
        render_template(
            "committee/members.html",
            committee=committee,
            composition=composition_on(committee, today),
            current=[m for m in members if m.serves_on(today)],
            coming=[m for m in members if m.term_start > today],
            past=[m for m in members if m.term_end < today],
            chairs=chairs_of(committee),
            manage=manage,
            chair_form=chair_form,
            today=today,
        ),
        status,
    )


@bp.get("/<code>/members")
def members(code: str):
    return _render_members(readable_committee_or_404(code))


@bp.route("/<code>/members/new", methods=["GET", "POST"])
def member_new(code: str):
    committee = managed_committee_or_404(code)
    form = MemberForm()
    if request.method == "GET":
        form.term_start.data = today_oslo()
        return render_template("committee/member_form.html", committee=committee, form=form, member=None)
    status = 400
    if form.validate_on_submit():
        user = None
        if form.account_email.data:
            user = user_by_email(form.account_email.data)
            if user is None:
                form.account_email.errors.append(
                    _("No account has that e-mail address. Leave it empty and write the name instead.")
                )
        if not form.errors:
            try:
                member = member_add(
                    committee=committee,
                    actor=current_user,
                    user=user,
                    name=None if user else form.name.data,
                    email=None if user else form.contact_email.data,
                    seat=form.seat.data or "",
                    substitute=form.substitute.data,
                    rank=form.rank.data or 0,
                    term_start=form.term_start.data,
                    term_end=form.term_end.data,
                )
            except CommitteeError as error:
                status = refused(error, form)
            else:
                db.session.commit()
                flash(_("%(name)s is added to the committee.", name=member.name), "success")
                return redirect(url_for("committee.members", code=committee.code))
    return (
        render_template(
            "committee/member_form.html", committee=managed_committee_or_404(code), form=form, member=None
        ),
        status,
    )


@bp.route("/<code>/members/<int:member_id>/edit", methods=["GET", "POST"])
def member_edit(code: str, member_id: int):
    member = managed_member_or_404(code, member_id)
    form = MemberEditForm()
    if request.method == "GET":
        form.seat.data = member.seat
        form.substitute.data = member.substitute
        form.rank.data = member.rank
        form.term_start.data, form.term_end.data = member.term_start, member.term_end
        form.contact_email.data = member.email
        form.version.data = str(member.version)
        return _render_member_form(code, member, form)
    status = 400
    if form.validate_on_submit():
        try:
            member_update(
                member=member,
                actor=current_user,
                seat=form.seat.data or "",
                term_start=form.term_start.data,
                term_end=form.term_end.data,
                substitute=form.substitute.data,
                rank=form.rank.data or 0,
                email=form.contact_email.data,
                expected_version=form.expected_version,
            )
        except CommitteeError as error:
            status = refused(error, form)
            member = managed_member_or_404(code, member_id)
            form.version.data = str(member.version)
        else:
            db.session.commit()
            flash(_("The membership of %(name)s is saved.", name=member.name), "success")
            return redirect(url_for("committee.members", code=code))
    return _render_member_form(code, member, form, status)


def _render_member_form(code: str, member, form, status: int = 200):
    committee = managed_committee_or_404(code)
    return render_template(
        "committee/member_form.html", committee=committee, form=form, member=member
    ), status


@bp.post("/<code>/members/<int:member_id>/remove")
def member_delete(code: str, member_id: int):
    member = managed_member_or_404(code, member_id)
    name, committee_code = member.name, member.committee.code
    try:
        member_remove(member=member, actor=current_user)
    except CommitteeError as error:
        refused(error)
        return redirect(url_for("committee.member_edit", code=committee_code, member_id=member_id))
    db.session.commit()
    flash(_("%(name)s is removed from the list of members.", name=name), "success")
    return redirect(url_for("committee.members", code=committee_code))


@bp.post("/<code>/members/chair")
def chair(code: str):
    committee = managed_committee_or_404(code)
    form = ChairForm()
    _chair_choices(form, members_of(committee))
    if not form.validate():
        return _render_members(committee, form, 400)
    try:
        chair_set(
            committee=committee,
            year=form.year.data,
            chair=member_by_id(committee.id, form.chair.data),
            vice_chair=member_by_id(committee.id, form.vice_chair.data) if form.vice_chair.data else None,
            actor=current_user,
        )
    except CommitteeError as error:
        status = refused(error, form)
        committee = managed_committee_or_404(code)
        _chair_choices(form, members_of(committee))
        return _render_members(committee, form, status)
    db.session.commit()
    flash(_("The chair for %(year)s is saved.", year=form.year.data), "success")
    return redirect(url_for("committee.members", code=committee.code))


@bp.route("/<code>/settings", methods=["GET", "POST"])
def settings(code: str):
    committee = managed_committee_or_404(code)
    form = SettingsForm()
    if request.method == "GET":
        form.language.data = committee.language
        form.composition_rule.data = committee.composition_rule
        form.chair_alternates.data = committee.chair_alternates
        return render_template("committee/settings.html", committee=committee, form=form)
    status = 400
    if form.validate_on_submit():
        try:
            committee_settings_save(
                committee=committee,
                language=form.language.data or "",
                composition_rule=form.composition_rule.data or "",
                chair_alternates=form.chair_alternates.data,
                actor=current_user,
            )
        except CommitteeError as error:
            status = refused(error, form)
        else:
            db.session.commit()
            flash(_("The committee's settings are saved."), "success")
            return redirect(url_for("committee.members", code=committee.code))
    return render_template(
        "committee/settings.html", committee=managed_committee_or_404(code), form=form
    ), status
