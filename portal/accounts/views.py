from __future__ import annotations

import json

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from portal.accounts import bp
from portal.accounts.devices import remember_device
from portal.accounts.forms import (
    ChangePasswordForm,
    DeleteAccountForm,
    EmailOnlyForm,
    ProfileForm,
    RegisterForm,
    ResetPasswordForm,
    SignInForm,
)
from portal.accounts.limits import note_failed_sign_in, sign_in_limits
from portal.accounts.passwords import verify_password
from portal.accounts.privacy import account_delete, export_user_data
from portal.accounts.queries import campus_choices
from portal.accounts.service import (
    email_verify,
    password_reset_request,
    password_reset_user,
    password_set,
    profile_update,
    user_authenticate,
    user_register,
    user_sessions_end,
    user_signed_in,
    verification_resend,
)
from portal.accounts.timing import answer_no_sooner_than
from portal.campuses.models import Campus
from portal.core.navigation import safe_next
from portal.extensions import configured_limit, db, limiter
from portal.i18n import current_language


def _has_remember_cookie() -> bool:
    return bool(request.cookies.get(current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")))


def _email_key() -> str:
    return "email:" + (request.form.get("email") or "").strip().lower()[:254]


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(configured_limit("RATELIMIT_REGISTER"), methods=["POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    form = RegisterForm()
    form.home_campus.choices = campus_choices()
    if request.method == "GET":
        form.locale.data = current_language()
    if form.validate_on_submit():
        campus = db.session.get(Campus, form.home_campus.data)
        user_register(
            name=form.name.data,
            email=form.email.data,
            password=form.password.data,
            home_campus=campus,
            locale=form.locale.data,
        )
        db.session.commit()
        return render_template("accounts/check_email.html", email=form.email.data)
    return render_template("accounts/register.html", form=form)


@bp.get("/verify/<token>")
def verify_email(token: str):
    user = email_verify(token)
    if user is None:
        flash(_("The confirmation link is not valid any more. Ask for a new one below."), "error")
        return redirect(url_for("accounts.resend_verification"))
    db.session.commit()
    flash(_("Your e-mail address is confirmed. You can sign in now."), "success")
    return redirect(url_for("accounts.sign_in"))


@bp.route("/verify", methods=["GET", "POST"])
@limiter.limit(configured_limit("RATELIMIT_RESET"), methods=["POST"])
def resend_verification():
    form = EmailOnlyForm()
    if form.validate_on_submit():
        with answer_no_sooner_than():
            verification_resend(email=form.email.data)
            db.session.commit()
        return render_template("accounts/check_email.html", email=form.email.data)
    return render_template("accounts/resend_verification.html", form=form)


@bp.route("/sign-in", methods=["GET", "POST"])
@sign_in_limits
def sign_in():
    next_url = safe_next(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(next_url or url_for("core.home"))
    form = SignInForm()
    if form.validate_on_submit():
        user = user_authenticate(email=form.email.data, password=form.password.data)
        if user is None:
            note_failed_sign_in()
            # The same words whether the address is unknown or the password wrong.
            form.password.errors.append(_("The e-mail address or the password is wrong."))
        elif not user.email_verified:
            db.session.commit()
            return render_template("accounts/unverified.html", email=user.email)
        else:
            user_signed_in(user)
            db.session.commit()
            login_user(user, remember=form.remember.data)
            flash(_("You are signed in."), "success")
            response = redirect(next_url or url_for("core.home"))
            remember_device(response, user.email)
            return response
    return render_template("accounts/sign_in.html", form=form)


@bp.post("/sign-out")
def sign_out():
    if current_user.is_authenticated:
        # Ended on the server: a copied session or remember-me cookie must not outlive it.
        user_sessions_end(user=current_user._get_current_object())
        db.session.commit()
    logout_user()
    flash(_("You are signed out on all your devices."), "success")
    return redirect(url_for("core.home"))


@bp.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit(configured_limit("RATELIMIT_RESET"), methods=["POST"])
@limiter.limit(configured_limit("RATELIMIT_RESET"), methods=["POST"], key_func=_email_key)
def forgot_password():
    form = EmailOnlyForm()
    if form.validate_on_submit():
        with answer_no_sooner_than():
            password_reset_request(email=form.email.data)
            db.session.commit()
        return render_template("accounts/reset_sent.html", email=form.email.data)
    return render_template("accounts/forgot_password.html", form=form)


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@limiter.limit(configured_limit("RATELIMIT_RESET"), methods=["POST"])
def reset_password(token: str):
    user = password_reset_user(token)
    if user is None:
        flash(_("The link is not valid any more. Ask for a new one."), "error")
        return redirect(url_for("accounts.forgot_password"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        password_set(user=user, password=form.password.data)
        db.session.commit()
        logout_user()
        flash(_("Your password is changed. Sign in with the new one."), "success")
        response = redirect(url_for("accounts.sign_in"))
        # The link in the mail proves the address: no one else's failures block this browser.
        remember_device(response, user.email)
        return response
    return render_template("accounts/reset_password.html", form=form)


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(prefix="profile", obj=None)
    form.home_campus.choices = campus_choices(include_none=_("No home campus"))
    if request.method == "GET":
        form.name.data = current_user.name
        form.home_campus.data = current_user.home_campus_id or 0
        form.locale.data = current_user.locale
    if form.validate_on_submit():
        campus = db.session.get(Campus, form.home_campus.data) if form.home_campus.data else None
        profile_update(user=current_user, name=form.name.data, home_campus=campus, locale=form.locale.data)
        db.session.commit()
        flash(_("Your profile is saved."), "success")
        return redirect(url_for("accounts.profile"))
    return render_template("accounts/profile.html", form=form, password_form=ChangePasswordForm(prefix="pw"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm(prefix="pw")
    if form.validate_on_submit():
        user = current_user._get_current_object()
        if not verify_password(user.password_hash, form.current_password.data):
            form.current_password.errors.append(_("The current password is wrong."))
        else:
            # Read before the new sign-in: was "keep me signed in" chosen on this device?
            remembered = _has_remember_cookie()
            password_set(user=user, password=form.password.data)
            db.session.commit()
            # The session token changed; sign in again on this device with the new one.
            login_user(user, remember=remembered)
            flash(_("Your password is changed. Other devices are signed out."), "success")
            return redirect(url_for("accounts.profile"))
    return render_template("accounts/change_password.html", form=form)


@bp.get("/export")
@login_required
def export():
    """All the data the portal holds about the signed-in person, as a JSON file."""
    data = export_user_data(current_user)
    body = json.dumps(data, ensure_ascii=False, indent=2)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": 'attachment; filename="laeringsmiljoportalen-data.json"'},
    )


@bp.route("/delete", methods=["GET", "POST"])
@login_required
def delete_account():
    user = current_user._get_current_object()
    form = DeleteAccountForm()
    if form.validate_on_submit():
        if user.password_hash and not verify_password(user.password_hash, form.password.data or ""):
            form.password.errors.append(_("The password is wrong."))
        else:
            account_delete(user=user)
            db.session.commit()
            logout_user()
            flash(_("Your account is deleted. What you raised stays as anonymous issues."), "success")
            return redirect(url_for("core.home"))
    return render_template("accounts/delete.html", form=form, needs_password=bool(user.password_hash))
