"""Administrators keep the list of responsible units (name in nb/nn/en, contact e-mail, language)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.authz import ensure
from portal.errors import refusal_status, refused
from portal.extensions import db
from portal.referrals import admin_bp
from portal.referrals.forms import UnitForm
from portal.referrals.permissions import can_keep_units
from portal.referrals.queries import unit_or_404, units_all
from portal.referrals.service import UNIT_FIELDS, ReferralError, unit_save


@admin_bp.before_request
@login_required
def _administrators_only():
    ensure(can_keep_units(current_user))


@admin_bp.get("/")
def units():
    return render_template("referrals/units.html", units=units_all())


@admin_bp.route("/new", methods=["GET", "POST"])
@admin_bp.route("/<int:unit_id>", methods=["GET", "POST"])
def unit_edit(unit_id: int | None = None):
    unit = unit_or_404(unit_id) if unit_id is not None else None
    form = UnitForm(obj=unit)
    status = 200
    if form.validate_on_submit():
        values = {name: form[name].data for name in UNIT_FIELDS}
        try:
            unit_save(unit=unit, values=values, actor=current_user)
        except ReferralError as error:
            status = refused(error, form)
            unit = unit_or_404(unit_id) if unit_id is not None else None
        else:
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("referral_units.units"))
    return render_template("referrals/unit_edit.html", unit=unit, form=form), refusal_status(form, status)
