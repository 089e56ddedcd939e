"""Loaders a route cannot forget: load by the URL's keys and check access in one call.

Unknown plans and measures answer 404; another owner's answer 403, by URL or by POST.
"""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from portal.authz import ensure
from portal.measures.models import Measure, Scope
from portal.measures.permissions import can_manage, can_manage_plan, can_place_plan, can_read, can_read_plan
from portal.measures.plans import ActionPlan
from portal.measures.queries import FIRST_YEAR, LAST_YEAR, measure_or_404, owner_by_code


def _plan(scope: str, code: str, year: int) -> ActionPlan:
    if scope not in set(Scope) or not FIRST_YEAR <= year <= LAST_YEAR:
        abort(404)
    owner = owner_by_code(scope, code)
    if owner is None:
        abort(404)
    return ActionPlan(scope=Scope(scope), owner=owner, year=year)


def readable_plan_or_404(scope: str, code: str, year: int) -> ActionPlan:
    plan = _plan(scope, code, year)
    ensure(can_read_plan(current_user, plan.scope, plan.owner_id))
    return plan


def managed_plan_or_404(scope: str, code: str, year: int) -> ActionPlan:
    """A plan the signed-in person owns: their campus's (leader) or their committee's (secretary)."""
    plan = _plan(scope, code, year)
    ensure(can_manage_plan(current_user, plan.scope, plan.owner_id))
    return plan


def readable_measure_or_404(measure_id: int) -> Measure:
    measure = measure_or_404(measure_id)
    ensure(can_read(current_user, measure))
    return measure


def managed_measure_or_404(measure_id: int) -> Measure:
    measure = measure_or_404(measure_id)
    ensure(can_manage(current_user, measure))
    return measure


def placeable_plan_or_404(scope: str, code: str, year: int) -> ActionPlan:
    """A plan whose status report the signed-in person may put on a committee's agenda."""
    plan = _plan(scope, code, year)
    ensure(can_place_plan(current_user, plan.scope, plan.owner_id))
    return plan
