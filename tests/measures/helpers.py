"""Helpers for measure tests."""

from __future__ import annotations

from datetime import timedelta

from portal.extensions import db
from portal.i18n import today_in_oslo
from portal.measures.service import measure_create


def make_measure(org, *, actor=None, campus=None, committee=None, commit=True, days=30, **values):
    """A measure in TRD's plan (or `committee`'s) with every SMART field filled in."""
    if campus is None and committee is None:
        campus = org.trd
    if actor is None:
        actor = org.leader(campus) if campus is not None else org.secretary()
    fields = {
        "title": "Flere stikkontakter på lesesalen",
        "purpose": "Studentene må kunne lade PC-en hele dagen.",
        "criterion": "Én stikkontakt per plass før eksamensperioden.",
        "responsible_text": "Driftsleder, Realfagbygget",
        "due_on": today_in_oslo() + timedelta(days=days),
        **values,
    }
    measure = measure_create(actor=actor, campus=campus, committee=committee, **fields)
    if commit:
        db.session.commit()
    return measure
