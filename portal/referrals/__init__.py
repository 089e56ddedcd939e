"""Referral to the line (DESIGN.md §3.2): an issue goes to the unit that must act (estates, IT,
the student welfare organisation), which answers through a signed link without an account.

Three blueprints by audience: `referrals` for campus leaders and secretaries (refer, withdraw),
`public_referrals` for the unit's answer page (no account: the signed link is the key), and
`referral_units` for administrators, who keep the list of responsible units.
"""

from flask import Blueprint

bp = Blueprint("referrals", __name__, url_prefix="/referrals", template_folder="templates")
public_bp = Blueprint("public_referrals", __name__, url_prefix="/referrals", template_folder="templates")
admin_bp = Blueprint("referral_units", __name__, url_prefix="/admin/units", template_folder="templates")

from portal.referrals import templating, views  # noqa: E402, F401 - routes, template helpers
