"""Demo agenda (DESIGN.md §7): the committee's next meeting, planned, with the standing items.

The demo issues (some escalated) come from portal.issues.demo; the secretary makes
agenda items of them in the demo.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from portal.committee.service import meeting_create
from portal.db import utcnow
from portal.i18n import OSLO


def seed_agenda(*, users, campuses, committee) -> None:
    day = (utcnow().astimezone(OSLO) + timedelta(days=14)).date()
    meeting_create(
        committee=committee,
        starts_at=datetime.combine(day, time(14, 0), tzinfo=OSLO),
        place="Møterom 301, Realfagbygget, Trondheim",
        actor=users["secretary@demo.test"],
    )
