"""Action plans: the list of plans one may read, a plan with filters, its DOCX and PDF."""

from __future__ import annotations

from flask import Response, abort, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from portal.audit.service import audit_record
from portal.authz import ensure
from portal.extensions import db
from portal.forms import clean_line
from portal.i18n import current_language, local_year, today_in_oslo
from portal.measures import bp
from portal.measures.exports import plan_docx, plan_pdf
from portal.measures.loaders import readable_plan_or_404
from portal.measures.models import MeasureStatus, Scope
from portal.measures.permissions import can_manage_plan, can_read_plan, has_plans
from portal.measures.queries import (
    all_campuses,
    all_committees,
    led_campuses,
    plan_counts,
    plan_measures,
    plan_years,
    responsible_options,
)
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


@bp.get("/<scope>/<code>/<int:year>/")
def plan(scope: str, code: str, year: int):
    action_plan = readable_plan_or_404(scope, code, year)
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
    )


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
