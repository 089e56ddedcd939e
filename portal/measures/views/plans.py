"""Action plans: the list of plans one may read, a plan with filters, its DOCX and PDF."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date, format_time
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.audit.service import audit_record
from portal.authz import ensure
from portal.errors import refused
from portal.extensions import db
from portal.forms import clean_line, options
from portal.i18n import current_language, local_year, today_in_oslo
from portal.measures import bp
from portal.measures.agenda import plan_report_place
from portal.measures.exports import plan_docx, plan_pdf
from portal.measures.forms import AgendaForm
from portal.measures.loaders import placeable_plan_or_404, readable_plan_or_404
from portal.measures.models import MeasureStatus, Scope
from portal.measures.permissions import can_manage_plan, can_place_plan, can_read_plan, has_plans
from portal.measures.plans import ActionPlan
from portal.measures.queries import (
    all_campuses,
    all_committees,
    led_campuses,
    managed_committees,
    meeting_by_id,
    plan_counts,
    plan_measures,
    plan_years,
    responsible_options,
    upcoming_meetings,
)
from portal.measures.service import MeasureError
from portal.measures.texts import STATUS_LABELS


@bp.before_request
@login_required
def _signed_in_only():
    pass


@bp.get("/")
def index():
    ensure(has_plans(current_user))
    year, today = local_year(), today_in_oslo()
    committees = [c for c in all_committees() if can_read_plan_of(Scope.COMMITTEE, c)]
    campuses = [c for c in all_campuses() if can_read_plan_of(Scope.CAMPUS, c)]
    mine = {c.id for c in led_campuses(current_user)}
    return render_template(
        "measures/index.html",
        year=year,
        committees=committees,
        campuses=sorted(campuses, key=lambda c: (c.id not in mine, c.name_nb)),
        committee_counts=plan_counts(
            scope=Scope.COMMITTEE, owner_ids=[c.id for c in committees], year=year, today=today
        ),
        campus_counts=plan_counts(
            scope=Scope.CAMPUS, owner_ids=[c.id for c in campuses], year=year, today=today
        ),
    )


def can_read_plan_of(scope: Scope, owner) -> bool:
    return can_read_plan(current_user, scope, owner.id)


def _filters() -> dict:
    status = request.args.get("status", "")
    return {
        "status": status if status in {s.value for s in MeasureStatus} else "",
        "responsible": clean_line(request.args.get("responsible", ""))[:220],
        "overdue": request.args.get("overdue") == "1",
    }


def _agenda_form(action_plan: ActionPlan) -> AgendaForm | None:
    """The form that puts the plan's status report on a meeting, for those who may."""
    if not can_place_plan(current_user, action_plan.scope, action_plan.owner_id):
        return None
    return _build_agenda_form(action_plan)


def _build_agenda_form(action_plan: ActionPlan, formdata=None) -> AgendaForm:
    committees = (
        [action_plan.owner] if action_plan.scope == Scope.COMMITTEE else managed_committees(current_user)
    )
    meetings = upcoming_meetings([c.id for c in committees])
    form = AgendaForm(formdata=formdata)
    several = len(committees) > 1
    form.meeting.choices = options(
        (m.id, (f"{m.committee.name}: " if several else "") + meeting_label(m)) for m in meetings
    )
    return form


def meeting_label(meeting) -> str:
    return _(
        "%(date)s at %(time)s – %(place)s",
        date=format_date(meeting.starts_at, "medium"),
        time=format_time(meeting.starts_at, "short"),
        place=meeting.place,
    )


@bp.get("/<scope>/<code>/<int:year>/")
def plan(scope: str, code: str, year: int):
    return _render_plan(readable_plan_or_404(scope, code, year))


def _render_plan(action_plan: ActionPlan, agenda_form: AgendaForm | None = None, status: int = 200):
    year = action_plan.year
    filters = _filters()
    measures = plan_measures(
        scope=action_plan.scope,
        owner_id=action_plan.owner_id,
        year=year,
        status=filters["status"] or None,
        responsible=filters["responsible"] or None,
        overdue=filters["overdue"],
    )
    return render_template(
        "measures/plan.html",
        plan=action_plan,
        measures=measures,
        filters=filters,
        filtered=any(filters.values()),
        statuses=[(s.value, STATUS_LABELS[s]) for s in MeasureStatus],
        responsibles=responsible_options(scope=action_plan.scope, owner_id=action_plan.owner_id, year=year),
        years=plan_years(scope=action_plan.scope, owner_id=action_plan.owner_id, this_year=local_year()),
        today=today_in_oslo(),
        owner=can_manage_plan(current_user, action_plan.scope, action_plan.owner_id),
        agenda_form=agenda_form or _agenda_form(action_plan),
    ), status


@bp.post("/<scope>/<code>/<int:year>/agenda")
def to_agenda(scope: str, code: str, year: int):
    """The plan's status report on a meeting's agenda as an information item, in one step."""
    action_plan = placeable_plan_or_404(scope, code, year)
    form = _build_agenda_form(action_plan, formdata=request.form)
    if not form.validate():
        return _render_plan(action_plan, form, 400)
    try:
        item = plan_report_place(
            plan=action_plan, meeting=meeting_by_id(form.meeting.data), actor=current_user
        )
    except MeasureError as error:
        status = refused(error, form)
        return _render_plan(placeable_plan_or_404(scope, code, year), form, status)
    db.session.commit()
    flash(
        _(
            "The status report is on the agenda of the meeting on %(date)s as case %(number)s.",
            date=format_date(item.meeting.starts_at, "long"),
            number=item.case_number,
        ),
        "success",
    )
    return redirect(url_for("committee.item_page", code=item.meeting.committee.code, item_id=item.id))


@bp.get("/<scope>/<code>/")
def current_plan(scope: str, code: str):
    action_plan = readable_plan_or_404(scope, code, local_year())
    return redirect(
        url_for("measures.plan", scope=action_plan.scope, code=action_plan.code, year=action_plan.year)
    )


@bp.get("/<scope>/<code>/<int:year>/plan.<fmt>")
def export(scope: str, code: str, year: int, fmt: str):
    action_plan = readable_plan_or_404(scope, code, year)
    if fmt not in ("docx", "pdf"):
        abort(404)
    language = current_language()
    measures = plan_measures(scope=action_plan.scope, owner_id=action_plan.owner_id, year=year)
    audit_record(
        actor=current_user,
        action="action-plan.export",
        target_type=action_plan.scope,
        target_id=action_plan.owner_id,
        after={"year": year, "format": fmt, "language": language},
    )
    content = (
        plan_docx(action_plan, measures, language)
        if fmt == "docx"
        else plan_pdf(action_plan, measures, language)
    )
    db.session.commit()
    mimetype = (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        if fmt == "docx"
        else "application/pdf"
    )
    name = action_plan.file_name(language, fmt)
    return Response(
        content,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
    )
