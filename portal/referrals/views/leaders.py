"""Referring an issue to a responsible unit, and taking a referral back."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.errors import refusal_status, refused
from portal.extensions import db
from portal.forms import options
from portal.issues.workflow import Actor, permitted
from portal.referrals import bp
from portal.referrals.forms import ReferForm, WithdrawForm
from portal.referrals.loaders import referable_issue_or_404, withdrawable_referral_or_404
from portal.referrals.queries import active_units, unit_by_id
from portal.referrals.service import ReferralError, default_due_on, referral_create, referral_withdraw


@bp.before_request
@login_required
def _signed_in_only():
    pass


def _back(issue, actor: Actor):
    if actor == Actor.LEADER:
        return redirect(url_for("triage.issue_page", reference=issue.reference))
    return redirect(url_for("issues.detail", reference=issue.reference))


@bp.route("/issues/<reference>/refer", methods=["GET", "POST"])
def refer(reference: str):
    issue, actor = referable_issue_or_404(reference)
    form = ReferForm()
    form.unit.choices = options([(0, _("Choose a unit"))] + [(u.id, u.name) for u in active_units()])
    status = 200
    if not form.is_submitted():
        form.version.data = issue.version
        form.due_on.data = default_due_on()
    elif form.validate():
        try:
            referral = referral_create(
                issue=issue,
                unit=unit_by_id(form.unit.data),
                due_on=form.due_on.data,
                message=form.message.data,
                public_note=form.public_note.data,
                actor_user=current_user,
                actor=actor,
                expected_version=form.expected_version,
            )
        except ReferralError as error:
            status = refused(error, form)
            issue, actor = referable_issue_or_404(reference)
        else:
            db.session.commit()
            flash(
                _(
                    "%(reference)s is referred to %(unit)s. They have been sent an e-mail with a link to answer.",
                    reference=issue.reference,
                    unit=referral.unit.name,
                ),
                "success",
            )
            return _back(issue, actor)
    return render_template(
        "referrals/refer.html",
        issue=issue,
        form=form,
        referable=permitted(issue.status, "refer", actor) is not None,
        back_to_triage=actor == Actor.LEADER,
    ), refusal_status(form, status)


@bp.post("/<int:referral_id>/withdraw")
def withdraw(referral_id: int):
    referral = withdrawable_referral_or_404(referral_id)
    form = WithdrawForm()
    issue = referral.issue
    if not form.validate():
        flash(_("The message is too long."), "error")
        return redirect(url_for("triage.issue_page", reference=issue.reference))
    try:
        referral_withdraw(referral=referral, leader=current_user, public_note=form.public_note.data)
    except ReferralError as error:
        refused(error)
        return redirect(url_for("triage.issue_page", reference=issue.reference))
    db.session.commit()
    flash(_("The referral is withdrawn. The issue is back in your inbox as accepted."), "success")
    return redirect(url_for("triage.issue_page", reference=issue.reference))
