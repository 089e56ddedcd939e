from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.extensions import db
from portal.notifications import bp
from portal.notifications.forms import EmailPreferencesForm
from portal.notifications.kinds import kinds_for, render_notification
from portal.notifications.queries import notifications_of, own_notification
from portal.notifications.service import (
    email_wanted,
    notification_url,
    notifications_mark_read,
    preferences_save,
)


@bp.before_request
@login_required
def _signed_in_only():
    pass


@bp.get("/")
def index():
    page = db.paginate(notifications_of(current_user), per_page=30, error_out=False)
    items = [(n, render_notification(n.kind, n.params)) for n in page.items]
    return render_template("notifications/index.html", page=page, items=items)


@bp.post("/read")
def mark_read():
    notifications_mark_read(user=current_user)
    db.session.commit()
    flash(_("All notifications are marked as read."), "success")
    return redirect(url_for("notifications.index"))


@bp.get("/<int:notification_id>")
def open_notification(notification_id: int):
    """Mark one as read and go where it points."""
    notification = own_notification(current_user, notification_id)
    if notification is None:
        return redirect(url_for("notifications.index"))
    notifications_mark_read(user=current_user, notification_ids=[notification.id])
    db.session.commit()
    return redirect(notification_url(notification) or url_for("notifications.index"))


@bp.route("/settings", methods=["GET", "POST"])
def settings():
    form = EmailPreferencesForm(user=current_user)
    if request.method == "GET":
        form.kinds.data = [kind for kind in kinds_for(current_user) if email_wanted(current_user, kind)]
    if form.validate_on_submit():
        preferences_save(user=current_user, enabled_kinds=set(form.kinds.data or []))
        db.session.commit()
        flash(_("Your e-mail settings are saved."), "success")
        return redirect(url_for("notifications.settings"))
    return render_template("notifications/settings.html", form=form)
