from __future__ import annotations

from flask import abort, current_app, make_response, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from portal.core import bp
from portal.core.navigation import safe_next
from portal.extensions import db
from portal.i18n import LANGUAGE_COOKIE, LANGUAGES, current_language


@bp.get("/")
def home():
    from portal.audit.labels import action_label
    from portal.core.home import COMMITTEE_OVERDUE_DAYS, committee_desks, recent_audit_events
    from portal.issues.permissions import can_raise
    from portal.issues.queries import active_campuses
    from portal.triage.queries import counts, led_campuses

    inboxes, desks, audit = [], [], []
    if current_user.is_authenticated:
        if current_user.led_campus_ids:
            inboxes = [(campus, counts(campus)) for campus in led_campuses(current_user)]
        desks = committee_desks(current_user)
        if current_user.is_admin:
            audit = recent_audit_events()
    return render_template(
        "core/home.html",
        home_campuses=active_campuses(),
        inboxes=inboxes,
        desks=desks,
        audit_events=audit,
        raises=can_raise(current_user),
        overdue_days=COMMITTEE_OVERDUE_DAYS,
        audit_action_label=action_label,
    )


@bp.get("/language/<code>")
def switch_language(code: str):
    """The language switch: a plain link, so it works without JavaScript."""
    if code not in LANGUAGES:
        abort(404)
    response = make_response(redirect(safe_next(request.args.get("next")) or url_for("core.home")))
    response.set_cookie(
        LANGUAGE_COOKIE,
        code,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        httponly=True,
        secure=request.is_secure,
    )
    if current_user.is_authenticated and current_user.locale != code:
        current_user.locale = code
        db.session.commit()
    return response


@bp.get("/privacy")
def privacy():
    return render_template(f"core/privacy_{current_language()}.html")


@bp.get("/accessibility")
def accessibility():
    return render_template(f"core/accessibility_{current_language()}.html")


@bp.get("/healthz")
def health():
    """For load balancers and monitoring: 200 when the database answers, else 503."""
    try:
        db.session.execute(db.text("SELECT 1"))
    except SQLAlchemyError:
        current_app.logger.warning("Health check: the database does not answer", exc_info=True)
        return {"status": "unavailable"}, 503
    return {"status": "ok"}
