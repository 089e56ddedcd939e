"""Follow-up measures set up together with a committee's decision (DESIGN.md §3.3: "decisions
get follow-up measures"). The decision's page (portal.committee.views.items) shows these forms
next to its own; portal.committee.follow_ups records the decision and creates the measures in
one transaction with portal.measures.service.measure_create, whose SMART rules apply.
"""

from __future__ import annotations

from flask_babel import gettext as _

from portal.forms import options
from portal.measures.forms import FollowUpForm
from portal.referrals.queries import active_units, unit_by_id

# How many follow-up measures the decision's form offers at once.
MAX_FOLLOW_UPS = 5


def follow_up_count(value) -> int:
    """The number of follow-up forms asked for, kept between 1 and MAX_FOLLOW_UPS."""
    try:
        count = int(str(value or "1")[:3])
    except ValueError:
        count = 1
    return max(1, min(count, MAX_FOLLOW_UPS))


def follow_up_forms(count: int, formdata=None) -> list[FollowUpForm]:
    """`count` forms, prefixed follow_up_1-, follow_up_2-, …; from the request unless formdata
    is given (None reads the request, as Flask-WTF does)."""
    units = active_units()
    choices = options([(0, _("No unit: a role or person below"))] + [(u.id, u.name) for u in units])
    forms = []
    for number in range(1, count + 1):
        kwargs = {"prefix": f"follow_up_{number}"}
        if formdata is not None:
            kwargs["formdata"] = formdata
        form = FollowUpForm(**kwargs)
        form.responsible_unit.choices = choices
        if form.responsible_unit.data is None:
            form.responsible_unit.data = 0
        forms.append(form)
    return forms


def follow_up_values(form: FollowUpForm) -> dict:
    """The keyword arguments of measure_create for one filled-in form."""
    return {
        "title": form.title.data,
        "purpose": form.purpose.data,
        "criterion": form.criterion.data,
        "responsible_unit": unit_by_id(form.responsible_unit.data),
        "responsible_text": form.responsible_text.data,
        "due_on": form.due_on.data,
    }
