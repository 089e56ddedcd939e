"""Consultation (høring): the secretary sends an item to chosen campus councils with a
deadline; a leader of a council that was asked writes its statement in the portal."""

from __future__ import annotations

from datetime import datetime, time

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.committee import bp
from portal.committee.consultations import consultation_send, statement_give
from portal.committee.errors import CommitteeError
from portal.committee.forms import ConsultationForm, StatementForm
from portal.committee.loaders import consultable_item_or_404, managed_item_or_404
from portal.committee.queries import active_campus_list, campuses_by_id, consultation_for, consultations_of
from portal.committee.views.items import render_item
from portal.db import utcnow
from portal.errors import refused
from portal.extensions import db
from portal.i18n import OSLO


def end_of_day(day) -> datetime:
    """A deadline given as a day lasts until 23:59 Norwegian time that day."""
    return datetime.combine(day, time(23, 59), tzinfo=OSLO)


@bp.post("/<code>/items/<int:item_id>/consultation")
def consultation(code: str, item_id: int):
    item = managed_item_or_404(code, item_id)
    form = ConsultationForm()
    if not form.validate():
        return render_item(item, consultation_form=form, status=400)
    campuses = campuses_by_id(form.campuses.data or [])
    if len(campuses) != len(form.campuses.data or []):
        form.campuses.errors.append(_("Some of the chosen campuses do not exist. Reload the page."))
        return render_item(item, consultation_form=form, status=400)
    try:
        made = consultation_send(
            item=item, campuses=campuses, deadline=end_of_day(form.deadline.data), actor=current_user
        )
    except CommitteeError as error:
        status = refused(error, form)
        return render_item(managed_item_or_404(code, item_id), consultation_form=form, status=status)
    db.session.commit()
    flash(
        _(
            "The item has been sent for consultation to %(campuses)s.",
            campuses=", ".join(c.campus.name for c in made),
        ),
        "success",
    )
    return redirect(
        url_for(
            "committee.item_page", code=item.meeting.committee.code, item_id=item.id, _anchor="consultation"
        )
    )


def _render_statement(item, forms: dict | None = None, status: int = 200):
    led = [c for c in active_campus_list() if c.id in current_user.led_campus_ids]
    consultations = {c.campus_id: c for c in consultations_of(item)}
    rows = []
    for campus in led:
        consulted = consultations.get(campus.id)
        form = (forms or {}).get(campus.id)
        if consulted is not None and form is None:
            form = StatementForm(
                campus=str(campus.id), version=consulted.version, statement=consulted.statement
            )
        rows.append((campus, consulted, form))
    return (
        render_template(
            "committee/statement.html",
            committee=item.meeting.committee,
            item=item,
            meeting=item.meeting,
            rows=rows,
            now=utcnow(),
        ),
        status,
    )


@bp.route("/<code>/items/<int:item_id>/statement", methods=["GET", "POST"])
def statement(code: str, item_id: int):
    item = consultable_item_or_404(code, item_id)
    if request.method == "GET":
        return _render_statement(item)
    form = StatementForm()
    campus_id = (
        int(form.campus.data) if (form.campus.data or "").isdigit() and len(form.campus.data) < 10 else 0
    )
    forms = {campus_id: form}
    if not form.validate_on_submit():
        return _render_statement(item, forms, 400)
    try:
        statement_give(
            consultation=consultation_for(item, campus_id),
            actor=current_user,
            statement=form.statement.data,
            expected_version=form.expected_version,
        )
    except CommitteeError as error:
        status = refused(error, form)
        return _render_statement(consultable_item_or_404(code, item_id), forms, status)
    db.session.commit()
    flash(_("The campus council's statement is saved. The committee sees it with the item."), "success")
    return redirect(url_for("committee.statement", code=item.meeting.committee.code, item_id=item.id))
