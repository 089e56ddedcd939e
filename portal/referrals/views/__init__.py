"""Referral pages by audience: leaders and secretaries refer and withdraw, the unit answers
through its link, administrators keep the list of units."""

from portal.referrals.views import admin, leaders, unit  # noqa: F401 - register the routes
