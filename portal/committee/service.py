from __future__ import annotations

import sqlalchemy as sa

from portal.campuses.service import OrganisationError, save_audited
from portal.committee.models import Committee
from portal.extensions import db

COMMITTEE_FIELDS = ("code", "name_nb", "name_nn", "name_en", "active")


def committee_save(*, committee: Committee | None, values: dict, actor) -> Committee:
    committee = committee or Committee()
    values = {**values, "code": values["code"].strip().upper()}
    clash = db.session.scalar(
        sa.select(Committee).where(Committee.code == values["code"], Committee.id != committee.id)
    )
    if clash is not None:
        raise OrganisationError("code-taken")
    save_audited(thing=committee, fields=COMMITTEE_FIELDS, values=values, actor=actor, kind="committee")
    return committee
