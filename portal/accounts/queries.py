from __future__ import annotations

import sqlalchemy as sa

from portal.campuses.models import Campus
from portal.extensions import db
from portal.forms import options


def campus_choices(*, include_none: str | None = None):
    campuses = db.session.scalars(sa.select(Campus).where(Campus.active).order_by(Campus.name_nb)).all()
    pairs = [(c.id, c.name) for c in campuses]
    if include_none is not None:
        pairs.insert(0, (0, include_none))
    return options(pairs)
